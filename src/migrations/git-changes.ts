/**
 * Which files changed since a git ref (committed since, staged, unstaged or untracked), for
 * `--since`. git runs with an argument list, never through a shell.
 */
import path from 'node:path';
import { promisify } from 'node:util';

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
