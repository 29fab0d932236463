/** Views and materialized views in the schema state: which exist, and the migration that created each. */
import type { Node } from '@pgsql/types';
import { nameKey, strings } from './names.js';
import type { SchemaStore } from './schema-store.js';

export function createView(store: SchemaStore, key: string | undefined, orReplace: boolean): void {
  // CREATE OR REPLACE of a view that exists keeps its age: code may already query it.
  if (key && !(orReplace && store.views.has(key))) store.views.set(key, store.migration);
}

export function renameView(store: SchemaStore, from: string | undefined, to: string, schema: string | undefined): void {
  const serial = from === undefined ? undefined : store.views.get(from);
  if (serial === undefined || !from) return;
  store.views.delete(from);
  store.views.set(nameKey(schema ? [schema, to] : [to])!, serial);
}

export function dropViews(store: SchemaStore, objects: Node[]): void {
  for (const object of objects) {
    const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
    if (key) store.views.delete(key);
  }
}
