/**
 * verify applies fixtures/verify/* to PostgreSQL and reports what fails where: on PGlite always,
 * and on a real server when MIGRATION_LINT_TEST_DATABASE_URL names one (.ci/run starts Debian's
 * postgresql for it). Both engines must give the same findings.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect as connectTcp, createServer, type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, cli, ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
import { hostId, scratchName } from '../../src/verify/server.js';

// PGlite's first start (initdb in WebAssembly) takes seconds, more on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const FIXTURES = path.join(ROOT, 'fixtures', 'verify');
const SERVER = process.env.MIGRATION_LINT_TEST_DATABASE_URL;
// One cache folder for the run: PGlite's initdb is paid once, not once per test.
const CACHE = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-verify-'));

interface Finding {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
}
interface Result {
  filePath: string;
  messages: Finding[];
  properties: { verify: { status: string; statements?: { line: number; locks: { relation: string; mode: string }[]; rewrites: string[] }[] } };
}

const engines: [string, string[]][] = [['PGlite', []], ...(SERVER ? [['PostgreSQL server', ['--database-url', SERVER]] as [string, string[]]] : [])];

export async function verify(args: string[], engine: string[] = []): Promise<{ code: number; results: Result[]; stderr: string }> {
  const { code, stdout, stderr } = await cli(['verify', '-f', 'json', '--cache-location', CACHE, ...engine, ...args], { cwd: FIXTURES });
  expect(code, stderr).toBeLessThan(2);
  return { code, results: JSON.parse(stdout) as Result[], stderr };
}

/** `file:line:column message` of every finding, file relative to fixtures/verify. */
function findings(results: Result[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(FIXTURES, r.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

const statuses = (results: Result[]): Record<string, string> =>
  Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.properties.verify.status]));

describe.each(engines)('verify on %s', (_name, engine) => {
  it('reports a cast PostgreSQL cannot do at the ALTER, with its hint, and skips what follows', async () => {
    const { code, results } = await verify(['cast'], engine);
    expect(code).toBe(1);
    expect(findings(results)).toEqual([
      'cast/002_tier_number.sql:2:1 apply-error: PostgreSQL: column "tier" cannot be cast automatically to type integer (SQLSTATE 42804). HINT: You might need to specify "USING tier::integer". 1 later migration was not applied.',
    ]);
    expect(statuses(results)).toEqual({ '001_customers.sql': 'applied', '002_tier_number.sql': 'failed', '003_tier_index.sql': 'skipped' });
  });

  it('applies ADD COLUMN … NOT NULL to empty tables, and fails it once tables have rows', async () => {
    const empty = await verify(['not-null'], engine);
    expect(empty.code).toBe(0);
    expect(findings(empty.results)).toEqual([]);
    const rows = await verify(['--with-rows', 'not-null'], engine);
    expect(rows.code).toBe(1);
    expect(findings(rows.results)).toEqual([
      'not-null/002_currency.sql:2:1 apply-error: PostgreSQL: column "currency" of relation "orders" contains null values (SQLSTATE 23502).',
    ]);
  });

  it("fails a new enum value used in the same drizzle run, and rolls back the run's earlier files", async () => {
    // 0000 ran in an earlier run; 0001 and 0002 are pending and share drizzle's one transaction.
    const { code, results } = await verify(['drizzle-enum/0001_add_meh.sql', 'drizzle-enum/0002_default_meh.sql'], engine);
    expect(code).toBe(1);
    expect(findings(results)).toEqual([
      `drizzle-enum/0002_default_meh.sql:3:1 apply-error: PostgreSQL: unsafe use of new value "meh" of enum type mood (SQLSTATE 55P04). HINT: New enum values must be committed before they can be used. The runner's shared transaction rolls back the 1 earlier migration of this run with it.`,
    ]);
    expect(statuses(results)).toEqual({ '0001_add_meh.sql': 'rolled back', '0002_default_meh.sql': 'failed' });
  });

  it("fails CREATE INDEX CONCURRENTLY inside drizzle's transaction", async () => {
    const { code, results } = await verify(['drizzle-concurrently'], engine);
    expect(code).toBe(1);
    expect(findings(results)).toEqual([
      "drizzle-concurrently/0001_kind_index.sql:1:1 apply-error: PostgreSQL: CREATE INDEX CONCURRENTLY cannot run inside a transaction block (SQLSTATE 25001). The runner's shared transaction rolls back the 1 earlier migration of this run with it.",
    ]);
  });

  it('reports a DROP TABLE blocked by a view with the dependency, and never applies down files', async () => {
    const { code, results } = await verify(['view-drop'], engine);
    expect(code).toBe(1);
    expect(findings(results)).toEqual([
      'view-drop/2_drop_invoices.up.sql:2:1 apply-error: PostgreSQL: cannot drop table invoices because other objects depend on it (SQLSTATE 2BP01). DETAIL: view big_invoices depends on table invoices. HINT: Use DROP ... CASCADE to drop the dependent objects too.',
    ]);
    expect(Object.keys(statuses(results))).not.toContain('2_drop_invoices.down.sql');
  });

  it("applies a clean goose set: NO TRANSACTION lets CONCURRENTLY run, Down sections are not applied", async () => {
    const { code, results } = await verify(['clean'], engine);
    expect(code).toBe(0);
    expect(findings(results)).toEqual([]);
    expect(statuses(results)).toEqual({ '00001_accounts.sql': 'applied', '00002_email_index.sql': 'applied', '00003_status.sql': 'applied' });
  });

  it("maps PostgreSQL's error position back through Flyway placeholders", async () => {
    const { results } = await verify(['flyway-template'], engine);
    // `${flyway:defaultSchema}` (23 characters) was sent as `public` (6): the column is the file's.
    expect(findings(results)).toEqual([
      'flyway-template/V2__carrier.sql:2:89 apply-error: PostgreSQL: column p.carrier_id does not exist (SQLSTATE 42703). 1 later migration was not applied.',
    ]);
  });

  it('options may come before or after the word verify', async () => {
    const before = await cli(['-f', 'json', '--cache-location', CACHE, ...engine, 'verify', 'cast'], { cwd: FIXTURES });
    const after = await cli(['verify', 'cast', '-f', 'json', '--cache-location', CACHE, ...engine], { cwd: FIXTURES });
    expect(before.code).toBe(1);
    expect(findings(JSON.parse(before.stdout) as Result[])).toEqual(findings(JSON.parse(after.stdout) as Result[]));
  });
});

