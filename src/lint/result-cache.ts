/**
 * Remembers the lint results of each migration set between runs, as ESLint's --cache does for
 * files, so that linting an unchanged folder again parses nothing. Results are per set because
 * a file's findings depend on every earlier file of its set (they build the schema state) and
 * on the set's listing (numbering, journal): the set's results are reused only when the
 * linter's build, the run's options, the listing and journal, each file's resolved config, and
 * the size and modification time of every file up to the last one linted are all the same.
 * Anything else lints the set again. The files live in the cache folder, never in the user's tree.
 */
import type { FileConfig } from '../config/load.js';
import type { LintResult } from '../engine/types.js';
import { relativeToFolder, type MigrationSet } from '../migrations/migration-set.js';
import { stampOf, type FileStamp } from './replay-cache.js';
import { CacheFiles } from '../cache/cache-folder.js';

/** Bumped whenever what is stored changes shape or meaning. */
export const RESULT_CACHE_FORMAT = 3;

/** A set's results, and the rules that ran with the options and highest severity they had. */
export interface SetResults {
  results: LintResult[];
  rulesInUse: [id: string, severity: 1 | 2, options: unknown[]][];
}


export class ResultCache {
  /** Sets served from the cache and sets linted, in this process. */
  readonly counts = { hits: 0, misses: 0 };

  private readonly files: CacheFiles;

  /**
   * @param buildId identifies the linter's code: results of another build are never reused.
   * @param folder where results are kept; the user's own folder in the OS temp folder when absent.
   */
  constructor(
    private readonly buildId: string,
    folder?: string,
  ) {
    this.files = new CacheFiles(folder, 'results-');
  }

  /** The stored results of a set, if everything they depend on is unchanged. */
  lookup(root: string, key: string, stamps: FileStamp[]): SetResults | undefined {
    const body = this.validBody(this.files.read(root), key, stamps);
    if (body) this.counts.hits++;
    else this.counts.misses++;
    return body;
  }

  store(root: string, key: string, stamps: FileStamp[], { results, rulesInUse }: SetResults): void {
    if (!this.files.usable) return;
    // The source text is read again on a hit (only for files with findings); fixes are never cached.
    const header = { key: this.fullKey(key), stamps: flatten(stamps) };
    const body: SetResults = { results: results.map(({ source: _source, output: _output, ...rest }) => rest), rulesInUse };
    this.files.write(root, `${JSON.stringify(header)}\n${JSON.stringify(body)}`);
  }

  /** Line 1 says what the results depend on, line 2 holds them: a miss never parses the results. */
  private validBody(text: string | undefined, key: string, stamps: FileStamp[]): SetResults | undefined {
    if (text === undefined) return undefined;
    const newline = text.indexOf('\n');
    try {
      const header = JSON.parse(text.slice(0, newline)) as { key: string; stamps: number[] };
      if (header.key !== this.fullKey(key) || !sameStamps(header.stamps, flatten(stamps))) return undefined;
      return JSON.parse(text.slice(newline + 1)) as SetResults;
    } catch {
      return undefined; // a damaged file is a miss
    }
  }

  private fullKey(key: string): string {
    return JSON.stringify([RESULT_CACHE_FORMAT, this.buildId, key]);
  }
}

/** Size and mtime of each file, in the order the key's listing gives them: the key names the files. */
function flatten(stamps: FileStamp[]): number[] {
  return stamps.flatMap((stamp) => [stamp.size, stamp.mtimeMs]);
}

function sameStamps(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * What a set's cached results depend on besides the files themselves (their stamps); undefined
 * when they cannot be cached: a file that cannot be stat'ed, or plugin rules, whose code can
 * change without any of this changing.
 */
export function resultCacheInputs(
  set: MigrationSet,
  root: string,
  requested: string[],
  configs: ReadonlyMap<string, FileConfig>,
  files: string[],
  options: { quiet?: boolean; noInlineConfig?: boolean; reportUnusedDisableDirectives?: number; cacheStrategy?: string },
  /** What the deploy batches say about `files`: committing a file changes findings, not stamps. */
  batches = '',
): { key: string; stamps: FileStamp[] } | undefined {
  const stamps: FileStamp[] = [];
  for (const file of files) {
    const stamp = stampOf(file, set.stats);
    if (!stamp) return undefined;
    stamps.push(stamp);
  }
  const distinct = new Map<string, number>();
  const perFile: number[] = [];
  for (const file of requested) {
    const key = configKey(configs.get(file)!);
    if (key === undefined) return undefined;
    if (!distinct.has(key)) distinct.set(key, distinct.size);
    perFile.push(distinct.get(key)!);
  }
  const key = JSON.stringify({
    run: [options.quiet ?? false, options.noInlineConfig ?? false, options.reportUnusedDisableDirectives ?? null, options.cacheStrategy ?? 'metadata'],
    framework: set.framework,
    migrations: set.migrations.map((m) => [m.name, m.file ?? null]),
    journal: set.journal ?? null,
    requested: requested.map((file) => relativeToFolder(root, file)),
    configs: [...distinct.keys()],
    perFile,
    batches,
  });
  return { key, stamps };
}

const configKeys = new WeakMap<FileConfig, string | undefined>();

/** A file's resolved config as text, for cache keys; undefined with plugin rules. Memoised: most files share a config object. */
function configKey(config: FileConfig): string | undefined {
  if (configKeys.has(config)) return configKeys.get(config);
  let key: string | undefined;
  if (![...config.rules.keys(), ...config.downRules.keys()].some((id) => id.includes('/'))) {
    key = JSON.stringify([
      config.configFile ?? null,
      config.ignored,
      [...config.rules],
      [...config.downRules],
      config.postgresVersion,
      config.transaction ?? null,
      config.framework ?? null,
      config.baseline ?? null,
      config.templates,
      config.reportUnusedDisableDirectives,
      config.noInlineConfig,
      config.batches ?? null,
    ]);
  }
  configKeys.set(config, key);
  return key;
}
