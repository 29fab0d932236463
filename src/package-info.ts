/** Where the installed package lives (for its docs pages) and its version. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'migration-lint') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('migration-lint: cannot find its own package.json');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
export const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function ruleDocsPath(id: string): string {
  return path.join(PACKAGE_ROOT, 'docs', 'rules', `${id}.md`);
}

declare const __MIGRATION_LINT_BUILD__: string | undefined;

/**
 * A hash of the sources the running bundle was built from (scripts/bundle.mjs defines it), so
 * that cached results of another build are never reused. Undefined when running the sources
 * or tsc's output, which has no such identity: the result cache stays off there.
 */
export const BUILD_ID: string | undefined = typeof __MIGRATION_LINT_BUILD__ === 'string' ? __MIGRATION_LINT_BUILD__ : undefined;
