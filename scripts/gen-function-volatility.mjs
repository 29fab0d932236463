// Generates src/analysis/builtin-function-volatility.json from a real
// PostgreSQL catalog (pg_proc), using PGlite (PostgreSQL compiled to WASM,
// runs in-process, no server needed). PGlite is deliberately not a dependency:
//
//   npm install --no-save @electric-sql/pglite && node scripts/gen-function-volatility.mjs
//
// Each function name lands in exactly one list. When overloads of one name
// differ in volatility, the name goes in the most volatile list among them
// (volatile > stable > immutable), which is the conservative choice for rules
// such as "ADD COLUMN ... DEFAULT <volatile expr> rewrites the table".
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const OUT = fileURLToPath(new URL('../src/analysis/builtin-function-volatility.json', import.meta.url));

// Functions returning these pseudo-types cannot appear in an ordinary
// expression (trigger functions, PL/FDW/AM/tablesample handlers, and
// `internal`-returning support functions), so they are left out.
const QUERY = `
  SELECT p.proname AS name, p.provolatile AS vol
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'pg_catalog'
    AND p.prokind = 'f'
    AND p.prorettype NOT IN (
      'pg_catalog.trigger'::pg_catalog.regtype,
      'pg_catalog.event_trigger'::pg_catalog.regtype,
      'pg_catalog.language_handler'::pg_catalog.regtype,
      'pg_catalog.fdw_handler'::pg_catalog.regtype,
      'pg_catalog.index_am_handler'::pg_catalog.regtype,
      'pg_catalog.table_am_handler'::pg_catalog.regtype,
      'pg_catalog.tsm_handler'::pg_catalog.regtype,
      'pg_catalog.internal'::pg_catalog.regtype
    )
`;

const RANK = { i: 0, s: 1, v: 2 };
const LIST = ['immutable', 'stable', 'volatile'];

const started = performance.now();
const db = await PGlite.create();
try {
  // e.g. "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32-..., compiled by ..." -> keep up to " on ".
  const fullVersion = (await db.query('SELECT pg_catalog.version() AS v')).rows[0].v;
  const version = fullVersion.split(' on ')[0];
  const { rows } = await db.query(QUERY);

  /** @type {Map<string, number>} name -> highest volatility rank */
  const byName = new Map();
  for (const { name, vol } of rows) {
    const rank = RANK[vol];
    if (rank === undefined) throw new Error(`unexpected provolatile ${JSON.stringify(vol)} for ${name}`);
    byName.set(name, Math.max(byName.get(name) ?? -1, rank));
  }

  const out = { source: `pg_proc of ${version}`, immutable: [], stable: [], volatile: [] };
  for (const [name, rank] of byName) out[LIST[rank]].push(name);
  // Plain code-unit order (not locale-dependent) keeps the output deterministic.
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  for (const key of LIST) out[key].sort(cmp);

  await writeFile(OUT, JSON.stringify(out, null, 1) + '\n');

  const ms = Math.round(performance.now() - started);
  console.log(fullVersion);
  console.log(`${rows.length} pg_proc rows -> ${byName.size} names: ` +
    LIST.map((k) => `${k} ${out[k].length}`).join(', '));
  console.log(`wrote ${OUT} in ${ms} ms`);
} finally {
  await db.close();
}
