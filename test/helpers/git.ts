/** Git histories built by tests: a fixture folder copied into a temp repo, committed in steps. */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';
import { project } from './tmp.js';

const ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...ENV } });
}

/** A new repository on branch main with one empty commit, so branches can start from it. */
export function repository(files: Record<string, string> = {}): string {
  const dir = project(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'start');
  return dir;
}

/** Copies `fixtures/<fixture>` to `<dir>/<target>` without committing anything. */
export function copyFixture(dir: string, fixture: string, target: string): string {
  const to = path.join(dir, target);
  cpSync(path.join(ROOT, 'fixtures', fixture), to, { recursive: true });
  return to;
}

/** Commits the given paths (relative to dir) as one commit on the current branch. */
export function commit(dir: string, message: string, ...paths: string[]): void {
  git(dir, 'add', '--', ...paths);
  git(dir, 'commit', '-q', '-m', message);
}

/** Brings the given paths in as a pull request: a branch with one commit per path, merged with --no-ff. */
export function mergePullRequest(dir: string, branch: string, ...paths: string[]): void {
  git(dir, 'checkout', '-q', '-b', branch);
  for (const p of paths) commit(dir, `add ${p}`, p);
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
}

/** Every file under a folder, relative to it (POSIX). */
export function filesUnder(folder: string, prefix = ''): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}
