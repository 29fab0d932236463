/**
 * Finds the files to lint: paths as given, folders walked for `.sql` files, globs expanded.
 * The first step of a run; it knows nothing of migration sets or configs, except that it notes
 * which folders it listed, and the config candidates in them, so the config search need not
 * list them again.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { CONFIG_CANDIDATES, type ListedFolders } from '../config/load.js';
import { mtimeOf, type FolderWalk, type FolderWalkCache } from '../cache/folder-walk-cache.js';
import { UsageError } from '../usage-error.js';
import { fsReason } from '../fs-error.js';

export interface FindOptions {
  /** Throw a UsageError when a pattern matches nothing (default true). */
  errorOnUnmatched?: boolean;
  /** Filled with the folders walked and the config candidates seen in them. */
  listedFolders?: ListedFolders;
  /** Reuse the last walk of a folder that has not changed since. */
  walkCache?: FolderWalkCache;
  /** Told of each `*.sql` entry of a walked folder that is not read (a FIFO, a device, a link loop). */
  onSkipped?: (file: string, reason: string) => void;
}

/** Expands paths, folders and globs into a sorted list of absolute `.sql` paths. */
export async function findFiles(patterns: string[], cwd: string, options: FindOptions = {}): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    let info: Stats | undefined;
    try {
      info = statSync(absolute, { throwIfNoEntry: false });
    } catch (error) {
      throw new UsageError(`cannot read ${absolute}: ${fsReason(error)}.`);
    }
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
async function sqlFilesBelow(directory: string, { listedFolders, walkCache, onSkipped }: FindOptions): Promise<string[]> {
  const walk = walkCache?.lookup(directory) ?? (await walkFolder(directory, walkCache));
  for (const [file, reason] of walk.skipped) onSkipped?.(file, reason);
  if (listedFolders) {
    for (const folder of walk.folders) listedFolders.noteListed(folder);
    for (const [folder, name] of walk.candidates) listedFolders.noteEntry(folder, name);
  }
  return walk.files;
}

/**
 * Every `.sql` file below a folder (any case), node_modules skipped; a walk, no pattern matching.
 * Symbolic links are followed, but each real folder and file is visited once, so a link loop
 * (`ln -s . again`) ends; breadth first, in name order, so the shortest path to a file is the
 * one reported. Only regular files are taken: a FIFO or device named `*.sql` would block the
 * run or never end, so it is skipped with a note. It also records the folders it lists and the
 * config candidates it sees in them.
 */
async function walkFolder(directory: string, cache: FolderWalkCache | undefined): Promise<FolderWalk> {
  const startedAt = Date.now();
  const folders: string[] = [];
  const candidates: [string, string][] = [];
  const files: string[] = [];
  const skipped: [string, string][] = [];
  const seen = new Set<string>();
  const queue: [string, string][] = [[directory, realpathSync(directory)]];
  seen.add(queue[0]![1]);
  for (let next = 0; next < queue.length; next++) {
    const [folder, realFolder] = queue[next]!;
    folders.push(folder);
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`cannot read the folder ${folder}: ${fsReason(error)}.`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Both folders are normal paths and a name holds no separator: joining needs no normalising.
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    const realPrefix = realFolder.endsWith(path.sep) ? realFolder : realFolder + path.sep;
    for (const entry of entries) {
      const { name } = entry;
      if (CONFIG_CANDIDATES.has(name)) candidates.push([folder, name]);
      const full = prefix + name;
      const isSql = /\.sql$/i.test(name);
      let kind: Dirent | Stats = entry;
      let real = realPrefix + name;
      if (entry.isSymbolicLink()) {
        try {
          kind = statSync(full);
          real = realpathSync(full);
        } catch (error) {
          // A broken link is no file to lint; a looping one named *.sql deserves a word.
          if ((error as NodeJS.ErrnoException).code === 'ELOOP' && isSql) skipped.push([full, fsReason(error)]);
          continue;
        }
      }
      if (kind.isDirectory()) {
        if (name === 'node_modules' || seen.has(real)) continue;
        seen.add(real);
        queue.push([full, real]);
      } else if (isSql) {
        if (!kind.isFile()) skipped.push([full, `not a regular file (${kindName(kind)})`]);
        else if (!seen.has(real)) {
          seen.add(real);
          files.push(full);
        }
      }
    }
  }
  const walk: FolderWalk = { files, folders, candidates, skipped };
  if (cache) {
    const mtimes = folders.map(mtimeOf);
    if (mtimes.every((m) => m !== undefined)) cache.store(directory, walk, startedAt, mtimes as number[]);
  }
  return walk;
}

function kindName(kind: Dirent | Stats): string {
  if (kind.isFIFO()) return 'a FIFO';
  if (kind.isCharacterDevice()) return 'a character device';
  if (kind.isBlockDevice()) return 'a block device';
  if (kind.isSocket()) return 'a socket';
  return 'not a file';
}

/** Files matching a glob, relative to `cwd`. Synchronous: several times faster than fast-glob's async walk. */
async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const { default: glob } = await import('fast-glob');
  return glob.sync(pattern, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules'] });
}

