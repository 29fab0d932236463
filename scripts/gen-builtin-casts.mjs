// Generates src/analysis/builtin-casts.json from a real PostgreSQL catalog (pg_cast, pg_type),
// using PGlite (PostgreSQL compiled to WASM, in-process):
//
//   node scripts/gen-builtin-casts.mjs
//
// ALTER COLUMN … TYPE without USING converts with an assignment cast; a type pair with only an
// explicit cast (or none) fails with `column "c" cannot be cast automatically to type t`. A cast
// with castmethod 'b' (binary coercible) lets PostgreSQL skip the table rewrite.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const OUT = fileURLToPath(new URL('../src/analysis/builtin-casts.json', import.meta.url));
const db = await PGlite.create();
try {
  const version = (await db.query('SELECT pg_catalog.version() AS v')).rows[0].v.split(' on ')[0];
  const types = await db.query(`
    SELECT t.typname AS name, t.typcategory AS category
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'pg_catalog' AND t.typtype = 'b' AND t.typname NOT LIKE '\\_%' AND t.typisdefined
    ORDER BY 1`);
  const casts = await db.query(`
    SELECT s.typname AS source, t.typname AS target, c.castcontext AS context, c.castmethod AS method
    FROM pg_catalog.pg_cast c
    JOIN pg_catalog.pg_type s ON s.oid = c.castsource JOIN pg_catalog.pg_namespace sn ON sn.oid = s.typnamespace
    JOIN pg_catalog.pg_type t ON t.oid = c.casttarget JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
    WHERE sn.nspname = 'pg_catalog' AND tn.nspname = 'pg_catalog' AND s.typtype = 'b' AND t.typtype = 'b'
      AND s.oid <> t.oid
    ORDER BY 1, 2`);
  const out = {
    source: `pg_cast and pg_type of ${version}`,
    categories: Object.fromEntries(types.rows.map((r) => [r.name, r.category])),
    casts: Object.fromEntries(casts.rows.map((r) => [`${r.source}>${r.target}`, `${r.context}${r.method}`])),
  };
  await writeFile(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${types.rows.length} types, ${casts.rows.length} casts`);
} finally {
  await db.close();
}
