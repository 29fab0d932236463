/**
 * Which files changed since a git ref (committed since, staged, unstaged or untracked), for
 * `--since`. git runs with an argument list, never through a shell.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findRepositoryRoot } from '../source/repository-root.js';

export class GitError extends Error {
  override name = 'GitError';
}

async function git(cwd: string, args: string[]): Promise<string> {
  // Loaded here, not at start-up: only --since runs git.
  const run = promisify((await import('node:child_process')).execFile);
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

/** Absolute paths of files added or changed since `ref`, plus untracked files. */
export async function changedSince(ref: string, cwd: string): Promise<Set<string>> {
  if (ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref`);
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new GitError(`"${ref}" is not a commit in ${top}`);
  });
  const changed = await git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMRT', ref, '--']);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  const names = `${changed}${untracked}`.split('\0').filter(Boolean);
  return new Set(names.map((name) => path.resolve(top, name)));
}

/**
 * The files (absolute paths) added or changed since `ref`, each asked of the repository it lives
 * in, not of the working directory's: `migration-lint --since main /abs/checkout/db` works from
 * anywhere, and paths in several checkouts are each compared with their own `ref`.
 */
export async function filterChangedSince(ref: string, files: readonly string[], cwd: string): Promise<string[]> {
  const byRepository = new Map<string, string[]>();
  for (const file of files) {
    const repository = findRepositoryRoot(path.dirname(file)) ?? cwd;
    byRepository.set(repository, [...(byRepository.get(repository) ?? []), file]);
  }
  const keep = new Set<string>();
  for (const [repository, inside] of byRepository) {
    const changed = await changedSince(ref, repository);
    // git reports real paths; compare like with like when the checkout sits behind a symlink.
    for (const file of inside) if (changed.has(file) || changed.has(realpathSync(file))) keep.add(file);
  }
  return files.filter((file) => keep.has(file));
}
