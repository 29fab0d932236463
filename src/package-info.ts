/** Where the installed package lives (for its docs pages) and its version. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's folder and manifest, found upward from this module (in src/, dist/src/ or dist/chunks/). */
function findPackage(): { root: string; manifest: { name?: string; version: string } } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'migration-lint') return { root: dir, manifest };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('migration-lint: cannot find its own package.json');
    dir = parent;
  }
}

const found = findPackage();
export const PACKAGE_ROOT = found.root;
export const VERSION = found.manifest.version;

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