describe('verify on PGlite only', () => {
  it('names an extension PGlite lacks and points to --database-url; the ones it ships load', async () => {
    const { code, results } = await verify(['extensions']);
    expect(code).toBe(1);
    const [finding] = findings(results);
    expect(finding).toMatch(/^extensions\/002_postgis\.sql:1:1 apply-error: PostgreSQL: the extension "postgis" is not available in PGlite/);
    expect(finding).toContain('--database-url');
    expect(statuses(results)['001_trgm.sql']).toBe('applied');
  });

  it('says what to fix when a setup file fails, with exit 2', async () => {
    const { code, stderr } = await cli(['verify', '--setup', path.join(FIXTURES, 'cast', '002_tier_number.sql'), '--cache-location', CACHE, 'clean'], { cwd: FIXTURES });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--setup .*002_tier_number\.sql:2:1: PostgreSQL: relation "customers" does not exist/);
  });

  it('lint refuses the options of verify', async () => {
    const { code, stderr } = await cli(['--with-rows', 'clean'], { cwd: FIXTURES });
    expect(code).toBe(2);
    expect(stderr).toContain('--with-rows is an option of verify');
  });
});

/** Every object of the database a URL names, with its definition where it has one. */
async function objectsOf(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ o: string }>(
      `select c.relkind::text || ' ' || n.nspname || '.' || c.relname || ' ' || c.relfilenode as o from pg_class c join pg_namespace n on n.oid = c.relnamespace
        union all select 'type ' || typname from pg_type where typnamespace = 'public'::regnamespace
        union all select 'schema ' || nspname from pg_namespace order by 1`,
    );
    return rows.map((r) => r.o);
  } finally {
    await client.end();
  }
}

