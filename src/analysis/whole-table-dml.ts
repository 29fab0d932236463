/**
 * Whether an UPDATE or DELETE touches every row of its table: no WHERE, a WHERE that is true
 * for every row (`true`, `1 = 1`, an OR with such a branch), or `col IS NULL` on a column that
 * the same migration added without a default and has not written since (every row is NULL).
 */
import type { AlterTableCmd, ColumnDef, Constraint, DeleteStmt, Node, UpdateStmt } from '@pgsql/types';
import { strings, tableKey } from './names.js';

export type WholeTableReason = 'no WHERE clause' | 'a WHERE clause that is always true' | string;

type ConstValue = { isnull?: boolean; sval?: { sval?: string }; ival?: { ival?: number }; fval?: { fval?: string }; boolval?: { boolval?: boolean } };

/** A constant's value as a comparable string; undefined for anything else. */
function constant(node: Node | undefined): string | undefined {
  const value = (node as { A_Const?: ConstValue } | undefined)?.A_Const;
  if (!value || value.isnull) return undefined;
  if (value.boolval) return `b:${value.boolval.boolval === true}`;
  if (value.ival) return `n:${value.ival.ival ?? 0}`;
  if (value.fval) return `n:${Number(value.fval.fval)}`;
  if (value.sval) return `s:${value.sval.sval ?? ''}`;
  return undefined;
}

/**
 * Columns known to be NULL in every row: added by this migration without a default or
 * identity, not yet written by an UPDATE. Kept per file by the rule that asks.
 */
export class AllNullColumns {
  private readonly columns = new Set<string>();

  has(table: string, column: string): boolean {
    return this.columns.has(`${table}\u0000${column}`);
  }

  /** Applies one top-level statement. */
  observe(node: Node): void {
    const alter = (node as { AlterTableStmt?: { relation?: UpdateStmt['relation']; cmds?: Node[] } }).AlterTableStmt;
    if (alter) {
      const table = tableKey(alter.relation);
      for (const item of alter.cmds ?? []) {
        const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
        const def = (cmd?.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        if (!table || cmd?.subtype !== 'AT_AddColumn' || !def?.colname) continue;
        const filled = (def.constraints ?? []).some((c) =>
          ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].includes((c as { Constraint?: Constraint }).Constraint?.contype ?? ''),
        );
        if (!filled && !/serial/i.test(strings(def.typeName?.names).at(-1) ?? '')) this.columns.add(`${table}\u0000${def.colname}`);
      }
      return;
    }
    const update = (node as { UpdateStmt?: UpdateStmt }).UpdateStmt;
    const table = tableKey(update?.relation);
    if (!update || !table) return;
    for (const target of update.targetList ?? []) {
      const name = (target as { ResTarget?: { name?: string } }).ResTarget?.name;
      if (name) this.columns.delete(`${table}\u0000${name}`);
    }
  }
}

/** Why the statement touches every row of its table, or undefined when it may not. */
export function wholeTableReason(stmt: UpdateStmt | DeleteStmt, allNull: AllNullColumns): WholeTableReason | undefined {
  const table = tableKey(stmt.relation);
  if (!table) return undefined;
  if (!stmt.whereClause) return 'no WHERE clause';
  const alwaysTrue = (node: Node | undefined): string | undefined => {
    if (!node) return undefined;
    if (constant(node) === 'b:true') return 'a WHERE clause that is always true';
    const expr = (node as { A_Expr?: { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node } }).A_Expr;
    if (expr?.kind === 'AEXPR_OP' && strings(expr.name).join() === '=') {
      const left = constant(expr.lexpr);
      if (left !== undefined && left === constant(expr.rexpr)) return 'a WHERE clause that is always true';
    }
    const bool = (node as { BoolExpr?: { boolop?: string; args?: Node[] } }).BoolExpr;
    if (bool?.boolop === 'OR_EXPR') {
      for (const arg of bool.args ?? []) {
        const reason = alwaysTrue(arg);
        if (reason) return reason;
      }
    }
    if (bool?.boolop === 'AND_EXPR') {
      const reasons = (bool.args ?? []).map(alwaysTrue);
      if (reasons.every((r) => r !== undefined)) return reasons.find((r) => r !== 'a WHERE clause that is always true') ?? reasons[0];
    }
    const test = (node as { NullTest?: { arg?: Node; nulltesttype?: string } }).NullTest;
    const column = strings((test?.arg as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields).at(-1);
    if (test?.nulltesttype === 'IS_NULL' && column && allNull.has(table, column)) {
      return `WHERE "${column}" IS NULL, and "${column}" was added empty by this migration`;
    }
    return undefined;
  };
  return alwaysTrue(stmt.whereClause);
}
