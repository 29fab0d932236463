/**
 * A column type as PostgreSQL stores it: its canonical name, its modifiers and whether it is an
 * array, read from a parse tree's TypeName; and the label SQL writes it with. The schema state
 * keeps one per column; the cast verdicts of type-changes.ts compare two.
 */
import type { Node, TypeName } from '@pgsql/types';
import { typeKey } from './names.js';

/** A type with its modifiers, e.g. `{ name: 'varchar', mods: [20], array: false }`. */
export interface TypeSpec {
  name: string;
  mods: number[];
  array: boolean;
}

export function typeSpec(typeName: TypeName | undefined): TypeSpec | undefined {
  const name = typeKey(typeName);
  if (!name) return undefined;
  const mods: number[] = [];
  for (const mod of (typeName?.typmods ?? []) as Node[]) {
    const value = (mod as { A_Const?: { ival?: { ival?: number } } }).A_Const?.ival;
    if (value) mods.push(value.ival ?? 0);
  }
  return { name: ALIASES[name] ?? name, mods, array: !!typeName?.arrayBounds?.length };
}

/** Names the grammar does not normalise, when written unqualified. */
const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  boolean: 'bool',
  real: 'float4',
  decimal: 'numeric',
  'double precision': 'float8',
  timestamp: 'timestamp',
};

export function typeLabelOf(spec: TypeSpec | undefined): string {
  if (!spec) return '?';
  const label = DISPLAY[spec.name] ?? spec.name;
  return `${label}${spec.mods.length ? `(${spec.mods.join(',')})` : ''}${spec.array ? '[]' : ''}`;
}

const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  bpchar: 'char',
};
