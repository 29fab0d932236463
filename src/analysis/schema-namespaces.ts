/** Schemas (namespaces) in the schema state: CREATE SCHEMA, DROP SCHEMA, and a rename, which moves everything in it. */
import { nameKey } from './names.js';
import type { SchemaStore } from './schema-store.js';
import { renameEnumType } from './schema-enum-types.js';

export function createSchema(store: SchemaStore, stmt: { schemaname?: string; if_not_exists?: boolean }): void {
  if (stmt.schemaname && !(stmt.if_not_exists && store.schemas.has(stmt.schemaname))) store.schemas.set(stmt.schemaname, store.migration);
}

export function dropSchemas(store: SchemaStore, names: string[]): void {
  for (const name of names) store.schemas.delete(name);
}

/**
 * Everything in the schema moves with it: `app.orders` is `shop.orders` after
 * ALTER SCHEMA app RENAME TO shop. (`public` objects have unqualified keys and stay as they are.)
 */
export function renameSchema(store: SchemaStore, from: string, to: string): void {
  const serial = store.schemas.get(from);
  if (serial !== undefined) {
    store.schemas.delete(from);
    store.schemas.set(to, serial);
  }
  if (from === 'public') return;
  const moved = (key: string): string | undefined => (key.startsWith(`${from}.`) ? nameKey([to, key.slice(from.length + 1)]) : undefined);
  for (const [key, table] of [...store.tables]) {
    const target = moved(key);
    if (target === undefined) continue;
    store.tables.delete(key);
    table.key = target;
    store.tables.set(target, table);
  }
  for (const table of store.tables.values()) {
    if (table.partitionOf) table.partitionOf = moved(table.partitionOf) ?? table.partitionOf;
    for (const constraint of table.constraints.values()) if (constraint.references) constraint.references = moved(constraint.references) ?? constraint.references;
  }
  for (const [key, index] of [...store.indexes]) {
    index.table = moved(index.table) ?? index.table;
    const target = moved(key);
    if (target === undefined) continue;
    store.indexes.delete(key);
    index.key = target;
    store.indexes.set(target, index);
  }
  for (const [key, serial] of [...store.views]) {
    const target = moved(key);
    if (target === undefined) continue;
    store.views.delete(key);
    store.views.set(target, serial);
  }
  for (const key of [...store.enums.keys()]) {
    const target = moved(key);
    if (target !== undefined) renameEnumType(store, key, target);
  }
}