/** Waits until a child's scratch database exists and its migration's pg_sleep runs in it. */
async function sleepingIn(databases: string, stderr: () => string): Promise<void> {
  const started = Date.now();
  while ((await serverQuery(SERVER!, `select 1 from pg_stat_activity where ${databases} and query like 'SELECT pg_sleep%'`)).length === 0) {
    expect(Date.now() - started, stderr()).toBeLessThan(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function serverQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!SERVER)('verify --database-url on a real server', () => {
  it('never touches the database the URL names, and drops its scratch database, even after a failure', async () => {
    const before = await objectsOf(SERVER!);
    const { code } = await verify(['--with-rows', '--locks', 'cast'], ['--database-url', SERVER!]);
    expect(code).toBe(1);
    expect(await objectsOf(SERVER!)).toEqual(before);
    expect(await serverQuery(SERVER!, `select datname from pg_database where datname like 'migration_lint_verify_%'`)).toEqual([]);
  });

  it('exits 2 naming the missing CREATEDB privilege', async () => {
    await serverQuery(SERVER!, `do $$ begin if not exists (select from pg_roles where rolname = 'migration_lint_no_createdb') then create role migration_lint_no_createdb login; end if; end $$`);
    const url = new URL(SERVER!);
    url.username = 'migration_lint_no_createdb';
    url.password = '';
    const { code, stderr } = await cli(['verify', '--database-url', url.toString(), 'clean'], { cwd: FIXTURES });
    expect(code).toBe(2);
    expect(stderr).toContain('lacks the CREATEDB privilege');
  });

  // The built CLI as a real process (npm test builds dist/ first), interrupted mid-statement.
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('drops its scratch database when %s interrupts a migration, and exits %i', async (signal, exitCode) => {
    const dir = project({ 'migrations/001_a.sql': 'CREATE TABLE a (id int);\n', 'migrations/002_slow.sql': 'SELECT pg_sleep(30);\n' });
    const child = spawn(process.execPath, [BIN, 'verify', '--database-url', SERVER!, 'migrations'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The child's scratch database exists, and the slow statement runs in it.
    const mine = `datname like 'migration\\_lint\\_verify\\_%\\_${child.pid}\\_%'`;
    await sleepingIn(mine, () => stderr);
    const sent = Date.now();
    child.kill(signal);
    expect(await exited).toBe(exitCode);
    // Well before the statement would have ended on its own.
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    expect(await serverQuery(SERVER!, `select datname from pg_database where ${mine}`)).toEqual([]);
  });

  it('does not hang when the server stops answering during the clean-up: exits 130 after the timeout, naming what is left', async () => {
    // A proxy between verify and the server that can stop passing bytes, as a server that is gone would.
    let frozen = false;
    const sockets: Socket[] = [];
    const target = new URL(SERVER!);
    const proxy = createServer((client) => {
      const upstream = connectTcp(Number(target.port || 5432), target.hostname || 'localhost');
      sockets.push(client, upstream);
      client.on('data', (chunk: Buffer) => frozen || upstream.write(chunk));
      upstream.on('data', (chunk: Buffer) => frozen || client.write(chunk));
      for (const s of [client, upstream]) s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const viaProxy = new URL(SERVER!);
    viaProxy.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const dir = project({ 'migrations/001_slow.sql': 'SELECT pg_sleep(30);\n' });
    const child = spawn(process.execPath, [BIN, 'verify', '--database-url', viaProxy.toString(), 'migrations'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const mine = `datname like 'migration\\_lint\\_verify\\_%\\_${child.pid}\\_%'`;
    try {
      await sleepingIn(mine, () => stderr);
      frozen = true;
      const sent = Date.now();
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const took = Date.now() - sent;
      expect(took).toBeGreaterThanOrEqual(4_500);
      expect(took).toBeLessThan(15_000);
      const [name] = (await serverQuery(SERVER!, `select datname from pg_database where ${mine}`)).map((r) => String(r.datname));
      expect(name).toBeDefined();
      expect(stderr).toBe(
        `migration-lint: interrupted, and could not make sure the scratch database ${name} at 127.0.0.1:${viaProxy.port} was dropped (no answer within 5 s); if it is still there, drop it with DROP DATABASE "${name}";\n`,
      );
    } finally {
      child.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      proxy.close();
      for (const row of await serverQuery(SERVER!, `select datname from pg_database where ${mine}`)) await serverQuery(SERVER!, `drop database "${String(row.datname)}" with (force)`);
    }
  });

  it("drops a scratch database a killed run of this host left, and no other", async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const stale = scratchName(gone, hourAgo);
    const recent = scratchName(gone);
    const live = scratchName(process.ppid, hourAgo);
    const otherHost = stale.replace(/^(migration_lint_verify_)[0-9a-f]{8}/, (_, p: string) => `${p}${hostId() === '00000000' ? '11111111' : '00000000'}`);
    const created = [stale, recent, live, otherHost];
    for (const name of created) await serverQuery(SERVER!, `create database "${name}" template template0`);
    try {
      const { code, stderr } = await cli(['verify', '--database-url', SERVER!, 'clean'], { cwd: FIXTURES });
      expect(code).toBe(0);
      expect(stderr).toContain(`migration-lint: dropped the scratch database ${stale} at`);
      const left = (await serverQuery(SERVER!, `select datname from pg_database where datname like 'migration\\_lint\\_verify\\_%' order by 1`)).map((r) => r.datname);
      expect(left).toEqual([recent, live, otherHost].sort());
    } finally {
      for (const name of created) await serverQuery(SERVER!, `drop database if exists "${name}"`);
    }
  });
});

describe('verify --database-url', () => {
  it('exits 2 naming the host and the reason when it cannot connect, without a stack', async () => {
    const { code, stderr, stdout } = await cli(['verify', '--database-url', 'postgres://nobody@127.0.0.1:1/app', 'clean'], { cwd: FIXTURES });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot connect to the PostgreSQL server at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
