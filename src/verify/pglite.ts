/**
 * PGlite: PostgreSQL compiled to WebAssembly, running in this process with an in-memory data
 * directory. Extensions must be handed to PGlite when it starts, so the caller says which ones
 * the migrations create; PGLITE_EXTENSIONS lists the ones this PGlite version ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Extension, PGlite as PGliteClass } from '@electric-sql/pglite';
import type { Database } from './database.js';

/**
 * The contrib extensions @electric-sql/pglite ships (`@electric-sql/pglite/contrib/<module>`), by
 * the name `CREATE EXTENSION` takes. plpgsql is built in. Checked against the package by
 * test/verify/pglite.test.ts.
 */
export const PGLITE_EXTENSIONS: Readonly<Record<string, string>> = {
  amcheck: 'amcheck',
  auto_explain: 'auto_explain',
  bloom: 'bloom',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  dict_int: 'dict_int',
  dict_xsyn: 'dict_xsyn',
  earthdistance: 'earthdistance',
  file_fdw: 'file_fdw',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  moddatetime: 'moddatetime',
  pageinspect: 'pageinspect',
  pg_buffercache: 'pg_buffercache',
  pg_freespacemap: 'pg_freespacemap',
  pg_stat_statements: 'pg_stat_statements',
  pg_surgery: 'pg_surgery',
  pg_trgm: 'pg_trgm',
  pg_visibility: 'pg_visibility',
  pg_walinspect: 'pg_walinspect',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  tcn: 'tcn',
  tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
};

/** Extensions that are part of PostgreSQL itself and need nothing loaded. */
export const BUILTIN_EXTENSIONS = new Set(['plpgsql']);

export function pgliteVersion(): string {
  try {
    // The package's exports do not include package.json: find it next to the entry point.
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const file = path.join(path.dirname(entry), '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface PgliteDatabase extends Database {
  /** The data directory as a tar archive, for the history cache. */
  dump(): Promise<Blob>;
}

/** `timeZone`: the server's TimeZone, the one RESET and SET TIME ZONE LOCAL return to (PGlite's own is UTC). */
export async function openPglite(extensionNames: Iterable<string>, dataDir?: Blob, timeZone?: string): Promise<PgliteDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const extensions: Record<string, Extension> = {};
  for (const name of extensionNames) {
    const module = PGLITE_EXTENSIONS[name];
    if (!module) continue;
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    extensions[module] = loaded[module]!;
  }
  const db: PGliteClass = await PGlite.create({
    extensions,
    ...(dataDir ? { loadDataDir: dataDir } : {}),
    ...(timeZone ? { startParams: [...PGlite.defaultStartParams, '-c', `TimeZone=${timeZone}`] } : {}),
  });
  const version = String((await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '');
  return {
    description: `PGlite ${pgliteVersion()} (PostgreSQL ${version})`,
    majorVersion: Number.parseInt(version, 10),
    async exec(sql) {
      await db.exec(sql);
    },
    async rows<T extends Record<string, unknown>>(sql: string) {
      return (await db.query<T>(sql)).rows;
    },
    async close() {
      await db.close();
    },
    dump: () => db.dumpDataDir('gzip'),
  };
}
