/**
 * PostgreSQL is the judge of which statements refuse a transaction block: each form runs inside
 * BEGIN on PGlite (PostgreSQL in-process), and the module must name exactly the statements that
 * fail there, with PostgreSQL's own name for them. Also the implicit transaction of a
 * multi-statement simple query, which runners that send a file as one query (golang-migrate) hit.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { refusedInTransactionBlock } from '../../src/analysis/transaction-block.js';

let db: PGlite;

beforeAll(async () => {
  await loadParser();
  db = new PGlite();
  await db.exec(`
    CREATE TABLE t (a int, b int);
    CREATE INDEX t_a ON t (a);
    CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
    CREATE UNIQUE INDEX mv_x ON mv (x);
    CREATE TABLE p (id int) PARTITION BY RANGE (id);
    CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
  `);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** The error PostgreSQL gives for the statement inside BEGIN, or undefined when it runs. */
async function inBegin(sql: string): Promise<string | undefined> {
  await db.exec('BEGIN');
  try {
    await db.exec(sql);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.exec('ROLLBACK');
  }
}

function analyse(sql: string) {
  const parsed = parseSource(sql);
  expect(parsed.failures).toEqual([]);
  return refusedInTransactionBlock(parsed.statements[0]!.node);
}

describe('statements refused in a transaction block', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY t_b ON t (b)', 'CREATE INDEX CONCURRENTLY'],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_ab ON t (a, b)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY t_a', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX TABLE CONCURRENTLY t', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) INDEX t_a', 'REINDEX CONCURRENTLY'],
    ['REINDEX SCHEMA public', 'REINDEX SCHEMA'],
    ['ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY', 'ALTER TABLE ... DETACH CONCURRENTLY'],
    ['VACUUM t', 'VACUUM'],
    ['VACUUM (ANALYZE) t', 'VACUUM'],
    ['CREATE DATABASE other', 'CREATE DATABASE'],
    ['DROP DATABASE IF EXISTS other', 'DROP DATABASE'],
    ["ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM'],
    ["CREATE TABLESPACE fast LOCATION '/tmp'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE IF EXISTS fast', 'DROP TABLESPACE'],
    ['CLUSTER', 'CLUSTER'],
    ['DISCARD ALL', 'DISCARD ALL'],
  ])('%s', async (sql, name) => {
    expect(analyse(sql)?.name).toBe(name);
    expect(await inBegin(sql)).toBe(`${name} cannot run inside a transaction block`);
  });

  it.each([
    'REFRESH MATERIALIZED VIEW CONCURRENTLY mv',
    'REINDEX TABLE t',
    'REINDEX (CONCURRENTLY false) INDEX t_a',
    'ANALYZE t',
    'CLUSTER t USING t_a',
    'CREATE INDEX t_b ON t (b)',
    'DROP INDEX t_a',
    'ALTER TABLE p DETACH PARTITION p1',
    'DISCARD TEMP',
  ])('%s runs inside a transaction block', async (sql) => {
    expect(analyse(sql)).toBeUndefined();
    expect(await inBegin(sql)).toBeUndefined();
  });
});

describe('one simple query with several statements is one implicit transaction block', () => {
  it('a lone CREATE INDEX CONCURRENTLY runs; with any other statement in the same query it fails', async () => {
    await expect(db.exec('CREATE INDEX CONCURRENTLY t_b1 ON t (b)')).resolves.toBeDefined();
    await expect(db.exec('CREATE INDEX CONCURRENTLY t_b2 ON t (b); CREATE INDEX CONCURRENTLY t_b3 ON t (a)')).rejects.toThrow(
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block',
    );
    await expect(db.exec("SET lock_timeout = '1s'; CREATE INDEX CONCURRENTLY t_b4 ON t (b)")).rejects.toThrow(
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block',
    );
    // A COMMIT inside the query ends the block, but the next statement starts another one.
    await expect(db.exec('COMMIT; CREATE INDEX CONCURRENTLY t_b5 ON t (b)')).rejects.toThrow('cannot run inside a transaction block');
  });
});

describe('transaction control inside a transaction (what no-transaction-control tells)', () => {
  it('a nested BEGIN opens nothing: the first COMMIT ends the block, and what follows runs on its own', async () => {
    // One statement per query, as runners that split a file send them.
    for (const sql of ['BEGIN', 'BEGIN', 'CREATE TABLE nested_1 (a int)', 'COMMIT', 'CREATE TABLE nested_2 (a int)', 'ROLLBACK']) await db.exec(sql);
    const { rows } = await db.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname LIKE 'nested_%' ORDER BY 1");
    // The final ROLLBACK, meant for the outer block, undid nothing: nested_2 was already committed.
    expect(rows.map((r) => r.relname)).toEqual(['nested_1', 'nested_2']);
  });

  it('in one query of several statements, what follows a COMMIT is a new implicit block', async () => {
    await db.exec('BEGIN; CREATE TABLE once_1 (a int); COMMIT; CREATE TABLE once_2 (a int); ROLLBACK;');
    const { rows } = await db.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname LIKE 'once_%' ORDER BY 1");
    expect(rows.map((r) => r.relname)).toEqual(['once_1']);
  });
});
