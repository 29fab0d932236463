/** Object names as PostgreSQL resolves them, reduced to the keys the schema state uses. */
import type { Node, RangeVar, TypeName } from '@pgsql/types';

/** `public` is the default schema, so `public.t` and `t` name the same table. */
function qualify(schema: string | undefined, name: string): string {
  return schema && schema !== 'public' && schema !== 'pg_catalog' ? `${schema}.${name}` : name;
}

export function tableKey(relation: RangeVar | undefined): string | undefined {
  if (!relation?.relname) return undefined;
  return qualify(relation.schemaname, relation.relname);
}

/** The strings of a `[{ String: { sval } }, …]` list. */
export function strings(list: Node[] | undefined): string[] {
  const out: string[] = [];
  for (const item of list ?? []) {
    const value = (item as { String?: { sval?: string } }).String?.sval;
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** A qualified name given as a list of strings: `['app', 'status']` → `app.status`. */
export function nameKey(parts: string[]): string | undefined {
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  return qualify(parts.length > 1 ? parts[parts.length - 2] : undefined, name);
}

/** Type key of a TypeName: `pg_catalog.int4` → `int4`, `app.status` → `app.status`. */
export function typeKey(typeName: TypeName | undefined): string | undefined {
  return nameKey(strings(typeName?.names));
}

/** How the type reads in SQL, for messages (`status`, `integer[]`). */
export function typeLabel(typeName: TypeName | undefined): string {
  const key = typeKey(typeName) ?? '?';
  return typeName?.arrayBounds?.length ? `${key}[]` : key;
}
