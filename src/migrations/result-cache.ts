/**
 * Remembers the lint results of each migration set between runs, as ESLint's --cache does for
 * files, so that linting an unchanged folder again parses nothing. Results are per set because
 * a file's findings depend on every earlier file of its set (they build the schema state) and
 * on the set's listing (numbering, journal): the set's results are reused only when the
 * linter's build, the run's options, the listing and journal, each file's resolved config, and
 * the size and modification time of every file up to the last one linted are all the same.
 * Anything else lints the set again. The files live in the cache folder, never in the user's tree.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LintResult } from '../engine/types.js';
import { cacheFileName, type FileStamp } from './replay-cache.js';

/** Bumped whenever what is stored changes shape or meaning. */
export const RESULT_CACHE_FORMAT = 2;

/** A set's results, and the rules that ran with the options and highest severity they had. */
export interface SetResults {
  results: LintResult[];
  rulesInUse: [id: string, severity: 1 | 2, options: unknown[]][];
}

interface StoredSet extends SetResults {
  key: string;
  /** Size and mtime of each file, in the order the key's listing gives them: [size, mtime, size, mtime, …]. */
  stamps: number[];
}

export class ResultCache {
  /** Sets served from the cache and sets linted, in this process. */
  readonly counts = { hits: 0, misses: 0 };

  /**
   * @param buildId identifies the linter's code: results of another build are never reused.
   */
  constructor(
    private readonly buildId: string,
    private readonly directory: string = path.join(os.tmpdir(), 'migration-lint-cache'),
  ) {}

  /** The stored results of a set, if everything they depend on is unchanged. */
  lookup(root: string, key: string, stamps: FileStamp[]): SetResults | undefined {
    let stored: StoredSet | undefined;
    try {
      stored = JSON.parse(readFileSync(this.fileFor(root), 'utf8')) as StoredSet;
    } catch {
      stored = undefined;
    }
    const hit = stored !== undefined && stored.key === this.fullKey(key) && sameStamps(stored.stamps, flatten(stamps));
    if (!hit) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    return { results: stored!.results, rulesInUse: stored!.rulesInUse };
  }

  store(root: string, key: string, stamps: FileStamp[], { results, rulesInUse }: SetResults): void {
    // The source text is read again on a hit (only for files with findings); fixes are never cached.
    const stored: StoredSet = {
      key: this.fullKey(key),
      stamps: flatten(stamps),
      results: results.map(({ source: _source, output: _output, ...rest }) => rest),
      rulesInUse,
    };
    try {
      mkdirSync(this.directory, { recursive: true });
      const target = this.fileFor(root);
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(stored));
      renameSync(temporary, target);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }

  private fullKey(key: string): string {
    return JSON.stringify([RESULT_CACHE_FORMAT, this.buildId, key]);
  }

  private fileFor(root: string): string {
    return path.join(this.directory, `results-${cacheFileName(path.resolve(root))}.json`);
  }
}

/** The files themselves are named by the key (the set's listing and the requested files). */
function flatten(stamps: FileStamp[]): number[] {
  return stamps.flatMap((stamp) => [stamp.size, stamp.mtimeMs]);
}

function sameStamps(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
