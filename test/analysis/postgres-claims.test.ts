/**
 * The claims the batch-aware messages make, checked on a real PostgreSQL (PGlite, in-process):
 * which statements hold ACCESS EXCLUSIVE until the transaction ends (locks-taken.ts), that
 * SET NOT NULL fails on NULLs under that lock, that moving a column between enums rewrites the
 * table, and that DROP TABLE without CASCADE fails while a view or foreign key depends on it.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { accessExclusiveTables } from '../../src/analysis/locks-taken.js';

let db: PGlite;

beforeAll(async () => {
  await loadParser();
  db = await PGlite.create();
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** A fresh table t (with a row) and its neighbours, for each case. */
async function reset(): Promise<void> {
  await db.exec(`
    DROP VIEW IF EXISTS v; DROP TABLE IF EXISTS child; DROP TABLE IF EXISTS t; DROP TYPE IF EXISTS mood; DROP TYPE IF EXISTS mood2;
    CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');
    CREATE TYPE mood2 AS ENUM ('ok', 'sad');
    CREATE TABLE t (id int PRIMARY KEY, a int, m mood, c text);
    CREATE TABLE child (id int, t_id int);
    INSERT INTO t VALUES (1, NULL, 'ok', 'x');
  `);
}

/** Whether, after the statement, this transaction holds ACCESS EXCLUSIVE on t. */
async function holdsAccessExclusive(sql: string): Promise<boolean> {
  await reset();
  await db.exec('BEGIN');
  try {
    await db.exec(sql);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'relation' AND relation = 't'::regclass AND mode = 'AccessExclusiveLock' AND granted AND pid = pg_backend_pid()",
    );
    return rows[0]!.n > 0;
  } finally {
    await db.exec('ROLLBACK');
  }
}

const CASES: string[] = [
  'ALTER TABLE t ADD COLUMN b int',
  'ALTER TABLE t ALTER COLUMN c SET DEFAULT 1',
  "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID",
  'ALTER TABLE t ALTER COLUMN id SET NOT NULL',
  'ALTER TABLE t ALTER COLUMN a SET STATISTICS 100',
  'ALTER TABLE t SET (fillfactor = 70)',
  'ALTER TABLE child ADD CONSTRAINT fk FOREIGN KEY (t_id) REFERENCES t (id)',
  'ALTER TABLE t DISABLE TRIGGER ALL',
  'ALTER TABLE t RENAME COLUMN c TO d',
  'TRUNCATE t',
  'LOCK TABLE t',
  'LOCK TABLE t IN SHARE MODE',
  'CREATE INDEX ON t (a)',
  'UPDATE t SET a = 1',
];

describe('ACCESS EXCLUSIVE locks held until the transaction ends', () => {
  it.each(CASES)('%s', async (sql) => {
    const predicted = accessExclusiveTables(parseSource(sql).statements[0]!.node).includes('t');
    expect(predicted).toBe(await holdsAccessExclusive(sql));
  });

  it('a constraint added NOT VALID earlier in the transaction keeps VALIDATE under ACCESS EXCLUSIVE', async () => {
    expect(await holdsAccessExclusive('ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT ck')).toBe(true);
    await reset();
    await db.exec('ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID');
    await db.exec('BEGIN');
    await db.exec('ALTER TABLE t VALIDATE CONSTRAINT ck').catch(() => undefined);
    const { rows } = await db.query<{ mode: string }>("SELECT mode FROM pg_locks WHERE locktype = 'relation' AND relation = 't'::regclass AND pid = pg_backend_pid()");
    await db.exec('ROLLBACK');
    expect(rows.map((r) => r.mode)).toEqual(['ShareUpdateExclusiveLock']);
  });
});

describe('what the messages say', () => {
  it('SET NOT NULL fails when a row holds NULL', async () => {
    await reset();
    await expect(db.exec('ALTER TABLE t ALTER COLUMN a SET NOT NULL')).rejects.toThrow(/contains null values/);
  });

  it('moving a column from one enum to another (or back from text) rewrites the table', async () => {
    await reset();
    const file = async (): Promise<number> => (await db.query<{ f: number }>("SELECT relfilenode::int AS f FROM pg_class WHERE relname = 't'")).rows[0]!.f;
    const before = await file();
    await db.exec('ALTER TABLE t ALTER COLUMN m TYPE mood2 USING m::text::mood2');
    const afterEnum = await file();
    expect(afterEnum).not.toBe(before);
    await db.exec('ALTER TABLE t ALTER COLUMN m TYPE text');
    const afterText = await file();
    await db.exec('ALTER TABLE t ALTER COLUMN m TYPE mood USING m::mood');
    expect(await file()).not.toBe(afterText);
  });

  it('the cast to an enum without a value fails on a row holding it', async () => {
    await reset();
    await db.exec("UPDATE t SET m = 'meh'");
    await expect(db.exec('ALTER TABLE t ALTER COLUMN m TYPE mood2 USING m::text::mood2')).rejects.toThrow(/invalid input value for enum mood2: "meh"/);
  });

  it('DROP TABLE fails while a view or a foreign key of another table depends on it', async () => {
    await reset();
    await db.exec('CREATE VIEW v AS SELECT id FROM t');
    await expect(db.exec('DROP TABLE t')).rejects.toThrow(/other objects depend on it/);
    await db.exec('DROP VIEW v; ALTER TABLE child ADD CONSTRAINT fk FOREIGN KEY (t_id) REFERENCES t (id)');
    await expect(db.exec('DROP TABLE t')).rejects.toThrow(/other objects depend on it/);
  });
});
