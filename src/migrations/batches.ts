/**
 * Deploy batches: migrations that reach a database together. A table created by a migration of
 * the same batch is empty wherever the batch is applied, so rules that ask "did this exist
 * before?" answer for the batch, not for the single file.
 *
 * In a git work tree, migrations first added by one commit of HEAD's first-parent history are one
 * batch (a merge or squash commit brings a whole pull request); uncommitted and untracked ones form
 * the pending batch, the newest. With `--since <ref>`, everything added or changed after the ref is
 * the pending batch. Without git, or in a shallow clone (history missing), only the linted file
 * counts as new: never everything, which would silence every rule that protects existing tables.
 *
 * git runs a fixed number of times per run (not per file or per set): one status, and one log
 * when the cache (per HEAD commit) does not hold the history; with an argument list, never
 * through a shell.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CacheFiles } from '../cache/cache-folder.js';
import { relativeToFolder, type MigrationBatches, type MigrationSet } from './migration-set.js';
import { findRepositoryRoot } from '../source/repository-root.js';

export type { MigrationBatches } from './migration-set.js';

/** The `batches` config key: find batches in git (default), or treat only the linted file as new. */
export type BatchMode = 'git' | 'file';

/** Bumped whenever what is cached changes shape or meaning. */
const BATCH_CACHE_FORMAT = 1;

interface RepositoryHistory {
  /** Absolute, real path of the work tree's top. */
  top: string;
  /** Batch ordinal of each file added on the first-parent history, by path relative to `top`. */
  added: Map<string, number>;
  /** Files neither committed nor deleted: untracked, or added to the index only. */
  pending: Set<string>;
  /** Ordinal of the pending batch. */
  pendingOrdinal: number;
}

type Found = { history: RepositoryHistory } | { reason: string };

export interface BatchFinderOptions {
  /** `--since`: absolute paths of files added or changed after the ref. */
  since?: ReadonlySet<string>;
  /** Keep the history part between runs in this cache folder (the replay cache's). */
  cacheFolder?: string | null;
  /** Told once per run why batches fell back to single files, and how to do better. */
  notice?: (text: string) => void;
}

/**
 * Finds the batches of every set of one run. `prepare` asks git once for all set folders;
 * `forSet` then answers without I/O.
 */
export class BatchFinder {
  private found = new Map<string, Found>();
  private noticed = false;
  private readonly cache: CacheFiles | undefined;

  constructor(private readonly options: BatchFinderOptions = {}) {
    this.cache = options.cacheFolder === null ? undefined : new CacheFiles(options.cacheFolder, 'batches-');
  }

  /** Reads the history of the repositories holding these set folders (absolute paths). */
  async prepare(roots: readonly string[]): Promise<void> {
    if (this.options.since) return;
    const missing = roots.filter((root) => !this.found.has(root));
    while (missing.length > 0) {
      const root = missing.shift()!;
      const found = await this.readRepository(root, [root, ...missing]);
      if ('reason' in found) {
        this.found.set(root, found);
        continue;
      }
      // Every other folder inside the same work tree was covered by the same git invocation.
      for (const other of [root, ...missing]) {
        if (isInside(found.history.top, realPath(other))) this.found.set(other, found);
      }
      for (let i = missing.length - 1; i >= 0; i--) if (this.found.has(missing[i]!)) missing.splice(i, 1);
    }
  }

  /** The batches of one set, for the given mode. */
  forSet(set: MigrationSet, mode: BatchMode): MigrationBatches & FileBatchesControl {
    if (mode === 'file') return fileBatches();
    const since = this.options.since;
    if (since) {
      const changed = (file: string): boolean => {
        const absolute = path.join(set.directory, file);
        return since.has(absolute) || since.has(realPath(absolute));
      };
      return withCurrent({ source: 'since', batchOf: (file) => (changed(file) ? 1 : undefined), isPending: changed });
    }
    const found = this.found.get(set.directory);
    if (!found || 'reason' in found) {
      return fileBatches(found?.reason ?? 'the folder was not looked up in git');
    }
    const { history } = found;
    const prefix = relativeToFolder(history.top, realPath(set.directory)).split(path.sep).join('/');
    const key = (file: string): string => (prefix ? `${prefix}/${file}` : file);
    return withCurrent({
      source: 'git',
      batchOf: (file) => {
        const name = key(file);
        return history.pending.has(name) ? history.pendingOrdinal : history.added.get(name);
      },
      isPending: (file) => history.pending.has(key(file)),
    });
  }

  /**
   * Says once per run why batches fell back to single files, and how to do better. The engine calls
   * it only when the answer could have changed a finding: a rule asked whether an object created by
   * an earlier migration was new.
   */
  tell(reason: string): void {
    if (this.noticed || !this.options.notice) return;
    this.noticed = true;
    this.options.notice(
      `migration-lint: ${reason}, so only the file being linted counts as new: a table created by an earlier migration of the same deploy is treated as existing. ` +
        'For deploy batches from git history, check out with full history (actions/checkout: fetch-depth: 0) or pass --since <base ref>; "batches": "file" in the config silences this note.\n',
    );
  }

