/**
 * Where migration-lint keeps its caches when the user names no folder: a folder of its own per
 * user in the OS temp folder. On a shared machine anyone can create files in the temp folder, so
 * the default folder is used only if it belongs to this user and nobody else can write to it;
 * otherwise caching is off for the run (it only costs time). A folder the user names with
 * --cache-location is trusted as it is. Each cache keeps one file per folder it is about
 * (CacheFiles), written whole or not at all.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The checksum line's length: two 32-bit hashes in hex. */
const CHECKSUM_LENGTH = 16;

/**
 * One cache's files: one per folder it is about, named `<prefix><hash of the folder>.json`.
 * Each starts with a line holding a checksum of the rest; an entry that does not match it is a miss.
 */
export class CacheFiles {
  private readonly directory: string | undefined;

  /** @param folder the cache folder; the user's own folder in the OS temp folder when absent. */
  constructor(folder: string | undefined, private readonly prefix: string) {
    this.directory = usableCacheFolder(folder);
  }

  /** Whether there is a folder to keep files in (false when the default one cannot be trusted). */
  get usable(): boolean {
    return this.directory !== undefined;
  }

  /** The text last written about a folder; undefined when there is none or its checksum does not match. */
  read(about: string): string | undefined {
    if (!this.directory) return undefined;
    let stored: Buffer;
    try {
      stored = readFileSync(this.fileFor(about));
    } catch {
      return undefined;
    }
    // A damaged entry can still be valid JSON, with other numbers in it: trust only what the checksum vouches for.
    if (stored.length <= CHECKSUM_LENGTH || stored[CHECKSUM_LENGTH] !== 0x0a) return undefined;
    // A copy starts at offset 0, so the checksum can read it four bytes at a time.
    const body = Buffer.from(stored.subarray(CHECKSUM_LENGTH + 1));
    return stored.toString('latin1', 0, CHECKSUM_LENGTH) === checksumOf(body) ? body.toString('utf8') : undefined;
  }

  /** A temporary file renamed over the old one: readers never see half a file. */
  write(about: string, text: string): void {
    if (!this.directory) return;
    try {
      mkdirSync(this.directory, { recursive: true });
      const target = this.fileFor(about);
      const temporary = `${target}.${process.pid}.tmp`;
      const body = Buffer.from(text);
      writeFileSync(temporary, `${checksumOf(body)}\n${text}`);
      renameSync(temporary, target);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }

  private fileFor(about: string): string {
    return path.join(this.directory!, `${this.prefix}${cacheFileName(path.resolve(about))}.json`);
  }
}

/** The folder to use: the one given, or the default one if it can be trusted; undefined for none. */
export function usableCacheFolder(folder: string | undefined): string | undefined {
  if (folder !== undefined) return folder;
  const fallback = defaultCacheFolder();
  return ownedCacheFolder(fallback) ? fallback : undefined;
}

export function defaultCacheFolder(): string {
  const uid = process.getuid?.();
  return path.join(os.tmpdir(), uid === undefined ? 'migration-lint-cache' : `migration-lint-cache-${uid}`);
}

const checked = new Map<string, boolean>();

/** Creates the default folder if needed; false when it cannot be trusted or created. */
export function ownedCacheFolder(folder: string): boolean {
  let ok = checked.get(folder);
  if (ok === undefined) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const info = lstatSync(folder);
      const uid = process.getuid?.();
      // Group- or world-writable, a symlink, or someone else's: not ours to read from.
      ok = info.isDirectory() && (uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0));
    } catch {
      ok = false;
    }
    checked.set(folder, ok);
  }
  return ok;
}

/**
 * A short file name for a folder path: two 32-bit FNV-1a style hashes. Not node:crypto, whose
 * loading costs a pre-commit run more than the rest of the cache lookup; a file-name collision
 * only misses the cache, because each entry names the folder it is about.
 */
export function cacheFileName(text: string): string {
  return checksumOf(Buffer.from(text));
}

/**
 * The checksum of an entry's bytes: the same two hashes, over 32-bit words where the bytes are
 * aligned for it (four times fewer steps: entries are hundreds of kilobytes, read on every run).
 * A damaged entry matches its checksum by chance once in 2^64.
 */
export function checksumOf(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const wordCount = bytes.byteOffset % 4 === 0 ? bytes.length >> 2 : 0;
  if (wordCount > 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, wordCount);
    for (let i = 0; i < wordCount; i++) {
      const c = words[i]!;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  }
  for (let i = wordCount << 2; i < bytes.length; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
