/**
 * Orders a folder's migrations the way runners do: by version compared as numbers (`10` after
 * `9`, Flyway's `1.10` after `1.9`), never by string sort; unversioned files come last, by name.
 */
import { compareVersions, parseMigrationVersion } from './versions.js';

export function sortMigrationFiles(names: readonly string[]): string[] {
  const keyed = names.map((name) => ({ name, version: parseMigrationVersion(name) }));
  keyed.sort((a, b) => {
    if (a.version && b.version) {
      // An up file runs before its own down file only in the sense of sorting; keep pairs together.
      return compareVersions(a.version, b.version) || compareNames(a.name, b.name);
    }
    if (a.version) return -1;
    if (b.version) return 1;
    return compareNames(a.name, b.name);
  });
  return keyed.map((k) => k.name);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
