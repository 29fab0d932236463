/**
 * Finds the built-in rules: every `rules/<id>.(ts|js)` file default-exports one rule whose id is
 * its file name. Nothing lists rules by hand, so adding a rule is adding its file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Rule } from './engine/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `rules/` sits beside `src/`, both in the sources and in `dist/`. */
export const RULES_DIR = path.resolve(here, '..', 'rules');

let cache: Promise<ReadonlyMap<string, Rule>> | undefined;

/** The rule files of a rules folder, sorted: `<id><ext>`, not `_*`, `index.*` or declarations. */
export function ruleFiles(directory: string, ext: string): string[] {
  return readdirSync(directory)
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts') && !f.startsWith('_') && !f.startsWith('index.'))
    .sort();
}

export function loadBuiltinRules(): Promise<ReadonlyMap<string, Rule>> {
  cache ??= (async () => {
    const ext = path.extname(fileURLToPath(import.meta.url));
    const files = ruleFiles(RULES_DIR, ext);
    const rules = new Map<string, Rule>();
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(RULES_DIR, file)).href)) as { default?: Rule };
      const rule = module.default;
      const id = path.basename(file, ext);
      if (!rule || rule.id !== id) throw new Error(`rules/${file} must default-export a rule whose id is "${id}"`);
      rules.set(id, rule);
    }
    return rules;
  })();
  return cache;
}
