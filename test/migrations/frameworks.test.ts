import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrationSet, setRootOf } from '../../src/migrations/migration-set.js';
import { cli, ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
import { commit, copyFixture, repository } from '../helpers/git.js';

const FIXTURES = path.join(ROOT, 'fixtures', 'frameworks');
type JsonResult = { filePath: string; messages: { ruleId: string; messageId: string; message: string; line: number }[] };

async function lintJson(args: string[]): Promise<JsonResult[]> {
  const { stdout, code } = await cli(['-f', 'json', ...args], { cwd: FIXTURES });
  expect(code, stdout).toBeLessThan(2);
  return JSON.parse(stdout) as JsonResult[];
}

/** The files of a run where the runner's transaction makes `ADD VALUE` fail on PostgreSQL 11. */
async function addValueFailsIn(set: string): Promise<string[]> {
  const results = await lintJson(['--pg-version', '11', set]);
  return results
    .filter((r) => r.messages.some((m) => m.messageId === 'addValueInTransaction'))
    .map((r) => path.relative(path.join(FIXTURES, set), r.filePath).split(path.sep).join('/'));
}

describe('migration sets', () => {
  it.each([
    ['drizzle', 'drizzle', ['0000_init.sql', '0001_add_mood.sql', '0002_use_mood.sql', '0003_custom_index.sql']],
    ['prisma', 'prisma', ['20240101000000_init', '20240102000000_add_mood', '20240103000000_empty']],
    ['golang-migrate', 'golang-migrate', ['1_init.up.sql', '2_mood.up.sql', '10_late.up.sql', '1_init.down.sql', '2_mood.down.sql']],
    ['goose', 'goose', ['00001_init.sql', '00002_mood_no_tx.sql', '00003_mood_tx.sql']],
    ['dbmate', 'dbmate', ['20240101000000_mood.sql', '20240102000000_mood_no_tx.sql']],
    ['flyway', 'flyway', ['V1__step.sql', 'V1.1__step.sql', 'V1.9__step.sql', 'V1.10__step.sql', 'V2__mood.sql', 'R__views.sql']],
    ['diesel', 'diesel', ['2024-01-01-000000_init', '2024-01-02-000000_mood', '2024-01-01-000000_init', '2024-01-02-000000_mood']],
    ['supabase/migrations', 'supabase', ['20240101000000_mood.sql']],
    ['popx', 'popx', ['20240101000000000000_mood.postgres.up.sql', '20240102000000000000_mood.autocommit.up.sql']],
    ['plain', 'plain', ['001_mood.sql', '002_next.sql']],
  ])('%s is detected as %s and ordered as the runner orders it (numbers, not strings)', (dir, framework, order) => {
    const set = readMigrationSet(path.join(FIXTURES, dir));
    expect(set.framework).toBe(framework);
    expect(set.migrations.map((m) => m.name)).toEqual(order);
  });

  it('a Prisma or Diesel migration file belongs to the set above its own folder', () => {
    expect(setRootOf(path.join(FIXTURES, 'prisma', '20240101000000_init', 'migration.sql'))).toBe(path.join(FIXTURES, 'prisma'));
    expect(setRootOf(path.join(FIXTURES, 'diesel', '2024-01-01-000000_init', 'down.sql'))).toBe(path.join(FIXTURES, 'diesel'));
  });

  it('the framework can be set explicitly in the config', async () => {
    const results = await lintJson(['-c', path.join(FIXTURES, '..', 'frameworks-config', 'as-goose.json'), '--pg-version', '11', 'plain']);
    // As goose, each file runs in a transaction, so ADD VALUE fails on 11.
    expect(results.filter((r) => r.messages.some((m) => m.messageId === 'addValueInTransaction'))).toHaveLength(1);
  });
});

describe('transaction defaults per framework', () => {
  it.each([
    // drizzle: every pending migration in one transaction.
    ['drizzle', ['0001_add_mood.sql']],
    // Prisma and golang-migrate send the file as one query: two statements are one implicit transaction.
    // Supabase, Diesel: the file is one transaction.
    ['prisma', ['20240102000000_add_mood/migration.sql']],
    ['golang-migrate', ['2_mood.up.sql']],
    ['supabase/migrations', ['20240101000000_mood.sql']],
    ['diesel', ['2024-01-02-000000_mood/up.sql']],
    ['flyway', ['V2__mood.sql']],
    // goose: per file, unless -- +goose NO TRANSACTION.
    ['goose', ['00003_mood_tx.sql']],
    // dbmate: per file, unless -- migrate:up transaction:false.
    ['dbmate', ['20240101000000_mood.sql']],
    // popx: per file, unless the name says .autocommit.
    ['popx', ['20240101000000000000_mood.postgres.up.sql']],
    // A plain folder: each statement commits on its own.
    ['plain', []],
  ])('%s', async (set, failing) => {
    expect(await addValueFailsIn(set)).toEqual(failing);
  });

  it('drizzle runs pending migrations in one transaction: a value added in one file cannot be used by the next', async () => {
    const dir = repository();
    copyFixture(dir, 'frameworks/drizzle', 'drizzle');
    commit(dir, 'init', 'drizzle/meta', 'drizzle/0000_init.sql');
    // 0001 and 0002 are not committed yet: one pending batch, applied in one transaction.
    const run = async (args: string[]): Promise<JsonResult[]> => JSON.parse((await cli(['-f', 'json', '--no-cache', ...args], { cwd: dir })).stdout) as JsonResult[];
    for (const args of [['drizzle'], ['drizzle/0002_use_mood.sql']]) {
      const use = (await run(args)).find((r) => r.filePath.endsWith('0002_use_mood.sql'))!;
      expect(use.messages.map((m) => m.messageId)).toEqual(['newValueFromEarlierMigration']);
      expect(use.messages[0]!.message).toContain('0001_add_mood.sql');
    }
    // Once 0001 shipped in an earlier commit, the value is committed before 0002 runs.
    commit(dir, 'mood', 'drizzle/0001_add_mood.sql');
    expect((await run(['drizzle/0002_use_mood.sql']))[0]!.messages).toEqual([]);
    // Without batches (no git, or "batches": "file"), only the linted file is known to be pending.
    expect((await lintJson(['drizzle']))[2]!.messages).toEqual([]);
  });

  it('a runner that sends the file as one query runs a lone statement outside any transaction block', async () => {
    // golang-migrate's README: put CREATE INDEX CONCURRENTLY (or, before 12, ADD VALUE) alone in its file.
    const dir = project({ '1_init.up.sql': "CREATE TYPE mood AS ENUM ('sad');\n", '2_mood.up.sql': "ALTER TYPE mood ADD VALUE 'meh';\n" });
    const results = await lintJson(['--pg-version', '11', dir]);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });

  it('the config and a file directive override the framework default', async () => {
    expect(await addValueFailsIn('plain')).toEqual([]);
    const results = await lintJson(['-c', path.join(FIXTURES, '..', 'frameworks-config', 'per-file.json'), '--pg-version', '11', 'plain']);
    expect(results.filter((r) => r.messages.some((m) => m.messageId === 'addValueInTransaction'))).toHaveLength(1);
  });
});

describe('down migrations', () => {
  it('down files are linted with destructive rules relaxed, and parse errors still count', async () => {
    const results = await lintJson(['golang-migrate', 'diesel']);
    const down = results.filter((r) => /down\.sql$/.test(r.filePath));
    expect(down.length).toBe(4);
    expect(down.flatMap((r) => r.messages)).toEqual([]);
  });

  it('down sections of goose and dbmate files neither report drops nor change the state', async () => {
    const results = await lintJson(['goose', 'dbmate']);
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain('no-bare-drop-table');
  });

  it('expand/contract and destructive rules are relaxed in down files; rules for statements that fail are not', async () => {
    const dir = project({
      '1_init.up.sql': 'CREATE TABLE users (id bigint, name text, nickname text);\n',
      '2_names.up.sql': 'ALTER TABLE users RENAME COLUMN name TO full_name;\n',
      '2_names.down.sql':
        'ALTER TABLE users RENAME COLUMN full_name TO name;\nALTER TABLE users DROP COLUMN nickname;\nDROP SCHEMA legacy CASCADE;\nUPDATE users SET name = 1, name = 2;\n',
    });
    const results = await lintJson([dir]);
    const rules = (file: string) => results.find((r) => r.filePath.endsWith(file))!.messages.map((m) => m.ruleId);
    expect(rules('2_names.up.sql')).toEqual(['no-rename']);
    expect(rules('2_names.down.sql')).toEqual(['no-duplicate-assignments']);
  });

  it('the relaxation is a default the config can change', async () => {
    const results = await lintJson(['-c', path.join(FIXTURES, '..', 'frameworks-config', 'strict-down.json'), 'golang-migrate']);
    const down = results.find((r) => r.filePath.endsWith('1_init.down.sql'))!;
    expect(down.messages.map((m) => m.ruleId)).toEqual(['no-bare-drop-table']);
  });
});

describe('folder rules on real layouts', () => {
  it('reports a drizzle migration missing from the journal, and a Prisma folder without migration.sql', async () => {
    const drizzle = await lintJson(['drizzle/0003_custom_index.sql']);
    expect(drizzle[0]!.messages.filter((m) => m.ruleId === 'drizzle-journal').map((m) => m.messageId)).toEqual(['notInJournal']);
    const prisma = await lintJson(['prisma']);
    const folderProblems = prisma.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-numbering-gaps').map((m) => [path.basename(path.dirname(r.filePath)), m.messageId]));
    expect(folderProblems).toEqual([['20240102000000_add_mood', 'folderWithoutSql']]);
  });
});
