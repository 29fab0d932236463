/**
 * The database state after a set's history, kept between runs: PGlite's data directory as a
 * gzipped tar (dumpDataDir), one file per set folder, used only when its key — the text of every
 * history file, the setup file, the runner, the extensions, migration-lint's and PGlite's
 * versions — is the same. Verifying one new migration on a long history then costs one restore
 * instead of replaying hundreds of files. The folder is the one the lint caches use.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheFileName, usableCacheFolder } from '../cache/cache-folder.js';

export class HistoryCache {
  private readonly directory: string | undefined;

  constructor(folder: string | undefined, private readonly key: string) {
    this.directory = usableCacheFolder(folder);
  }

  read(setFolder: string): Blob | undefined {
    if (!this.directory) return undefined;
    try {
      const stored = readFileSync(this.fileFor(setFolder));
      const newline = stored.indexOf(10);
      if (newline < 0 || stored.subarray(0, newline).toString('utf8') !== this.key) return undefined;
      return new Blob([stored.subarray(newline + 1)]);
    } catch {
      return undefined;
    }
  }

  write(setFolder: string, dump: Blob): Promise<void> {
    const directory = this.directory;
    if (!directory) return Promise.resolve();
    return dump.arrayBuffer().then((data) => {
      try {
        mkdirSync(directory, { recursive: true });
        const target = this.fileFor(setFolder);
        const temporary = `${target}.${process.pid}.tmp`;
        writeFileSync(temporary, Buffer.concat([Buffer.from(`${this.key}\n`), Buffer.from(data)]));
        renameSync(temporary, target);
      } catch {
        // A cache that cannot be written only costs time.
      }
    });
  }

  private fileFor(about: string): string {
    return path.join(this.directory!, `verify-${cacheFileName(about.startsWith('<') ? about : path.resolve(about))}.tar.gz`);
  }
}
