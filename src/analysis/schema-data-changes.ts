/**
 * Data migrations in the schema state: which columns an UPDATE wrote, and which values of a
 * column an UPDATE, DELETE or TRUNCATE moved rows off (rules ask whether an enum value or NULL
 * can still be in the table).
 */
import type { CreateStmt, Node } from '@pgsql/types';
import { tableKey } from './names.js';
import { movedOffByAssignment, restrictedColumns } from './row-conditions.js';
import type { SchemaStore } from './schema-store.js';

type RangeVar = CreateStmt['relation'];

export function noteUpdate(store: SchemaStore, stmt: { relation?: RangeVar; targetList?: Node[]; whereClause?: Node }): void {
  const table = tableKey(stmt.relation);
  if (!table) return;
  const restricted = stmt.whereClause ? restrictedColumns(stmt.whereClause) : undefined;
  for (const target of stmt.targetList ?? []) {
    const { name, val } = (target as { ResTarget?: { name?: string; val?: Node } }).ResTarget ?? {};
    if (!name) continue;
    store.updated.add(`${table}\u0000${name}`);
    const moved = movedOffByAssignment(name, val, stmt.whereClause, restricted?.get(name));
    if (moved) noteMovedOff(store, table, name, moved);
  }
}

export function noteDelete(store: SchemaStore, stmt: { relation?: RangeVar; whereClause?: Node }): void {
  const table = tableKey(stmt.relation);
  if (!table) return;
  if (!stmt.whereClause) {
    noteMovedOff(store, table, '*', 'all');
    return;
  }
  for (const [column, values] of restrictedColumns(stmt.whereClause)) noteMovedOff(store, table, column, values);
}

export function noteTruncate(store: SchemaStore, stmt: { relations?: Node[] }): void {
  for (const relation of stmt.relations ?? []) {
    const table = tableKey((relation as { RangeVar?: RangeVar }).RangeVar);
    if (table) noteMovedOff(store, table, '*', 'all');
  }
}

function noteMovedOff(store: SchemaStore, table: string, column: string, values: string[] | 'all'): void {
  const key = `${table}\u0000${column}`;
  const list = store.movedOff.get(key) ?? [];
  list.push({ serial: store.migration, values });
  store.movedOff.set(key, list);
}
