/**
 * The table an `AlterTableCmd` visitor is looking at: most ALTER TABLE rules start by climbing from
 * the subcommand to its statement and naming the table.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef } from '@pgsql/types';
import { tableKey } from '../analysis/names.js';
import { typeChangeOf, type TypeChange } from '../analysis/type-changes.js';
import type { RuleContext } from './types.js';

/** The enclosing ALTER TABLE (of a table, not an index, view or sequence) and its table key. */
export function alteredTable(context: Pick<RuleContext, 'ancestors'>): { alter: AlterTableStmt; table: string } | undefined {
  const parent = context.ancestors().at(-1);
  if (parent?.type !== 'AlterTableStmt') return undefined;
  const alter = parent.node as AlterTableStmt;
  const table = tableKey(alter.relation);
  return alter.objtype === 'OBJECT_TABLE' && table ? { alter, table } : undefined;
}

/**
 * An `ALTER COLUMN … TYPE` subcommand: its table, and what PostgreSQL makes of the change from the
 * column's type in the schema state (no cast, binary-coercible, rewrite, or unknown).
 */
export function alteredColumnType(
  context: Pick<RuleContext, 'ancestors' | 'schema'>,
  cmd: AlterTableCmd,
): { table: string; column: string; def: ColumnDef | undefined; change: TypeChange } | undefined {
  if (cmd.subtype !== 'AT_AlterColumnType' || !cmd.name) return undefined;
  const altered = alteredTable(context);
  if (!altered) return undefined;
  const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
  const current = context.schema.table(altered.table)?.columns.get(cmd.name);
  const change = typeChangeOf(current, def, (type) => !!context.schema.enumType(type));
  return { table: altered.table, column: cmd.name, def, change };
}
