/**
 * `--with-rows`: before a pending migration runs, every empty table gets synthetic rows, so that
 * failures that depend on data (`ADD COLUMN … NOT NULL` without a default, `SET NOT NULL`, a
 * cast, a foreign key or check added on existing rows) show up as they would in production.
 *
 * The row is minimal: nullable columns NULL, columns with a default left to it, NOT NULL columns
 * given a value of their type (the first enum label, a parent's key for a foreign key). Parents
 * are filled before children. Nullable columns stay NULL on purpose: a made-up value in a text
 * column that the application fills with JSON (Harbor's replication_policy.filters) would make a
 * later `::jsonb` fail where production data does not. A table whose row 1
 * PostgreSQL rejects (a check constraint, a type verify cannot make up) is named in a warning.
 */
import { databaseFailure, quoteIdent, type Database } from './database.js';

interface Column {
  rel: number;
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
  type: string;
  baseType: string;
  category: string;
  firstLabel: string | null;
  lastLabel: string | null;
}

interface Table {
  oid: number;
  name: string;
  /** `"schema"."table"` */
  quoted: string;
  columns: Column[];
  /** Foreign keys: this table's columns → the parent table and its columns. */
  foreignKeys: { columns: string[]; parent: number; parentColumns: string[] }[];
}

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;

/** Fills the empty tables; returns one warning per table that could not be given a row. */
export async function fillTables(db: Database, inTransaction: boolean): Promise<string[]> {
  const tables = await readTables(db);
  const warnings: string[] = [];
  if (tables.size === 0) return warnings;
  // One round trip for the whole schema: which tables have no row.
  const probes = [...tables.values()].map((t) => `select ${t.oid} as oid where not exists (select from ${t.quoted})`);
  const empty = new Set((await db.rows<{ oid: number }>(probes.join(' union all '))).map((r) => Number(r.oid)));
  for (const table of parentsFirst(tables)) {
    if (!empty.has(table.oid)) continue;
    const minimal = await tryInsert(db, insertSql(table, tables, 1), inTransaction);
    if (minimal !== undefined) {
      warnings.push(`--with-rows: no synthetic row for table ${table.name}: ${minimal}; migrations that depend on its data are checked without it.`);
      continue;
    }
  }
  return warnings;
}

/** undefined when the insert worked, else PostgreSQL's message. */
async function tryInsert(db: Database, sql: string, inTransaction: boolean): Promise<string | undefined> {
  try {
    if (inTransaction) await db.exec('SAVEPOINT migration_lint_rows');
    await db.exec(sql);
    if (inTransaction) await db.exec('RELEASE SAVEPOINT migration_lint_rows');
    return undefined;
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    if (inTransaction) await db.exec('ROLLBACK TO SAVEPOINT migration_lint_rows');
    return failure.message;
  }
}

function insertSql(table: Table, tables: Map<number, Table>, row: 1 | 2): string {
  const names: string[] = [];
  const values: string[] = [];
  const byColumn = new Map<string, { parent: Table; column: string }>();
  for (const fk of table.foreignKeys) {
    const parent = tables.get(fk.parent);
    if (!parent) continue;
    fk.columns.forEach((c, i) => byColumn.set(c, { parent, column: fk.parentColumns[i]! }));
  }
  for (const column of table.columns) {
    if (column.generated || column.hasDefault) continue;
    if (!column.notNull && row === 1) continue;
    const reference = byColumn.get(column.name);
    const value = reference
      ? `(select ${quoteIdent(reference.column)} from ${reference.parent.quoted} limit 1)`
      : valueOf(column, row);
    if (value === undefined) continue;
    names.push(quoteIdent(column.name));
    values.push(value);
  }
  return names.length === 0 ? `insert into ${table.quoted} default values` : `insert into ${table.quoted} (${names.join(', ')}) values (${values.join(', ')})`;
}

