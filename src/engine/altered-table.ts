/**
 * The table an `AlterTableCmd` visitor is looking at: most ALTER TABLE rules start by climbing from
 * the subcommand to its statement and naming the table.
 */
import type { AlterTableStmt } from '@pgsql/types';
import { tableKey } from '../analysis/names.js';
import type { RuleContext } from './types.js';

/** The enclosing ALTER TABLE (of a table, not an index, view or sequence) and its table key. */
export function alteredTable(context: Pick<RuleContext, 'ancestors'>): { alter: AlterTableStmt; table: string } | undefined {
  const parent = context.ancestors().at(-1);
  if (parent?.type !== 'AlterTableStmt') return undefined;
  const alter = parent.node as AlterTableStmt;
  const table = tableKey(alter.relation);
  return alter.objtype === 'OBJECT_TABLE' && table ? { alter, table } : undefined;
}
