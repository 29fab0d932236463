/**
 * Numbering and journals in folders shaped as real projects keep them (fixtures/numbering), as
 * the CLI lints them: what each runner tolerates is silent, what it fails on or silently skips is
 * reported, once per root cause. Where "new" matters, the test builds the git history itself.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { commit, copyFixture, repository } from '../helpers/git.js';

type JsonResult = { filePath: string; messages: { ruleId: string; messageId: string; message: string }[] };
const RULES = new Set(['no-numbering-gaps', 'drizzle-journal']);

/** `[migration, messageId]` for every numbering or journal finding of a run. */
async function findings(target: string, cwd = path.join(ROOT, 'fixtures', 'numbering')): Promise<[string, string][]> {
  const { stdout, code } = await cli(['-f', 'json', '--no-cache', target], { cwd });
  expect(code, stdout).toBeLessThan(2);
  return (JSON.parse(stdout) as JsonResult[]).flatMap((r) =>
    r.messages.filter((m) => RULES.has(m.ruleId)).map((m): [string, string] => [path.relative(path.join(cwd, target), r.filePath).split(path.sep).join('/'), m.messageId]),
  );
}

describe('numbering as each runner sees it (fixtures, no history)', () => {
  it.each([
    ['golang-migrate', 'an up and a down file of one version with different titles'],
    ['diesel/migrations', "Diesel's 00000000000000_diesel_initial_setup and 2.x YYYY-MM-DD-HHMMSS-0000_name folders"],
    ['prisma/migrations', 'Prisma folders with one timestamp, and a time that does not exist'],
    ['flyway', 'Flyway dotted versions between 65 and 68'],
  ])('%s: silent (%s)', async (folder) => {
    expect(await findings(folder)).toEqual([]);
  });

  it('golang-migrate: a real duplicate version is reported once, on the migration the runner orders last', async () => {
    expect(await findings('golang-migrate-duplicate')).toEqual([['000002_add_owner.up.sql', 'duplicate']]);
  });

  it('Diesel: two folders with one version are reported once', async () => {
    expect(await findings('diesel-duplicate/migrations')).toEqual([['2023-01-31-120000_create_users/up.sql', 'duplicate']]);
  });

  it('drizzle: the file missing from the journal is reported, with its duplicate number, on that file only', async () => {
    expect(await findings('drizzle')).toEqual([
      ['0002_name_index.sql', 'notInJournal'],
      ['0002_name_index.sql', 'duplicate'],
    ]);
  });

  it('drizzle: a journal that lists none of the files is told once for the folder', async () => {
    expect(await findings('drizzle-pulled')).toEqual([['0004_audit.sql', 'journalUnused']]);
  });

  it('a new migration that skips a number in a folder numbered one by one', async () => {
    expect(await findings('sequential')).toEqual([['0005_refunds.sql', 'gap']]);
  });
});

describe('numbering with git history: only new migrations are told to move', () => {
  it('a pending migration that skips a number is reported; the same hole in applied history is not', async () => {
    const dir = repository();
    copyFixture(dir, 'numbering/sequential', 'db');
    commit(dir, 'history', 'db/0001_users.sql', 'db/0002_orders.sql', 'db/0003_payments.sql');
    expect(await findings('db', dir)).toEqual([['0005_refunds.sql', 'gap']]);

    // Once 0005 shipped and ten more followed, its hole is history the runner lived with.
    commit(dir, 'refunds', 'db/0005_refunds.sql');
    const later = Array.from({ length: 10 }, (_, i) => `db/${String(i + 6).padStart(4, '0')}_step.sql`);
    for (const file of later) writeFileSync(path.join(dir, file), 'SELECT 1;\n');
    commit(dir, 'ten more', ...later);
    writeFileSync(path.join(dir, 'db', '0016_chargebacks.sql'), 'CREATE TABLE chargebacks (id bigint PRIMARY KEY);\n');
    expect(await findings('db', dir)).toEqual([]);
  });

  it('of a duplicate pair, the pending migration is told to move, even when its name sorts first', async () => {
    const dir = repository();
    copyFixture(dir, 'numbering/golang-migrate-duplicate', 'db');
    commit(dir, 'history', 'db/000001_create_projects.up.sql', 'db/000002_add_owner.up.sql');
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db'], { cwd: dir });
    const reported = (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages.filter((m) => RULES.has(m.ruleId)).map((m) => [path.basename(r.filePath), m.message]));
    expect(reported).toEqual([
      [
        '000002_add_archived_at.up.sql',
        'Migration number 000002 is also used by "000002_add_owner.up.sql": golang-migrate refuses to start ("duplicate migration file"). Renumber this migration (not applied anywhere yet) to 000003.',
      ],
    ]);
  });

  it('Flyway: a new migration below the newest applied version is reported (Flyway refuses it)', async () => {
    const dir = repository();
    copyFixture(dir, 'numbering/flyway', 'db');
    commit(dir, 'history', 'db/V65__jobs.sql', 'db/V66.1__jobs_namespace.sql', 'db/V67.1__job_tags.sql', 'db/V68__add_jobs_tag_mapping.sql', 'db/R__jobs_view.sql');
    expect(await findings('db', dir)).toEqual([['V66.2__jobs_namespace_index.sql', 'belowApplied']]);
  });
});