  private async readRepository(root: string, roots: string[]): Promise<Found> {
    // The work tree and a shallow clone are told by the files in .git; one `git status` then gives
    // both HEAD and the pending files (paths relative to the top whatever the cwd). The history
    // itself is read only when the cache does not hold it for this HEAD.
    const found = findRepositoryRoot(root);
    if (found === undefined) return { reason: `${root} is not in a git work tree` };
    if (isShallow(found)) return { reason: 'this is a shallow git clone (history is missing)' };
    const inside = roots.map(realPath);
    let status: string;
    try {
      status = await git(root, ['--literal-pathspecs', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--', ...inside]);
    } catch (error) {
      return { reason: (error as GitFailure).notInstalled ? 'git is not installed' : `git status failed in ${root}` };
    }
    const { commit, pending } = readStatus(status);
    const top = realPath(found);
    const pathspecs = [...new Set(inside.filter((r) => isInside(top, r)).map((r) => relativeToFolder(top, r).split(path.sep).join('/') || '.'))].sort();
    const added = commit ? await this.addedFiles(top, commit, pathspecs) : { added: new Map<string, number>(), count: 0 };
    return { history: { top, added: added.added, pending, pendingOrdinal: added.count + 1 } };
  }

  /** Which commit of the first-parent history added each file, as an ordinal (oldest commit first). */
  private async addedFiles(top: string, commit: string, pathspecs: string[]): Promise<{ added: Map<string, number>; count: number }> {
    const cacheKey = JSON.stringify([BATCH_CACHE_FORMAT, top, commit, pathspecs]);
    const cached = this.cache?.read(top);
    if (cached) {
      try {
        const data = JSON.parse(cached) as { key: string; count: number; added: [string, number][] };
        if (data.key === cacheKey) return { added: new Map(data.added), count: data.count };
      } catch {
        // a damaged cache file is read again from git
      }
    }
    // -m with --first-parent: a merge shows what it brought against its first parent (the whole
    // pull request); --no-renames: a renamed migration is a new file to its runner.
    const log = await git(top, [
      '--literal-pathspecs',
      'log',
      '-m',
      '--first-parent',
      '--no-renames',
      '--diff-filter=A',
      '--name-only',
      '-z',
      '--format=%x01',
      commit,
      '--',
      ...pathspecs,
    ]);
    const commits = log.split('\u0001').slice(1);
    const added = new Map<string, number>();
    commits.forEach((chunk, i) => {
      const ordinal = commits.length - i; // newest first in the log
      for (const name of chunk.split('\u0000')) {
        const file = name.replace(/^\n/, '');
        // A file added again after a delete: the newest addition is the file that exists now.
        if (file && !added.has(file)) added.set(file, ordinal);
      }
    });
    if (this.cache?.usable) this.cache.write(top, JSON.stringify({ key: cacheKey, count: commits.length, added: [...added] }));
    return { added, count: commits.length };
  }
}

/** Lets the engine say which file is being linted, for the 'file' fallback's isPending. */
export interface FileBatchesControl {
  /** The set-relative path of the file being linted now. */
  setCurrent(file: string | undefined): void;
}

function withCurrent(batches: MigrationBatches): MigrationBatches & FileBatchesControl {
  return { ...batches, setCurrent: () => {} };
}

/** Only the file being linted is new: no batch numbers. */
export function fileBatches(reason?: string): MigrationBatches & FileBatchesControl {
  let current: string | undefined;
  return {
    source: 'file',
    batchOf: () => undefined,
    isPending: (file) => file === current,
    setCurrent: (file) => {
      current = file;
    },
    ...(reason ? { reason } : {}),
  };
}

/**
 * `git status --porcelain=v2 --branch -z`: the HEAD commit (none before the first commit), and the
 * files untracked or added to the index (renamed or copied there too), relative to the top.
 */
function readStatus(status: string): { commit: string | undefined; pending: Set<string> } {
  let commit: string | undefined;
  const pending = new Set<string>();
  const fields = status.split('\u0000');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.startsWith('# branch.oid ')) {
      const oid = field.slice('# branch.oid '.length);
      if (/^[0-9a-f]{40,64}$/.test(oid)) commit = oid;
    } else if (field.startsWith('? ')) {
      pending.add(field.slice(2));
    } else if (field.startsWith('1 ') || field.startsWith('2 ')) {
      // "1 XY sub mH mI mW hH hI path"; "2 …" has a score field more, and its source path follows.
      const parts = field.split(' ');
      const file = parts.slice(field[0] === '1' ? 8 : 9).join(' ');
      if ('ARC'.includes(parts[1]![0]!)) pending.add(file);
      if (field[0] === '2') i++;
    }
  }
  return { commit, pending };
}

/** Whether the repository at `top` is a shallow clone: its git folder (or the shared one of a worktree) holds `shallow`. */
function isShallow(top: string): boolean {
  let gitDir = path.join(top, '.git');
  try {
    if (statSync(gitDir).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, 'utf8'))?.[1]?.trim();
      if (!pointer) return false;
      gitDir = path.resolve(top, pointer);
    }
    if (existsSync(path.join(gitDir, 'shallow'))) return true;
    const common = path.join(gitDir, 'commondir');
    return existsSync(common) && existsSync(path.join(path.resolve(gitDir, readFileSync(common, 'utf8').trim()), 'shallow'));
  } catch {
    return false;
  }
}

interface GitFailure extends Error {
  notInstalled?: boolean;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const run = promisify((await import('node:child_process')).execFile);
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return stdout;
  } catch (error) {
    const failure = new Error(`git ${args[0]} failed`) as GitFailure;
    failure.notInstalled = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw failure;
  }
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isInside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
