/** Indexes in the schema state: CREATE INDEX (the table and plain columns of each) and DROP INDEX. */
import type { CreateStmt, Node } from '@pgsql/types';
import { nameKey, strings, tableKey } from './names.js';
import type { SchemaStore } from './schema-store.js';

export function createIndex(store: SchemaStore, stmt: { idxname?: string; relation?: CreateStmt['relation']; if_not_exists?: boolean; indexParams?: Node[] }): void {
  const table = tableKey(stmt.relation);
  if (!table || !stmt.idxname) return;
  // An index lives in its table's schema.
  const key = nameKey(stmt.relation?.schemaname ? [stmt.relation.schemaname, stmt.idxname] : [stmt.idxname])!;
  if (stmt.if_not_exists && store.indexes.has(key)) return;
  const columns = (stmt.indexParams ?? []).map((p) => (p as { IndexElem?: { name?: string } }).IndexElem?.name).filter((c): c is string => !!c);
  store.indexes.set(key, { key, table, columns, createdIn: store.migration });
}

export function dropIndexes(store: SchemaStore, objects: Node[]): void {
  for (const object of objects) {
    const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
    if (key) store.indexes.delete(key);
  }
}
