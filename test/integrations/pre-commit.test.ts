/**
 * The pre-commit hooks, run by the real `pre-commit` against a real git repository.
 *
 * The hook repository is a snapshot of this checkout (tracked and untracked, not ignored files,
 * as they are on disk), committed into a temporary git repository, so that what is tested is
 * what is being developed and not the last commit. pre-commit then installs it the way it
 * installs it for users: clone, npm install, build through `prepare`, global install.
 *
 * The steps share one project repository and one hook install (the install is the slow part),
 * so they run in order and each leaves the repository clean for the next.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The environment pre-commit and git run in: the caller's, minus what would make the hook
 * install look better than it is for a user (our node_modules/.bin on PATH, npm's variables
 * from `npm test`) or point git at another repository (GIT_DIR and friends from a git hook).
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|git_|pre_commit|vitest|node_env$|init_cwd$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
  return { ...env, ...extra };
}

const probe = spawnSync('pre-commit', ['--version'], { encoding: 'utf8', env: cleanEnv({}) });
const preCommitVersion = probe.status === 0 ? probe.stdout.trim() : undefined;
const SKIP_REASON = 'pre-commit is not on PATH (install it, e.g. `apt-get install pre-commit`; CI does)';
if (!preCommitVersion) console.warn(`test/integrations/pre-commit.test.ts skipped: ${SKIP_REASON}`);

describe.skipIf(!preCommitVersion)(`pre-commit hooks (${preCommitVersion ?? `skipped: ${SKIP_REASON}`})`, () => {
  let tmp: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  function run(command: string, args: string[], cwd = project): SpawnSyncReturns<string> & { output: string } {
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
    if (result.error) throw result.error;
    return Object.assign(result, { output: `${result.stdout}${result.stderr}` });
  }
  /** Runs a command that has to succeed (setup and clean-up steps). */
  function must(command: string, args: string[], cwd = project): string {
    const result = run(command, args, cwd);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.output}`);
    return result.stdout;
  }
  const commitCount = () => Number(must('git', ['rev-list', '--count', 'HEAD']).trim());
  function writeMigration(name: string, sql: string): string {
    const file = `db/migrations/${name}`;
    writeFileSync(path.join(project, file), sql);
    return file;
  }
  /** Takes a file that was staged but not committed out of the index and off the disk. */
  function discard(file: string): void {
    must('git', ['rm', '-q', '--cached', '--', file]);
    unlinkSync(path.join(project, file));
  }

  /** Commits a copy of the working tree of this checkout into `dest`; returns the commit id. */
  function snapshotHookRepo(dest: string): string {
    const listed = must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO_ROOT);
    for (const file of listed.split('\0').filter(Boolean)) {
      const from = path.join(REPO_ROOT, file);
      if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted, or a symlink/submodule
      mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
      copyFileSync(from, path.join(dest, file));
    }
    must('git', ['init', '-q'], dest);
    must('git', ['add', '-A'], dest);
    must('git', ['commit', '-q', '--no-verify', '-m', 'snapshot of the working tree'], dest);
    return must('git', ['rev-parse', 'HEAD'], dest).trim();
  }

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-pre-commit-'));
    const gitConfig = path.join(tmp, 'gitconfig');
    // An empty global git config: a user's core.hooksPath or commit signing must not get in the way.
    writeFileSync(gitConfig, '[user]\n\tname = Test\n\temail = test@example.com\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n');
    env = cleanEnv({
      PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
      PRE_COMMIT_COLOR: 'never',
      GIT_CONFIG_GLOBAL: gitConfig,
      GIT_CONFIG_NOSYSTEM: '1',
    });

    const hookRepo = path.join(tmp, 'hook-repo');
    mkdirSync(hookRepo);
    const rev = snapshotHookRepo(hookRepo);

    project = path.join(tmp, 'project');
    mkdirSync(path.join(project, 'db', 'migrations'), { recursive: true });
    must('git', ['init', '-q']);
    // Local identity too, as a user's repository would have one of its own.
    must('git', ['config', 'user.name', 'Migration Author']);
    must('git', ['config', 'user.email', 'author@example.com']);
    writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      [
        'repos:',
        `  - repo: ${hookRepo}`,
        `    rev: ${rev}`,
        '    hooks:',
        '      - id: migration-lint',
        '        files: ^db/migrations/',
        '        args: [--max-warnings=0]',
        '      - id: migration-lint-fix',
        '        files: ^db/migrations/',
        '        stages: [manual]',
        // Same hook and install, run without files: does the installed package find its docs?
        '      - id: migration-lint',
        '        alias: migration-lint-explain',
        '        name: migration-lint --explain',
        '        args: [--explain, no-numbering-gaps]',
        '        pass_filenames: false',
        '        always_run: true',
        '        verbose: true',
        '        stages: [manual]',
        '',
      ].join('\n'),
    );
    must('pre-commit', ['install']);

    // The one hook install: clone, npm install from the registry, `prepare` build, global install.
    const started = Date.now();
    must('pre-commit', ['install-hooks']);
    console.log(`pre-commit (${preCommitVersion}) installed the migration-lint hook in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    must('git', ['add', '.pre-commit-config.yaml']);
    must('git', ['commit', '-q', '-m', 'pre-commit config']);
  }, 900_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lets a commit of good migrations through', () => {
    must('git', ['add', writeMigration('0001_create_users.sql', 'CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n')]);
    must('git', ['add', writeMigration('0002_add_nickname.sql', 'ALTER TABLE users ADD COLUMN nickname text;\n')]);
    const commit = run('git', ['commit', '-m', 'users']);
    expect(commit.output).toMatch(/migration-lint\.+Passed/);
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(2);
  });

  it('blocks a commit that stages a bad migration, and shows the finding', () => {
    const file = writeMigration('0003_add_email.sql', 'ALTER TABLE users ADD COLUMN email text NOT NULL;\n');
    must('git', ['add', file]);
    const commit = run('git', ['commit', '-m', 'email']);
    expect(commit.status).not.toBe(0);
    expect(commit.output).toMatch(/migration-lint\.+Failed/);
    expect(commit.output).toContain(file);
    expect(commit.output).toMatch(/1:\d+ +error +Adding NOT NULL column "email" without a DEFAULT fails if existing table "users" has any rows.* no-not-null-without-default/);
    expect(commitCount()).toBe(2);
    discard(file);
  });

  it('reports a numbering gap although only the new file is staged (the rule reads the folder)', () => {
    const file = writeMigration('0004_add_bio.sql', 'ALTER TABLE users ADD COLUMN bio text;\n');
    must('git', ['add', file]);
    const commit = run('git', ['commit', '-m', 'bio']);
    expect(commit.status).not.toBe(0);
    expect(commit.output).toMatch(/Migration 0004 skips 0003 \(the folder is numbered one by one\).* no-numbering-gaps/);
    // Only the staged file was passed and reported on.
    expect(commit.output).not.toContain('0001_create_users.sql');
    expect(commitCount()).toBe(2);
    discard(file);
  });

  it('the fix hook rewrites a fixable migration, which then commits', () => {
    const file = writeMigration('0003_drop_legacy_invoices.sql', 'DROP TABLE legacy_invoices;\n');
    must('git', ['add', file]);
    const fix = run('pre-commit', ['run', 'migration-lint-fix', '--hook-stage', 'manual', '--files', file]);
    // A hook that changes files fails, so the user reviews and stages the change.
    expect(fix.status).toBe(1);
    expect(fix.output).toContain('files were modified by this hook');
    expect(readFileSync(path.join(project, file), 'utf8')).toBe('DROP TABLE IF EXISTS legacy_invoices;\n');

    must('git', ['add', file]);
    const commit = run('git', ['commit', '-m', 'drop legacy invoices']);
    expect(commit.output).toMatch(/migration-lint\.+Passed/);
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(3);
  });

  it('the installed package finds its rule documentation', () => {
    // The page's heading (rendered for the terminal: underlined) and the first line of text under
    // it, as they are in this checkout.
    const page = readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'no-numbering-gaps.md'), 'utf8').split('\n');
    const heading = page.findIndex((line) => line.startsWith('# '));
    const firstText = page.slice(heading + 1).find((line) => line.trim() !== '');
    expect(heading).toBeGreaterThanOrEqual(0);
    const title = page[heading]!.slice(2);
    const explain = run('pre-commit', ['run', 'migration-lint-explain', '--hook-stage', 'manual']);
    expect(explain.output).toContain(`${title}\n${'═'.repeat(title.length)}\n`);
    // The terminal rendering drops markdown's bold markers (the page's first line is its **Presets:** line).
    expect(explain.output).toContain(firstText!.replaceAll('**', ''));
    expect(explain.status).toBe(0);
  });
});
