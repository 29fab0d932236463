/**
 * Runs a statement on a real PostgreSQL (PGlite, PostgreSQL 18 in-process) and reports what it
 * did: the strongest lock its own backend held on each relation, which relations got a new
 * relfilenode (rewritten), and which tables were read in full (sequential scans counted in
 * `pg_stat_xact_user_tables`).
 *
 * Statements that may run in a transaction run inside one, and `pg_locks` is read before the
 * ROLLBACK, so the fixture stays as it was. Statements PostgreSQL refuses in a transaction block
 * (CONCURRENTLY, VACUUM) cannot be watched that way and PGlite has one connection, so two probes
 * report from inside them: an index expression that calls `lock_probe()` (evaluated while an index
 * is built: CREATE INDEX CONCURRENTLY, REINDEX, VACUUM FULL, CLUSTER) and an event trigger at
 * `ddl_command_end` (DETACH PARTITION CONCURRENTLY, DROP INDEX CONCURRENTLY). Both RAISE NOTICE
 * with the backend's `pg_locks`.
 */
import { PGlite } from '@electric-sql/pglite';

const PROBE = `string_agg(l.relation::text || '=' || l.mode, ',') FROM pg_locks l WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'`;

export const PROBE_SETUP = `
CREATE FUNCTION lock_probe(x int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RAISE NOTICE 'locks:%', (SELECT ${PROBE}); RETURN x; END $$;
CREATE FUNCTION lock_probe_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'locks:%', (SELECT ${PROBE}); END $$;
CREATE EVENT TRIGGER lock_probe_ddl ON ddl_command_end EXECUTE FUNCTION lock_probe_ddl();
`;

const PG_MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];

export interface Observation {
  /** Strongest `pg_locks.mode` per relation name. */
  locks: Map<string, string>;
  /** Relations whose relfilenode changed. */
  rewritten: Set<string>;
  /** Tables with a sequential scan. */
  scanned: Set<string>;
  /** The error PostgreSQL raised, if any. */
  error?: string;
}

export class LockLab {
  private constructor(readonly db: PGlite) {}

  static async start(fixture: string): Promise<LockLab> {
    const db = await PGlite.create();
    await db.exec(PROBE_SETUP);
    await db.exec(fixture);
    return new LockLab(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async relations(): Promise<Map<string, { name: string; filenode: number }>> {
    const { rows } = await this.db.query<{ oid: number; relname: string; relfilenode: number }>(
      `SELECT c.oid::int AS oid, c.relname, c.relfilenode::int AS relfilenode FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace`,
    );
    return new Map(rows.map((r) => [String(r.oid), { name: r.relname, filenode: r.relfilenode }]));
  }

  private async scans(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ relname: string; seq_scan: number }>(`SELECT relname, seq_scan::int AS seq_scan FROM pg_stat_xact_user_tables`);
    return new Map(rows.map((r) => [r.relname, r.seq_scan]));
  }

  /** Runs `sql` in a transaction (rolled back) and reads what it locked, rewrote and scanned. */
  async inTransaction(sql: string, setup = ''): Promise<Observation> {
    await this.db.exec('BEGIN');
    try {
      if (setup) await this.db.exec(setup);
      const before = await this.relations();
      const scansBefore = await this.scans();
      let error: string | undefined;
      try {
        // Separate messages: a statement the grammar rejects would take the SAVEPOINT down with it.
        await this.db.exec('SAVEPOINT s');
        await this.db.exec(sql);
        await this.db.exec('RELEASE s');
      } catch (e) {
        error = (e as Error).message;
        await this.db.exec('ROLLBACK TO s');
      }
      const { rows } = await this.db.query<{ relation: string; mode: string }>(
        `SELECT l.relation::text AS relation, l.mode FROM pg_locks l WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'`,
      );
      const after = await this.relations();
      const scansAfter = await this.scans();
      return { ...summarize(rows.map((r) => [r.relation, r.mode]), before, after, scansBefore, scansAfter), error };
    } finally {
      await this.db.exec('ROLLBACK');
    }
  }

  /** Runs `sql` on its own (autocommit), reading locks through the probes' notices. */
  async outsideTransaction(sql: string, setup = '', teardown = ''): Promise<Observation> {
    if (setup) await this.db.exec(setup);
    const before = await this.relations();
    const notices: [string, string][] = [];
    let error: string | undefined;
    try {
      await this.db.query(sql, [], {
        onNotice: (notice) => {
          const text = notice.message ?? '';
          if (!text.startsWith('locks:')) return;
          for (const pair of text.slice('locks:'.length).split(',')) {
            const [relation, mode] = pair.split('=');
            if (relation && mode) notices.push([relation, mode]);
          }
        },
      });
    } catch (e) {
      error = (e as Error).message;
    }
    const after = await this.relations();
    if (teardown) await this.db.exec(teardown);
    return { ...summarize(notices, before, after, new Map(), new Map()), error };
  }

  /** Whether PostgreSQL refuses `sql` inside a transaction block. */
  async refusedInTransaction(sql: string): Promise<string | undefined> {
    return (await this.inTransaction(sql)).error;
  }
}

function summarize(
  pairs: [string, string][],
  before: Map<string, { name: string; filenode: number }>,
  after: Map<string, { name: string; filenode: number }>,
  scansBefore: Map<string, number>,
  scansAfter: Map<string, number>,
): Omit<Observation, 'error'> {
  const name = (oid: string): string => before.get(oid)?.name ?? after.get(oid)?.name ?? oid;
  const locks = new Map<string, string>();
  for (const [oid, mode] of pairs) {
    const relation = name(oid);
    const held = locks.get(relation);
    if (!held || PG_MODES.indexOf(mode) > PG_MODES.indexOf(held)) locks.set(relation, mode);
  }
  // By name: REINDEX CONCURRENTLY swaps in a new index under the old name.
  const filenodes = new Map([...after.values()].map((r) => [r.name, r.filenode]));
  const rewritten = new Set<string>();
  for (const rel of before.values()) {
    const now = filenodes.get(rel.name);
    if (now !== undefined && now !== rel.filenode) rewritten.add(rel.name);
  }
  const scanned = new Set<string>();
  for (const [relation, count] of scansAfter) if (count > (scansBefore.get(relation) ?? 0)) scanned.add(relation);
  return { locks, rewritten, scanned };
}
