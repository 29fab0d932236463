/**
 * Reading config files, for cosmiconfig: loaders that accept a byte order mark and load
 * JavaScript configs with import() (cosmiconfig's require() first turns a syntax error into a
 * confusing message about a require() race), error messages that keep the reason and position,
 * and the check that a config file cosmiconfig passed over as empty or absent is not one the user
 * meant to be used: an empty file, `null`, a folder, an unreadable file.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Loader, Loaders } from 'cosmiconfig';
import { withoutBom } from '../source/bom.js';
import { fsReason } from '../fs-error.js';
import { whileWaitingFor } from '../pending-work.js';

/** Imports a JavaScript config, noting it as unfinished until it has loaded. */
async function importConfig(file: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await whileWaitingFor(`the config ${file}`, () => import(pathToFileURL(file).href))) as { default?: unknown };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SyntaxError(`${error.message}${await syntaxErrorPlace(file)}`, { cause: error });
  }
  return 'default' in module ? module.default : module;
}

/**
 * Where a syntax error is: Node's import() does not say, `node --check` does (only on this
 * error path, so the cost of a second process is paid only by a broken config).
 */
async function syntaxErrorPlace(file: string): Promise<string> {
  // Imported here: loading child_process costs every run ~15 ms, and only a broken config needs it.
  const { spawnSync } = await import('node:child_process');
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const line = new RegExp(`^${escapeRegExp(file)}:(\\d+)$`, 'm').exec(checked.stderr ?? '')?.[1];
  return line ? ` (line ${line})` : '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** cosmiconfig's own loaders, with the byte order mark dropped and JavaScript imported. */
export function configLoaders(defaults: Loaders): Loaders {
  const bomless = (loader: Loader): Loader => (file, content) => loader(file, withoutBom(content));
  return {
    '.json': bomless(defaults['.json']!),
    '.yaml': bomless(defaults['.yaml']!),
    '.yml': bomless(defaults['.yml']!),
    noExt: bomless(defaults.noExt!),
    '.js': importConfig,
    '.mjs': importConfig,
    '.cjs': importConfig,
  };
}

/**
 * One line for a load error: parse-json and yaml put the reason and position after a line
 * break, and Node puts the place of a syntax error in the stack; code frames are dropped.
 */
export function loadErrorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // parse-json colours its code frame when it thinks a terminal is watching (CI=true is enough).
  const lines = stripVTControlCharacters(error.message).split('\n').map((line) => line.trim());
  const kept = lines.filter((line) => line !== '' && !/^(>?\s*\d+\s*\||\|)/.test(line) && !/^-+\^$/.test(line));
  // parse-json says "while parsing '<the whole file>'": the position is enough.
  const reason = [...new Set(kept)].join(' ').replace(/ while parsing '.*$/, '').replace(/^(JSON|YAML) Error in .*?: ?/, '');
  return reason || error.name;
}

/**
 * Why a search place cosmiconfig found empty, or passed over, cannot be used; undefined when
 * it is no config at all (nothing there, or a package.json without a "migration-lint" key).
 */
export function unusableConfig(file: string): string | undefined {
  let isFolder: boolean;
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info) return undefined;
    isFolder = info.isDirectory();
  } catch (error) {
    return `cannot be read: ${fsReason(error)}`;
  }
  if (isFolder) return path.basename(file) === '.config' ? undefined : 'is a folder, not a config file';
  let text: string;
  try {
    text = withoutBom(readFileSync(file, 'utf8'));
  } catch (error) {
    return `cannot be read: ${fsReason(error)}`;
  }
  if (path.basename(file) === 'package.json') {
    try {
      const manifest = JSON.parse(text) as Record<string, unknown> | null;
      if (manifest && typeof manifest === 'object' && 'migration-lint' in manifest && (manifest['migration-lint'] === null || typeof manifest['migration-lint'] !== 'object')) {
        return '"migration-lint" must be an object, e.g. { "rules": { … } }';
      }
    } catch {
      // Not ours to judge: a package.json npm cannot read either.
    }
    return undefined;
  }
  if (text.trim() === '') return 'is empty; write {} for a config with no settings, or delete the file';
  if (/\.[cm]?js$/.test(file)) return 'exports no configuration; export an object, e.g. export default { rules: { … } }';
  return 'holds no configuration (null); it must be an object, e.g. { "rules": { … } }';
  return undefined;
}
