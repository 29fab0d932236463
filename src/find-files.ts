/**
 * Finds the files to lint: paths as given, folders walked for `.sql` files, globs expanded.
 * The first step of a run; it knows nothing of migration sets or configs, except that it notes
 * which folders it listed so the config search need not list them again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ListedFolders } from './config/load.js';
import { UsageError } from './usage-error.js';

/** Expands paths, folders and globs into a sorted list of absolute `.sql` paths. */
export async function findFiles(patterns: string[], cwd: string, errorOnUnmatched = true, listed?: ListedFolders): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    const info = statSync(absolute, { throwIfNoEntry: false });
    let matches: string[];
    if (info?.isFile()) matches = [absolute];
    else if (info?.isDirectory()) matches = await sqlFilesBelow(absolute, listed);
    else matches = await globFiles(pattern.split(path.sep).join('/'), cwd);
    if (matches.length === 0 && errorOnUnmatched) {
      throw new UsageError(`No files matching the pattern "${pattern}" were found.`);
    }
    for (const match of matches) found.add(path.normalize(match));
  }
  return [...found].sort();
}

/**
 * Every `.sql` file below a folder (any case), node_modules skipped; a walk, no pattern matching.
 * The folders it lists, and the config candidates it sees, are noted in `listed`.
 */
async function sqlFilesBelow(directory: string, listed: ListedFolders | undefined): Promise<string[]> {
  // Loaded only when a folder needs expanding (pre-commit passes plain file paths). A CommonJS
  // package: its exports are the default export, in Node and in the bundle alike.
  const walk = ((await import('@nodelib/fs.walk')) as unknown as { default: typeof import('@nodelib/fs.walk') }).default;
  listed?.noteListed(directory);
  const settings = new walk.Settings({
    followSymbolicLinks: true,
    throwErrorOnBrokenSymbolicLink: false,
    deepFilter: (entry) => {
      if (entry.name === 'node_modules') return false;
      listed?.noteListed(entry.path);
      return true;
    },
    entryFilter: (entry) => {
      // The entry's folder without path.dirname's parsing: its path is the folder, a separator and the name.
      listed?.noteEntry(entry.path.slice(0, entry.path.length - entry.name.length - 1), entry.name);
      return !entry.dirent.isDirectory() && /\.sql$/i.test(entry.name);
    },
  });
  return walk.walkSync(directory, settings).map((entry) => entry.path);
}

/** Files matching a glob, relative to `cwd`. Synchronous: several times faster than fast-glob's async walk. */
async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const { default: glob } = await import('fast-glob');
  return glob.sync(pattern, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules'] });
}

