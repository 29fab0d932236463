/**
 * What an expression says about the values of a column: which columns a CHECK proves NOT NULL,
 * which values a WHERE clause restricts a column to, and which enum values an UPDATE moves rows
 * off. The schema state uses them to tell a data migration from none.
 */
import type { Node } from '@pgsql/types';
import { strings } from './names.js';
import type { ConstraintKind } from './schema-shapes.js';

export function constraintKind(contype: string | undefined): ConstraintKind {
  switch (contype) {
    case 'CONSTR_CHECK':
      return 'check';
    case 'CONSTR_FOREIGN':
      return 'foreign-key';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_PRIMARY':
      return 'primary-key';
    case 'CONSTR_EXCLUSION':
      return 'exclusion';
    case 'CONSTR_NOTNULL':
      return 'not-null';
    default:
      return 'other';
  }
}

/** Columns an expression proves NOT NULL: `c IS NOT NULL`, possibly joined with AND. */
export function notNullColumns(expr: Node | undefined): string[] {
  if (!expr) return [];
  const test = (expr as { NullTest?: { arg?: Node; nulltesttype?: string } }).NullTest;
  if (test?.nulltesttype === 'IS_NOT_NULL') {
    const fields = strings((test.arg as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields);
    return fields.length ? [fields[fields.length - 1]!] : [];
  }
  const bool = (expr as { BoolExpr?: { boolop?: string; args?: Node[] } }).BoolExpr;
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap(notNullColumns);
  return [];
}

/** Stands for NULL among the values rows are moved off (`WHERE col IS NULL`); no enum value can be it. */
export const NULL_VALUE = '\u0000NULL';

/** A column reference's column name (`status`, `t.status`, `status::text`). */
function columnOf(expr: Node | undefined): string | undefined {
  const cast = (expr as { TypeCast?: { arg?: Node } } | undefined)?.TypeCast;
  if (cast) return columnOf(cast.arg);
  const fields = (expr as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields;
  const names = strings(fields);
  return fields && names.length === fields.length ? names.at(-1) : undefined;
}

/** A string constant, possibly cast (`'v'`, `'v'::status`). */
function literalOf(expr: Node | undefined): string | undefined {
  const cast = (expr as { TypeCast?: { arg?: Node } } | undefined)?.TypeCast;
  if (cast) return literalOf(cast.arg);
  return (expr as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
}

/**
 * The columns a WHERE clause restricts to known values: `col = 'v'`, `col IN ('a', 'b')`, ORs of
 * those on one column; in an AND, any term that restricts. Rows outside those values are untouched.
 */
export function restrictedColumns(where: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const test = (where as { NullTest?: { arg?: Node; nulltesttype?: string } }).NullTest;
  if (test?.nulltesttype === 'IS_NULL') {
    const column = columnOf(test.arg);
    if (column !== undefined) out.set(column, [NULL_VALUE]);
    return out;
  }
  const expr = (where as { A_Expr?: { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node } }).A_Expr;
  if (expr) {
    const operator = strings(expr.name).at(-1);
    if (expr.kind === 'AEXPR_OP' && operator === '=') {
      const [column, value] = columnOf(expr.lexpr) !== undefined ? [columnOf(expr.lexpr), literalOf(expr.rexpr)] : [columnOf(expr.rexpr), literalOf(expr.lexpr)];
      if (column !== undefined && value !== undefined) out.set(column, [value]);
    } else if (expr.kind === 'AEXPR_IN' && operator === '=') {
      const column = columnOf(expr.lexpr);
      const items = (expr.rexpr as { List?: { items?: Node[] } } | undefined)?.List?.items ?? [];
      const values = items.map(literalOf);
      if (column !== undefined && values.length > 0 && values.every((v) => v !== undefined)) out.set(column, values as string[]);
    }
    return out;
  }
  const bool = (where as { BoolExpr?: { boolop?: string; args?: Node[] } }).BoolExpr;
  if (bool?.boolop === 'AND_EXPR') {
    for (const arg of bool.args ?? []) for (const [column, values] of restrictedColumns(arg)) if (!out.has(column)) out.set(column, values);
  } else if (bool?.boolop === 'OR_EXPR') {
    const parts = (bool.args ?? []).map(restrictedColumns);
    const column = parts[0]?.size === 1 ? [...parts[0].keys()][0]! : undefined;
    if (column !== undefined && parts.every((p) => p.size === 1 && p.has(column))) out.set(column, parts.flatMap((p) => p.get(column)!));
  }
  return out;
}

/** Every string constant in an expression. */
function literalsIn(expr: unknown, out: string[] = []): string[] {
  if (expr === null || typeof expr !== 'object') return out;
  const sval = (expr as { A_Const?: { sval?: { sval?: string } } }).A_Const?.sval?.sval;
  if (sval !== undefined) out.push(sval);
  for (const field of Object.values(expr)) literalsIn(field, out);
  return out;
}

/** Whether an expression reads the column (`CASE col WHEN …`, `replace(col::text, …)`). */
function readsColumn(expr: unknown, column: string): boolean {
  if (expr === null || typeof expr !== 'object') return false;
  if (columnOf(expr as Node) === column && (expr as { ColumnRef?: unknown }).ColumnRef) return true;
  return Object.values(expr).some((field) => readsColumn(field, column));
}

/**
 * The values whose rows `SET column = value [WHERE …]` moves off: those the WHERE restricts the
 * column to; without a WHERE, those a mapping of the column names (CASE, replace), or every value
 * when it writes one value to every row. An UPDATE under another condition moves nothing off.
 */
export function movedOffByAssignment(column: string, value: Node | undefined, where: Node | undefined, restricted: string[] | undefined): string[] | 'all' | undefined {
  const written = literalOf(value);
  if (restricted) return restricted.filter((v) => v !== written);
  if (where) return undefined;
  if (readsColumn(value, column)) {
    const mapped = literalsIn(value);
    return mapped.length > 0 ? mapped : undefined;
  }
  return 'all';
}
