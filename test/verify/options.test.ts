/** verify's options: --locks in each report format, --with-rows warnings, --seed, the history cache, PGlite's extensions. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
import { PGLITE_EXTENSIONS } from '../../src/verify/pglite.js';

vi.setConfig({ testTimeout: 180_000 });
const FIXTURES = path.join(ROOT, 'fixtures', 'verify');
const CACHE = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-verify-'));
const run = (args: string[]) => cli(['verify', '--cache-location', CACHE, ...args], { cwd: FIXTURES });

interface Statement {
  line: number;
  type: string;
  locks: { relation: string; mode: string; created?: boolean }[];
  rewrites: string[];
  observed: boolean;
}

describe('verify --locks', () => {
  it('prints the locks and rewrites of each statement, and puts them in JSON and SARIF', async () => {
    const text = await run(['--locks', 'clean']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('clean/00003_status.sql  (locks and rewrites)');
    expect(text.stdout).toMatch(/2:1 +AlterTableStmt +ACCESS EXCLUSIVE on accounts\n/);
    // VALIDATE CONSTRAINT: SHARE UPDATE EXCLUSIVE, writes go on.
    expect(text.stdout).toMatch(/4:1 +AlterTableStmt +SHARE UPDATE EXCLUSIVE on accounts\n/);
    expect(text.stdout).toMatch(/3:1 +AlterTableStmt +no lock beyond those its transaction already holds\n/);
    expect(text.stdout).toMatch(/3:1 +IndexStmt +not observed \(PostgreSQL runs it only outside a transaction block\)/);

    const json = await run(['--locks', '-f', 'json', 'clean']);
    const results = JSON.parse(json.stdout) as { filePath: string; properties: { verify: { status: string; statements: Statement[] } } }[];
    const status = results.find((r) => r.filePath.endsWith('00003_status.sql'))!.properties.verify;
    expect(status.status).toBe('applied');
    expect(status.statements.map((s) => [s.line, s.locks.map((l) => `${l.mode} ${l.relation}`)])).toEqual([
      [2, ['ACCESS EXCLUSIVE accounts']],
      // Its transaction holds ACCESS EXCLUSIVE on accounts already: nothing new.
      [3, []],
      [4, ['SHARE UPDATE EXCLUSIVE accounts']],
    ]);
    expect(json.stderr).toMatch(/^verify: 3 migrations applied/m);

    const sarif = JSON.parse((await run(['--locks', '-f', 'sarif', 'clean'])).stdout) as { runs: [{ artifacts: { location: { uri: string }; properties: { verify: { statements: Statement[] } } }[] }] };
    const artifact = sarif.runs[0].artifacts.find((a) => a.location.uri.endsWith('00003_status.sql'))!;
    expect(artifact.properties.verify.statements).toHaveLength(3);
  });

  it('sees a rewrite: a volatile default writes the table and its indexes anew, a constant one does not', async () => {
    const { stdout } = await run(['--locks', '-f', 'json', 'rewrite/002_columns.sql']);
    const [result] = JSON.parse(stdout) as { properties: { verify: { statements: (Statement & { rebuiltIndexes: string[] })[] } } }[];
    expect(result!.properties.verify.statements.map((s) => [s.line, s.rewrites, s.rebuiltIndexes])).toEqual([
      [2, ['sessions'], ['sessions_pkey', 'sessions_user_id_idx']],
      [4, [], []],
    ]);
  });
});

describe('verify --with-rows and --seed', () => {
  it('names a table it cannot give a row, and still finds the data-dependent failure elsewhere', async () => {
    const { code, stdout } = await run(['--with-rows', '-f', 'json', 'rows-warning']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number; message: string; line: number }[] }[];
    const messages = results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line} ${m.ruleId} ${m.severity}: ${m.message}`));
    expect(messages).toEqual([
      expect.stringMatching(/^002_body_required\.sql:1 verify-rows 1: --with-rows: no synthetic row for table impossible: new row for relation "impossible" violates check constraint "impossible_id_check"/),
      '002_body_required.sql:1 apply-error 2: PostgreSQL: column "body" of relation "notes" contains null values (SQLSTATE 23502).',
    ]);
  });

  it('runs a seed after the named migration, so data-dependent failures show', async () => {
    const { code, stdout } = await run(['--seed', 'seeds/orders.sql', '--seed-after', '001', 'not-null']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/not-null\/002_currency\.sql\n +2:1 +error +PostgreSQL: column "currency" of relation "orders" contains null values/);
  });

  it('says when --seed-after names no migration', async () => {
    const { code, stderr } = await run(['--seed', 'seeds/orders.sql', '--seed-after', '999', 'not-null']);
    expect(code).toBe(2);
    expect(stderr).toContain('--seed-after 999: no migration of the set has this version or name.');
  });
});

describe('verify history cache', () => {
  it('restores the state after the history instead of applying it again, with the same result', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-verify-cache-'));
    const args = ['--cache-location', folder, '-f', 'json', 'drizzle-enum/0001_add_meh.sql', 'drizzle-enum/0002_default_meh.sql'];
    const first = await cli(['verify', ...args], { cwd: FIXTURES });
    const second = await cli(['verify', ...args], { cwd: FIXTURES });
    expect(first.stderr).not.toContain('restored from the cache');
    expect(second.stderr).toContain('1 history migration restored from the cache');
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(1);
    const noCache = await cli(['verify', '--no-cache', ...args.slice(2)], { cwd: FIXTURES });
    expect(noCache.stderr).not.toContain('restored from the cache');
  });
});

describe("verify follows the runner's bookkeeping", () => {
  it('applies only the files drizzle\'s journal lists, and says so for the others', async () => {
    const dir = project({
      'drizzle/0000_init.sql': 'CREATE TABLE "a" ("id" bigint PRIMARY KEY);\n',
      'drizzle/0001_forgotten.sql': 'SELECT no_such_column FROM "a";\n',
      'drizzle/meta/_journal.json': JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true }] }),
    });
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, '-f', 'compact', 'drizzle'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain("drizzle/0001_forgotten.sql:1:1: warning: Not applied: drizzle's migrator runs only the migrations meta/_journal.json lists");
  });

  it("creates golang-migrate's schema_migrations before the first migration, as the runner does", async () => {
    const dir = project({
      'migrations/1_init.up.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n',
      'migrations/2_data_version.up.sql': 'ALTER TABLE schema_migrations ADD COLUMN data_version int;\n',
    });
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, 'migrations'], { cwd: dir });
    expect(stdout).toContain('verify: 2 migrations applied');
    expect(code).toBe(0);
  });
});

describe('verify history: baseline and --since', () => {
  it('applies migrations up to the baseline without reporting them, and reports the rest', async () => {
    const dir = project({
      '.migration-lintrc.json': JSON.stringify({ baseline: '2' }),
      'migrations/1_a.up.sql': 'CREATE TABLE a (id int);\n',
      'migrations/2_b.up.sql': 'ALTER TABLE a ADD COLUMN b text;\n',
      'migrations/3_c.up.sql': 'ALTER TABLE a ALTER COLUMN b TYPE int;\n',
    });
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, '-f', 'json', 'migrations'], { cwd: dir });
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; properties: { verify: { status: string } } }[];
    expect(results.map((r) => [path.basename(r.filePath), r.properties.verify.status])).toEqual([['3_c.up.sql', 'failed']]);
  });
});

describe('verify at COMMIT', () => {
  it('reports a deferred constraint that fails when the file commits, at the file’s last statement', async () => {
    const dir = project({
      'migrations/1_tables.up.sql': 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\n',
      'migrations/2_orphan.up.sql': '-- Checked only at COMMIT.\nINSERT INTO c VALUES (1);\nSELECT 1;\n',
      'migrations/3_next.up.sql': 'SELECT 2;\n',
    });
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, '-f', 'compact', 'migrations'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain(
      'migrations/2_orphan.up.sql:3:1: error: PostgreSQL: at COMMIT: insert or update on table "c" violates foreign key constraint "c_p_id_fkey" (SQLSTATE 23503). DETAIL: Key (p_id)=(1) is not present in table "p". 1 later migration was not applied. [apply-error]',
    );
  });
});

describe('PGlite', () => {
  it('ships the extensions verify lists (docs/verify.md)', () => {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const contrib = readdirSync(path.join(path.dirname(entry), 'contrib')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
    expect(Object.values(PGLITE_EXTENSIONS).sort()).toEqual(contrib.sort());
  });
});
