/**
 * Finds the files to lint: paths as given, folders walked for `.sql` files, globs expanded.
 * The first step of a run; it knows nothing of migration sets or configs, except that it notes
 * which folders it listed, and the config candidates in them, so the config search need not
 * list them again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_CANDIDATES, type ListedFolders } from './config/load.js';
import { mtimeOf, type FolderWalk, type FolderWalkCache } from './folder-walk-cache.js';
import { UsageError } from './usage-error.js';

export interface FindOptions {
  /** Throw a UsageError when a pattern matches nothing (default true). */
  errorOnUnmatched?: boolean;
  /** Filled with the folders walked and the config candidates seen in them. */
  listedFolders?: ListedFolders;
  /** Reuse the last walk of a folder that has not changed since. */
  walkCache?: FolderWalkCache;
}

/** Expands paths, folders and globs into a sorted list of absolute `.sql` paths. */
export async function findFiles(patterns: string[], cwd: string, options: FindOptions = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    const info = statSync(absolute, { throwIfNoEntry: false });
    let matches: string[];
    // A walk builds its paths from the resolved folder: they are normal already.
    if (info?.isFile()) matches = [absolute];
    else if (info?.isDirectory()) matches = await sqlFilesBelow(absolute, options);
    else matches = (await globFiles(pattern.split(path.sep).join('/'), cwd)).map((match) => path.normalize(match));
    if (matches.length === 0 && (options.errorOnUnmatched ?? true)) {
      throw new UsageError(`No files matching the pattern "${pattern}" were found.`);
    }
    for (const match of matches) found.add(match);
  }
  return [...found].sort();
}

/** The `.sql` files below a folder, from the walk cache when the folder has not changed, else walked. */
async function sqlFilesBelow(directory: string, { listedFolders, walkCache }: FindOptions): Promise<string[]> {
  const walk = walkCache?.lookup(directory) ?? (await walkFolder(directory, walkCache));
  if (listedFolders) {
    for (const folder of walk.folders) listedFolders.noteListed(folder);
    for (const [folder, name] of walk.candidates) listedFolders.noteEntry(folder, name);
  }
  return walk.files;
}

/**
 * Every `.sql` file below a folder (any case), node_modules skipped; a walk, no pattern matching.
 * It also records the folders it lists and the config candidates it sees in them.
 */
async function walkFolder(directory: string, cache: FolderWalkCache | undefined): Promise<FolderWalk> {
  // Loaded only when a folder needs expanding (pre-commit passes plain file paths). A CommonJS
  // package: its exports are the default export, in Node and in the bundle alike.
  const fsWalk = ((await import('@nodelib/fs.walk')) as unknown as { default: typeof import('@nodelib/fs.walk') }).default;
  const startedAt = Date.now();
  const folders = [directory];
  const candidates: [string, string][] = [];
  const settings = new fsWalk.Settings({
    followSymbolicLinks: true,
    throwErrorOnBrokenSymbolicLink: false,
    deepFilter: (entry) => {
      if (entry.name === 'node_modules') return false;
      folders.push(entry.path);
      return true;
    },
    entryFilter: (entry) => {
      // The entry's folder without path.dirname's parsing: its path is the folder, a separator and the name.
      if (CONFIG_CANDIDATES.has(entry.name)) candidates.push([entry.path.slice(0, entry.path.length - entry.name.length - 1), entry.name]);
      return !entry.dirent.isDirectory() && /\.sql$/i.test(entry.name);
    },
  });
  const walk: FolderWalk = { files: fsWalk.walkSync(directory, settings).map((entry) => entry.path), folders, candidates };
  if (cache) {
    const mtimes = folders.map(mtimeOf);
    if (mtimes.every((m) => m !== undefined)) cache.store(directory, walk, startedAt, mtimes as number[]);
  }
  return walk;
}

/** Files matching a glob, relative to `cwd`. Synchronous: several times faster than fast-glob's async walk. */
async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const { default: glob } = await import('fast-glob');
  return glob.sync(pattern, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules'] });
}

