/**
 * Remembers what walking a folder found — its `.sql` files, the folders listed, the config
 * candidates seen — so that linting the same folder again stats each folder instead of listing
 * it. A folder's modification time changes whenever an entry is added, removed or renamed in
 * it, so a walk is reused only while every folder it listed has the time it had. Folders
 * changed within two seconds of the walk are never trusted (file systems with coarse times
 * could hide a second change in the same tick); such a walk is simply done again.
 */
import { statSync } from 'node:fs';
import { CacheFiles } from './cache-folder.js';

/** Bumped whenever what is stored changes shape or meaning. */
const FORMAT = 2;
/** How long a folder must have been left alone before its listing is trusted. */
const SETTLE_MS = 2000;

export interface FolderWalk {
  /** Absolute paths of the `.sql` files found. */
  files: string[];
  /** Every folder listed (absolute), the walked folder first. */
  folders: string[];
  /** Config candidates seen: [folder, entry name]. */
  candidates: [string, string][];
  /** `*.sql` entries not read, and why: [path, reason]. */
  skipped: [string, string][];
}

interface Stored {
  format: number;
  takenAt: number;
  walk: FolderWalk;
  mtimes: number[];
}

export class FolderWalkCache {
  private readonly files: CacheFiles;

  constructor(folder?: string) {
    this.files = new CacheFiles(folder, 'walk-');
  }

  /** The last walk of `root`, if no folder it listed has changed since. */
  lookup(root: string): FolderWalk | undefined {
    let stored: Stored;
    try {
      stored = JSON.parse(this.files.read(root) ?? 'null') as Stored;
    } catch {
      return undefined;
    }
    if (stored?.format !== FORMAT || stored.walk.folders[0] !== root || stored.walk.folders.length !== stored.mtimes.length) return undefined;
    for (let i = 0; i < stored.walk.folders.length; i++) {
      const mtime = mtimeOf(stored.walk.folders[i]!);
      if (mtime === undefined || mtime !== stored.mtimes[i] || mtime > stored.takenAt - SETTLE_MS) return undefined;
    }
    return stored.walk;
  }

  /** Keeps a walk, with the times of its folders as they were when it started. */
  store(root: string, walk: FolderWalk, takenAt: number, mtimes: number[]): void {
    if (walk.folders[0] !== root) return;
    this.files.write(root, JSON.stringify({ format: FORMAT, takenAt, walk, mtimes } satisfies Stored));
  }
}

export function mtimeOf(folder: string): number | undefined {
  try {
    return statSync(folder).mtimeMs;
  } catch {
    return undefined;
  }
}
