/**
 * A migration set: one folder of migrations that run in order. Rules that look across files
 * (numbering, journals) read it from here instead of touching the disk themselves.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface MigrationSet {
  /** Absolute folder path. */
  directory: string;
  /** Names of the `.sql` files directly in the folder, sorted by code unit. */
  files: string[];
}

/** Reads a folder's `.sql` files; a folder that cannot be read gives an empty set. */
export function readMigrationSet(directory: string): MigrationSet {
  let files: string[] = [];
  try {
    files = readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    files = [];
  }
  return { directory: path.resolve(directory), files };
}
