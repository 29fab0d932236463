/** Built-in reporters by name; anything else is loaded as a formatter module from a path. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Formatter } from './types.js';
import { whileWaitingFor } from '../pending-work.js';

const BUILTIN: Record<string, () => Promise<{ default: Formatter }>> = {
  text: () => import('./text.js'),
  stylish: () => import('./text.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  compact: () => import('./compact.js'),
};

export const BUILTIN_FORMATS = Object.keys(BUILTIN);

export class FormatterNotFoundError extends Error {
  override name = 'FormatterNotFoundError';
}

export async function loadFormatter(name: string, cwd: string): Promise<Formatter> {
  const builtin = BUILTIN[name];
  if (builtin) return (await builtin()).default;
  const file = path.resolve(cwd, name);
  try {
    const module = (await whileWaitingFor(`the formatter ${file}`, () => import(pathToFileURL(file).href))) as { default?: Formatter };
    if (typeof module.default === 'function') return module.default;
  } catch (error) {
    throw new FormatterNotFoundError(`cannot load formatter "${name}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  throw new FormatterNotFoundError(`formatter "${name}" does not default-export a function (results, context) => string`);
}