/** A literal of the column's type; row 2 differs from row 1 so unique columns take both. */
function valueOf(column: Column, row: 1 | 2): string | undefined {
  const cast = (literal: string): string => `'${literal.replace(/'/g, "''")}'::${column.type}`;
  if (column.category === 'E') {
    const label = row === 1 ? column.firstLabel : column.lastLabel;
    return label === null ? undefined : cast(label);
  }
  switch (column.baseType) {
    case 'uuid':
      return cast(`00000000-0000-4000-8000-00000000000${row}`);
    case 'json':
    case 'jsonb':
      return cast(row === 1 ? '{}' : '{"migration_lint": 2}');
    case 'bytea':
      return cast(`\\x0${row}`);
    case 'xml':
      return cast('<row/>');
    case 'tsvector':
    case 'tsquery':
      return cast(`row${row}`);
    case 'date':
      return cast(`2000-01-0${row}`);
    case 'time':
    case 'time without time zone':
    case 'time with time zone':
    case 'timetz':
      return cast(`00:00:0${row}`);
    case 'pg_lsn':
      return cast(`0/${row}`);
    case 'macaddr':
    case 'macaddr8':
      return cast(`08:00:2b:01:02:0${row}`);
    case 'money':
      return cast(String(row));
    case 'oid':
      return cast(String(row));
    default:
  }
  switch (column.category) {
    case 'B':
      return cast(row === 1 ? 'true' : 'false');
    case 'N':
      return cast(String(row));
    case 'S':
      return cast(row === 1 ? 'a' : 'b');
    case 'D':
      return cast(`2000-01-0${row} 00:00:00`);
    case 'T':
      return cast(`${row} day`);
    case 'I':
      return cast(`10.0.0.${row}`);
    case 'A':
      return cast('{}');
    case 'V':
      return `${row - 1}::${column.type}`;
    case 'G':
      return cast(`(${row},${row})`);
    case 'R':
      return cast('empty');
    default:
      return undefined;
  }
}

async function readTables(db: Database): Promise<Map<number, Table>> {
  const tables = new Map<number, Table>();
  for (const row of await db.rows<{ oid: number; schema: string; name: string }>(
    `select c.oid::int as oid, n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and ${USER_SCHEMAS} order by n.nspname, c.relname`,
  )) {
    const oid = Number(row.oid);
    tables.set(oid, {
      oid,
      name: row.schema === 'public' ? row.name : `${row.schema}.${row.name}`,
      quoted: `${quoteIdent(row.schema)}.${quoteIdent(row.name)}`,
      columns: [],
      foreignKeys: [],
    });
  }
  if (tables.size === 0) return tables;
  const oids = [...tables.keys()].join(',');
  const columns = await db.rows<Record<string, unknown>>(
    `select a.attrelid::int as rel, a.attname as name, (a.attnotnull or coalesce(t.typnotnull, false)) as not_null,
            (a.atthasdef or a.attidentity <> '' or (t.typtype = 'd' and t.typdefault is not null)) as has_default, a.attgenerated <> '' as generated,
            format_type(a.atttypid, a.atttypmod) as type, format_type(b.oid, null) as base_type, b.typcategory::text as category,
            (select e.enumlabel from pg_enum e where e.enumtypid = b.oid order by e.enumsortorder limit 1) as first_label,
            (select e.enumlabel from pg_enum e where e.enumtypid = b.oid order by e.enumsortorder desc limit 1) as last_label
       from pg_attribute a join pg_type t on t.oid = a.atttypid
       join pg_type b on b.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
      where a.attrelid in (${oids}) and a.attnum > 0 and not a.attisdropped order by a.attrelid, a.attnum`,
  );
  for (const c of columns) {
    tables.get(Number(c.rel))?.columns.push({
      rel: Number(c.rel),
      name: String(c.name),
      notNull: c.not_null === true,
      hasDefault: c.has_default === true,
      generated: c.generated === true,
      type: String(c.type),
      baseType: String(c.base_type),
      category: String(c.category),
      firstLabel: (c.first_label as string | null) ?? null,
      lastLabel: (c.last_label as string | null) ?? null,
    });
  }
  const keys = await db.rows<{ rel: number; parent: number; columns: string[]; parent_columns: string[] }>(
    `select k.conrelid::int as rel, k.confrelid::int as parent,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) as parent_columns
       from pg_constraint k where k.contype = 'f' and k.conrelid in (${oids}) order by k.conname`,
  );
  for (const k of keys) tables.get(Number(k.rel))?.foreignKeys.push({ columns: k.columns, parent: Number(k.parent), parentColumns: k.parent_columns });
  return tables;
}

/** Tables ordered so that each comes after the tables its foreign keys point to (cycles: as found). */
function parentsFirst(tables: Map<number, Table>): Table[] {
  const ordered: Table[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (table: Table): void => {
    if (state.has(table.oid)) return;
    state.set(table.oid, 'visiting');
    for (const fk of table.foreignKeys) {
      const parent = tables.get(fk.parent);
      if (parent && parent.oid !== table.oid) visit(parent);
    }
    state.set(table.oid, 'done');
    ordered.push(table);
  };
  for (const table of tables.values()) visit(table);
  return ordered;
}
