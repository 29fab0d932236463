import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

type JsonResult = { filePath: string; messages: { ruleId: string; messageId: string }[] };

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

describe('--since <git-ref>', () => {
  it('reports only the new migration, with state from the old ones', async () => {
    const dir = project({
      'db/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
      // An old problem: it must not be reported with --since.
      'db/0002_legacy.sql': 'DROP TABLE legacy;\n',
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'old migrations');
    writeFileSync(path.join(dir, 'db/0003_email.sql'), 'ALTER TABLE users ADD COLUMN email text NOT NULL;\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'new migration');

    const { code, stdout } = await cli(['-f', 'json', '--since', 'HEAD~1', 'db'], { cwd: dir });
    const results = JSON.parse(stdout) as JsonResult[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['0003_email.sql']);
    // users was created two migrations ago: it has rows, so NOT NULL without a default fails.
    expect(results[0]!.messages.map((m) => m.messageId)).toEqual(['notNullWithoutDefault']);
    expect(code).toBe(1);

    // Without --since, the old problem shows too.
    const all = JSON.parse((await cli(['-f', 'json', 'db'], { cwd: dir })).stdout) as JsonResult[];
    expect(all.flatMap((r) => r.messages.map((m) => m.ruleId)).sort()).toEqual(['no-bare-drop-table', 'no-not-null-without-default']);
  });

  it('counts uncommitted and untracked files as changed', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'a');
    writeFileSync(path.join(dir, 'db/0002_b.sql'), 'DROP TABLE b;\n');
    const results = JSON.parse((await cli(['-f', 'json', '--since', 'HEAD', 'db'], { cwd: dir })).stdout) as JsonResult[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['0002_b.sql']);
  });

  it('asks the repository of the linted paths, so it works from outside it with an absolute path', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'a');
    writeFileSync(path.join(dir, 'db/0002_b.sql'), 'DROP TABLE b;\n');
    const elsewhere = project({});
    const { code, stdout, stderr } = await cli(['-f', 'json', '--since', 'HEAD', path.join(dir, 'db')], { cwd: elsewhere });
    expect(stderr).toBe('');
    const results = JSON.parse(stdout) as JsonResult[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['0002_b.sql']);
    expect(code).toBe(1);
  });

  it('exits 2 with git’s reason for a ref that does not exist, or outside a repository', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;\n' });
    const outside = await cli(['--since', 'HEAD', 'db'], { cwd: dir });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/--since: git rev-parse --show-toplevel failed/);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'a');
    const bad = await cli(['--since', 'no-such-branch', 'db'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no-such-branch" is not a commit');
    const option = await cli(['--since', '--output=x', 'db'], { cwd: dir });
    expect(option.code).toBe(2);
  });
});

describe('baseline', () => {
  it('treats migrations up to the baseline as history: replayed, not reported', async () => {
    const dir = project({
      'db/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\nDROP TABLE old_stuff;\n',
      'db/0002_more.sql': 'ALTER TABLE users ADD COLUMN name text NOT NULL;\n',
      'db/0003_new.sql': 'ALTER TABLE users ADD COLUMN email text NOT NULL;\n',
      '.migration-lintrc.json': '{ "baseline": "0002" }',
    });
    const results = JSON.parse((await cli(['-f', 'json', 'db'], { cwd: dir })).stdout) as JsonResult[];
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.messageId)])).toEqual([['0003_new.sql', ['notNullWithoutDefault']]]);
  });
});
