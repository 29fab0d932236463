/**
 * Where a ColumnDef node defines a column: CREATE TABLE, ALTER TABLE … ADD COLUMN or
 * ALTER COLUMN … TYPE, or a composite type. Style rules look at the columns a migration creates.
 */
import type { ColumnDef, AlterTableCmd, AlterTableStmt, CompositeTypeStmt, CreateStmt } from '@pgsql/types';
import { tableKey } from './names.js';

export interface DefinedColumn {
  /** The table (or composite type) key, e.g. `app.orders`. */
  owner: string;
  /** The column's name (ALTER COLUMN … TYPE names it on the command, not the definition). */
  column: string;
  /** How the column gets its type: created with the table, added, or retyped. */
  kind: 'create' | 'add' | 'alter-type' | 'composite';
}

/** The owner of the ColumnDef being visited, from its ancestors; undefined where no column is made. */
export function definedColumn(def: ColumnDef, ancestors: ReadonlyArray<{ type: string; node: object }>): DefinedColumn | undefined {
  const column = def.colname ?? '';
  const parent = ancestors.at(-1);
  if (parent?.type === 'CreateStmt') {
    const owner = tableKey((parent.node as CreateStmt).relation);
    return owner ? { owner, column, kind: 'create' } : undefined;
  }
  if (parent?.type === 'CompositeTypeStmt') {
    const owner = tableKey((parent.node as CompositeTypeStmt).typevar);
    return owner ? { owner, column, kind: 'composite' } : undefined;
  }
  if (parent?.type === 'AlterTableCmd') {
    const cmd = parent.node as AlterTableCmd;
    const statement = ancestors.at(-2);
    if (statement?.type !== 'AlterTableStmt') return undefined;
    const alter = statement.node as AlterTableStmt;
    const owner = tableKey(alter.relation);
    if (!owner || (alter.objtype !== 'OBJECT_TABLE' && alter.objtype !== 'OBJECT_FOREIGN_TABLE')) return undefined;
    if (cmd.subtype === 'AT_AddColumn') return { owner, column, kind: 'add' };
    if (cmd.subtype === 'AT_AlterColumnType') return { owner, column: cmd.name ?? column, kind: 'alter-type' };
  }
  return undefined;
}
