/**
 * What a statement did, read from PostgreSQL itself: the relation locks verify's own backend
 * holds after it (pg_locks, inside the migration's transaction, minus those held before), and
 * the relations whose data file changed (pg_class.relfilenode before and after: a rewrite).
 */
import type { Database } from './database.js';

export interface ObservedLock {
  /** `users`, or `app.users` outside the public schema (as the schema state names relations). */
  relation: string;
  /** `ACCESS EXCLUSIVE`, …: PostgreSQL's lock mode in the docs' spelling. */
  mode: string;
  /** pg_class.relkind: `r` table, `i` index, `p` partitioned table, `m` materialized view, … */
  kind: string;
  /** The statement created the relation: nobody else can be using it yet. */
  created?: true;
}

export interface Observation {
  locks: ObservedLock[];
  /** Tables and materialized views written anew (relfilenode changed). */
  rewrites: string[];
  /** Indexes built anew (a rewrite rebuilds them, REINDEX too). */
  rebuiltIndexes: string[];
}

interface Relation {
  name: string;
  kind: string;
  filenode: number;
}

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;

export async function relations(db: Database): Promise<Map<number, Relation>> {
  const rows = await db.rows<{ oid: number; schema: string; name: string; kind: string; filenode: number }>(
    `select c.oid::int as oid, n.nspname as schema, c.relname as name, c.relkind::text as kind, c.relfilenode::int as filenode
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm', 'i', 'I', 'v', 'S', 'f') and ${USER_SCHEMAS}`,
  );
  return new Map(rows.map((r) => [Number(r.oid), { name: qualified(r.schema, r.name), kind: r.kind, filenode: Number(r.filenode) }]));
}

async function heldLocks(db: Database): Promise<Map<string, { oid: number; mode: string }>> {
  const rows = await db.rows<{ oid: number; mode: string }>(
    `select l.relation::int as oid, l.mode from pg_locks l where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
  );
  return new Map(rows.map((r) => [`${r.oid}:${r.mode}`, { oid: Number(r.oid), mode: r.mode }]));
}

/** Snapshot before a statement; `finish` reads what changed once it has run. */
export async function startObservation(db: Database): Promise<{ finish(): Promise<Observation> }> {
  const before = await relations(db);
  const locksBefore = await heldLocks(db);
  return {
    async finish() {
      const locksAfter = await heldLocks(db);
      const after = await relations(db);
      const locks: ObservedLock[] = [];
      for (const [key, lock] of locksAfter) {
        if (locksBefore.has(key)) continue;
        // A relation dropped by the statement is named as it was before.
        const relation = after.get(lock.oid) ?? before.get(lock.oid);
        if (!relation) continue; // catalogs and the pg_locks view itself
        locks.push({ relation: relation.name, mode: docsMode(lock.mode), kind: relation.kind, ...(before.has(lock.oid) ? {} : { created: true as const }) });
      }
      locks.sort((a, b) => (a.relation < b.relation ? -1 : a.relation > b.relation ? 1 : a.mode < b.mode ? -1 : a.mode > b.mode ? 1 : 0));
      const rewrites: string[] = [];
      const rebuiltIndexes: string[] = [];
      for (const [oid, was] of before) {
        const now = after.get(oid);
        if (!now || now.filenode === was.filenode || was.filenode === 0) continue;
        if (now.kind === 'i') rebuiltIndexes.push(now.name);
        else if (now.kind === 'r' || now.kind === 'm') rewrites.push(now.name);
      }
      return { locks, rewrites: rewrites.sort(), rebuiltIndexes: rebuiltIndexes.sort() };
    },
  };
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`. */
export function docsMode(pgLocksMode: string): string {
  return pgLocksMode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

function qualified(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}
