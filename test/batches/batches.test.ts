/**
 * Deploy batches: a table created by a migration that ships with the one altering it is empty
 * wherever the pair is applied. Each case builds the git history a real project would have and
 * shows the false finding gone next to the true one (a table from before the batch) still there.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commit, copyFixture, git, mergePullRequest, repository } from '../helpers/git.js';
import { project } from '../helpers/tmp.js';

type Json = { filePath: string; messages: { ruleId: string; messageId: string; message: string; line: number }[] }[];

async function findings(dir: string, args: string[]): Promise<{ found: string[]; stderr: string; results: Json }> {
  const { stdout, stderr } = await cli(['-f', 'json', '--no-cache', ...args], { cwd: dir });
  const results = JSON.parse(stdout) as Json;
  const found = results.flatMap((r) => r.messages.map((m) => `${path.basename(path.dirname(r.filePath))}/${path.basename(r.filePath)}:${m.line} ${m.messageId}`));
  return { found, stderr, results };
}

const DRIZZLE = ['db/meta/_journal.json', 'db/0000_users.sql'];

describe('deploy batches from git history', () => {
  it('a table created by an earlier migration of the same pull request counts as new (drizzle)', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'users', ...DRIZZLE);
    // One pull request, two commits on its branch, merged: the first-parent history sees one commit.
    mergePullRequest(dir, 'orders', 'db/0001_orders.sql', 'db/0002_order_status.sql');
    const { found, stderr } = await findings(dir, ['db/0002_order_status.sql']);
    // "orders" ships with the migration that creates it: silent. "users" existed before: reported.
    expect(found).toEqual(['db/0002_order_status.sql:2 notNullWithoutDefault']);
    expect(stderr).toBe('');
  });

  it('the same table created by an earlier deploy has rows: reported', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'users', ...DRIZZLE);
    commit(dir, 'orders', 'db/0001_orders.sql');
    commit(dir, 'status', 'db/0002_order_status.sql');
    const { found } = await findings(dir, ['db/0002_order_status.sql']);
    expect(found).toEqual(['db/0002_order_status.sql:1 notNullWithoutDefault', 'db/0002_order_status.sql:2 notNullWithoutDefault']);
  });

  it('uncommitted and untracked migrations are the pending batch', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'users', ...DRIZZLE);
    git(dir, 'add', 'db/0001_orders.sql'); // staged; 0002 untracked
    const { found } = await findings(dir, ['db/0002_order_status.sql']);
    expect(found).toEqual(['db/0002_order_status.sql:2 notNullWithoutDefault']);
  });

  it('with --since, everything added after the ref is one batch', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'users', ...DRIZZLE);
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, 'orders', 'db/0001_orders.sql');
    commit(dir, 'status', 'db/0002_order_status.sql');
    const { found } = await findings(dir, ['--since', base, 'db/0001_orders.sql', 'db/0002_order_status.sql']);
    expect(found).toEqual(['db/0002_order_status.sql:2 notNullWithoutDefault']);
  });

  it('a shallow clone falls back to single files and says once why and what to do', async () => {
    const origin = repository();
    copyFixture(origin, 'batches/drizzle', 'db');
    commit(origin, 'users', ...DRIZZLE);
    mergePullRequest(origin, 'orders', 'db/0001_orders.sql', 'db/0002_order_status.sql');
    commit(origin, 'moderators', 'db/0003_role_moderator.sql', 'db/0004_first_moderator.sql');
    const parent = project({});
    git(parent, 'clone', '-q', '--depth', '1', `file://${origin}`, 'clone');
    const dir = path.join(parent, 'clone');
    // Missing history never makes everything new: the table is treated as existing.
    const { found, stderr } = await findings(dir, ['db/0002_order_status.sql', 'db/0001_orders.sql']);
    expect(found).toEqual(['db/0002_order_status.sql:1 notNullWithoutDefault', 'db/0002_order_status.sql:2 notNullWithoutDefault']);
    expect(stderr.match(/shallow git clone/g)).toHaveLength(1);
    expect(stderr).toContain('fetch-depth: 0');
    expect(stderr).toContain('--since');
  });

  it('outside git: single files, with the same note; "batches": "file" opts out quietly', async () => {
    const dir = project({});
    copyFixture(dir, 'batches/drizzle', 'db');
    const plain = await findings(dir, ['db/0002_order_status.sql']);
    expect(plain.found).toHaveLength(2);
    expect(plain.stderr).toMatch(/not in a git work tree, so only the file being linted counts as new/);

    const repo = repository();
    copyFixture(repo, 'batches/drizzle', 'db');
    writeFileSync(path.join(repo, '.migration-lintrc.json'), '{ "batches": "file" }\n');
    commit(repo, 'all at once', '.');
    const optedOut = await findings(repo, ['db/0002_order_status.sql']);
    expect(optedOut.found).toHaveLength(2);
    expect(optedOut.stderr).toBe('');
  });

  it('outside git, nothing is said when no answer depended on batches', async () => {
    const dir = project({ 'db/0001_a.sql': 'CREATE TABLE a (id int);\n', 'db/0002_b.sql': 'DROP TABLE IF EXISTS legacy;\nALTER TABLE other ADD COLUMN x int NOT NULL;\n' });
    const { found, stderr } = await findings(dir, ['db']);
    expect(found).toEqual(['db/0002_b.sql:2 notNullWithoutDefault']);
    expect(stderr).toBe('');
  });

  it('Prisma: a required column on a table created in the same pull request is fine; on an older table it is not', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/prisma', 'prisma/migrations');
    commit(dir, 'init', 'prisma/migrations/migration_lock.toml', 'prisma/migrations/20240101000000_init');
    mergePullRequest(dir, 'posts', 'prisma/migrations/20240301000000_add_post', 'prisma/migrations/20240301000100_post_published');
    const target = 'prisma/migrations/20240301000100_post_published/migration.sql';
    expect((await findings(dir, [target])).found).toEqual([]);

    const separate = repository();
    copyFixture(separate, 'batches/prisma', 'prisma/migrations');
    commit(separate, 'init', 'prisma/migrations/migration_lock.toml', 'prisma/migrations/20240101000000_init');
    commit(separate, 'post', 'prisma/migrations/20240301000000_add_post');
    commit(separate, 'published', 'prisma/migrations/20240301000100_post_published');
    expect((await findings(separate, [target])).found).toEqual(['20240301000100_post_published/migration.sql:8 notNullWithoutDefault']);
  });

  it('Prisma: an enum value added and removed in one batch needs no data migration; one from an earlier deploy does', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/prisma', 'prisma/migrations');
    commit(dir, 'init', 'prisma/migrations/migration_lock.toml', 'prisma/migrations/20240101000000_init', 'prisma/migrations/20240301000000_add_post', 'prisma/migrations/20240301000100_post_published');
    // Both uncommitted: the pending batch.
    const target = 'prisma/migrations/20240402000100_drop_guest/migration.sql';
    expect((await findings(dir, [target])).found).toEqual([]);

    commit(dir, 'guest', 'prisma/migrations/20240402000000_role_guest');
    expect((await findings(dir, [target])).found).toEqual(['20240402000100_drop_guest/migration.sql:11 removedValuesWithoutDataMigration']);
  });
});

describe('a batch applied in one transaction (drizzle)', () => {
  it('an enum value added by an earlier migration of the batch cannot be used yet: the finding names that file', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'first', ...DRIZZLE, 'db/0001_orders.sql', 'db/0002_order_status.sql');
    const { found, results } = await findings(dir, ['db/0004_first_moderator.sql']);
    expect(found).toEqual(['db/0004_first_moderator.sql:1 newValueFromEarlierMigration']);
    const message = results[0]!.messages[0]!.message;
    expect(message).toContain('0003_role_moderator.sql');
    expect(message).toMatch(/drizzle's migrator applies every pending migration in one transaction/);
  });

  it('the value was added by an earlier deploy: committed long ago, nothing to report', async () => {
    const dir = repository();
    copyFixture(dir, 'batches/drizzle', 'db');
    commit(dir, 'first', ...DRIZZLE, 'db/0001_orders.sql', 'db/0002_order_status.sql', 'db/0003_role_moderator.sql');
    expect((await findings(dir, ['db/0004_first_moderator.sql'])).found).toEqual([]);
  });
});
