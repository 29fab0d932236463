/**
 * Enum types in the schema state: CREATE TYPE … AS ENUM, ALTER TYPE … ADD/RENAME VALUE, renames
 * and DROP TYPE, and where each value's rows come from (the migration since which rows or code
 * may hold it), which a column carries along when it moves to another enum.
 */
import type { Node, TypeName } from '@pgsql/types';
import { nameKey, strings, typeKey } from './names.js';
import type { ColumnState, EnumState } from './schema-shapes.js';
import type { SchemaStore } from './schema-store.js';

export function createEnumType(store: SchemaStore, stmt: { typeName?: Node[]; vals?: Node[] }): void {
  const key = nameKey(strings(stmt.typeName));
  if (key) store.enums.set(key, { key, values: strings(stmt.vals), createdIn: store.migration, addedIn: new Map(), addedBy: new Map() });
}

export function alterEnumType(
  store: SchemaStore,
  stmt: { typeName?: Node[]; oldVal?: string; newVal?: string; newValNeighbor?: string; newValIsAfter?: boolean },
  transactionId: number,
): void {
  const found = store.enums.get(nameKey(strings(stmt.typeName)) ?? '');
  if (!found || stmt.newVal === undefined) return;
  if (stmt.oldVal !== undefined) {
    const at = found.values.indexOf(stmt.oldVal);
    if (at >= 0) found.values[at] = stmt.newVal;
    // The renamed value is the one rows held before: it keeps its origin.
    const origin = found.addedBy?.get(stmt.oldVal);
    if (origin !== undefined) found.addedBy!.set(stmt.newVal, origin);
    found.addedBy?.delete(stmt.oldVal);
    return;
  }
  if (found.values.includes(stmt.newVal)) return;
  const neighbor = stmt.newValNeighbor === undefined ? -1 : found.values.indexOf(stmt.newValNeighbor);
  if (neighbor < 0) found.values.push(stmt.newVal);
  else found.values.splice(stmt.newValIsAfter ? neighbor + 1 : neighbor, 0, stmt.newVal);
  found.addedIn.set(stmt.newVal, transactionId);
  (found.addedBy ??= new Map()).set(stmt.newVal, store.migration);
}

/** DROP TYPE; with CASCADE, PostgreSQL drops the columns of the type too. */
export function dropEnumTypes(store: SchemaStore, objects: Node[], cascade: boolean): void {
  for (const object of objects) {
    const key = typeKey((object as { TypeName?: TypeName }).TypeName);
    if (!key || !store.enums.delete(key) || !cascade) continue;
    for (const use of columnsOfType(store, key)) store.tables.get(use.table)?.columns.delete(use.column);
  }
}

export function columnsOfType(store: SchemaStore, type: string): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const table of store.tables.values()) {
    for (const column of table.columns.values()) if (column.type === type) out.push({ table: table.key, column: column.name });
  }
  return out;
}

/** Columns keep using a renamed type: they point at the type, not at its name. */
export function renameEnumType(store: SchemaStore, from: string | undefined, to: string | undefined): void {
  if (!from || !to) return;
  const found = store.enums.get(from);
  if (found) {
    store.enums.delete(from);
    found.key = to;
    store.enums.set(to, found);
  }
  for (const table of store.tables.values()) {
    for (const column of table.columns.values()) {
      if (column.type !== from) continue;
      column.type = to;
      if (column.typeSpec) column.typeSpec = { ...column.typeSpec, name: to };
    }
  }
}

/**
 * A column from before this batch moves to `target`: the values its rows may hold are in use
 * since they were in use before, however new `target` itself is (rename-recreate-drop).
 */
export function carryEnumValues(target: EnumState, column: ColumnState, before: EnumState | undefined): void {
  const origins = new Map<string, number>();
  if (before) {
    for (const value of before.values) origins.set(value, before.addedBy?.get(value) ?? before.createdIn);
  } else if (column.formerEnum) {
    const added = new Map(column.formerEnum.addedBy ?? []);
    for (const value of column.formerEnum.values) origins.set(value, added.get(value) ?? column.formerEnum.createdIn ?? 0);
  } else {
    // From text or another type: any value may be there already.
    for (const value of target.values) origins.set(value, column.createdIn ?? 0);
  }
  target.addedBy ??= new Map();
  for (const value of target.values) {
    const origin = origins.get(value);
    if (origin === undefined) continue;
    const known = target.addedBy.get(value) ?? target.createdIn;
    target.addedBy.set(value, Math.min(known, origin));
  }
}
