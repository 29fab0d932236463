/**
 * Remembers the schema state a migration set's history builds, so that linting the newest file
 * of a long history (the pre-commit case) does not parse every earlier file again. A checkpoint
 * is reused while its files keep their names, sizes and modification times and the settings
 * that shape replay are the same; it lives in the OS temp folder, never in the user's tree.
 */
import { statSync } from 'node:fs';
import { SchemaState, type SchemaSnapshot } from '../analysis/schema-state.js';
import { TransactionTracker } from '../analysis/transactions.js';
import { relativeToFolder, type FileStat } from '../migrations/migration-set.js';
import { CacheFiles } from '../cache/cache-folder.js';

export interface FileStamp {
  file: string;
  size: number;
  mtimeMs: number;
}

interface Checkpoint {
  settings: string;
  /** The set folder it is about: a cache file name shared by two folders is then only a miss. */
  root: string;
  /** Each file's stamp, its path relative to `root` (the entry is read on every run: kept short). */
  files: FileStamp[];
  schema: SchemaSnapshot;
  transactions: { nextId: number; current: number | null };
}

/** Bumped whenever the snapshot's shape or meaning changes, so older checkpoints are not reused (7: DEFAULT partitions, ATTACH PARTITION). */
export const REPLAY_CACHE_FORMAT = 7;

/** Sets with fewer history files than this are replayed every time: cheaper than the cache. */
const MIN_FILES = 25;

export class ReplayCache {
  /** The last checkpoint of each set, kept in memory too for long-running processes (the LSP). */
  private readonly memory = new Map<string, Checkpoint>();

  private readonly files: CacheFiles;

  /** @param folder where checkpoints are kept; the user's own folder in the OS temp folder when absent. */
  constructor(folder?: string) {
    this.files = new CacheFiles(folder, '');
  }

  /**
   * The longest cached prefix of `files` and the state after it. `known` holds stats already
   * taken while reading the set folder, so files are not stat'ed twice.
   */
  restore(
    root: string,
    settings: string,
    files: string[],
    known?: ReadonlyMap<string, FileStat>,
  ): { replayed: number; schema: SchemaState; transactions: TransactionTracker } | undefined {
    if (files.length < MIN_FILES) return undefined;
    let checkpoint = this.memory.get(root);
    if (!checkpoint) {
      const text = this.files.read(root);
      try {
        if (text !== undefined) checkpoint = JSON.parse(text) as Checkpoint;
      } catch {
        return undefined;
      }
      if (checkpoint) this.memory.set(root, checkpoint);
    }
    if (!checkpoint) return undefined;
    if (checkpoint.settings !== settings || checkpoint.root !== root || checkpoint.files.length > files.length) return undefined;
    for (let i = 0; i < checkpoint.files.length; i++) {
      const stamp = stampOf(files[i]!, known);
      const cached = checkpoint.files[i]!;
      if (!stamp || relativeToFolder(root, stamp.file) !== cached.file || stamp.size !== cached.size || stamp.mtimeMs !== cached.mtimeMs) return undefined;
    }
    try {
      return {
        replayed: checkpoint.files.length,
        schema: SchemaState.fromJSON(checkpoint.schema),
        transactions: TransactionTracker.fromJSON(checkpoint.transactions),
      };
    } catch {
      return undefined; // a checkpoint of the wrong shape is replayed again, never trusted
    }
  }

  save(root: string, settings: string, files: string[], schema: SchemaState, transactions: TransactionTracker, known?: ReadonlyMap<string, FileStat>): void {
    if (files.length < MIN_FILES) return;
    const stamps = files.map((file) => stampOf(file, known));
    if (stamps.some((s) => !s)) return;
    const relativeStamps = (stamps as FileStamp[]).map((stamp) => ({ ...stamp, file: relativeToFolder(root, stamp.file) }));
    const checkpoint: Checkpoint = { settings, root, files: relativeStamps, schema: schema.toJSON(), transactions: transactions.toJSON() };
    this.memory.set(root, checkpoint);
    if (this.files.usable) this.files.write(root, JSON.stringify(checkpoint));
  }
}

/** A file's size and modification time (from `known` when the caller already stat'ed it). */
export function stampOf(file: string, known?: ReadonlyMap<string, FileStat>): FileStamp | undefined {
  const seen = known?.get(file);
  if (seen) return { file, size: seen.size, mtimeMs: seen.mtimeMs };
  try {
    const info = statSync(file);
    return { file, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

