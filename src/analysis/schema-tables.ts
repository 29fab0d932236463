/**
 * Tables in the schema state, with their columns, constraints and partitions: CREATE TABLE (also
 * … AS, SELECT … INTO, PARTITION OF, LIKE), ALTER TABLE, renames and DROP TABLE. A table from
 * before the history replayed still collects what later statements say about it.
 */
import type { AlterTableCmd, ColumnDef, Constraint, CreateStmt, Node } from '@pgsql/types';
import { nameKey, strings, tableKey, typeKey } from './names.js';
import { typeSpec } from './type-specs.js';
import { constraintKind, notNullColumns } from './row-conditions.js';
import type { ColumnState, TableState } from './schema-shapes.js';
import type { SchemaStore } from './schema-store.js';
import { carryEnumValues } from './schema-enum-types.js';

type RangeVar = CreateStmt['relation'];

export function createTable(store: SchemaStore, stmt: CreateStmt): void {
  const key = tableKey(stmt.relation);
  if (!key || (stmt.if_not_exists && store.tables.has(key))) return;
  const table: TableState = { key, columns: new Map(), constraints: new Map(), createdIn: store.migration };
  // PARTITION OF and LIKE bring the columns of another table, as new columns of this one.
  const sources = [
    ...(stmt.partbound ? (stmt.inhRelations ?? []).map((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar)) : []),
    ...(stmt.tableElts ?? []).map((e) => tableKey((e as { TableLikeClause?: { relation?: RangeVar } }).TableLikeClause?.relation)),
  ];
  for (const source of sources) {
    for (const column of (source ? store.tables.get(source)?.columns.values() : undefined) ?? []) {
      table.columns.set(column.name, { ...column, createdIn: store.migration, formerEnum: undefined });
    }
  }
  if (stmt.partspec) table.partitioned = true;
  const parent = stmt.partbound ? tableKey((stmt.inhRelations?.[0] as { RangeVar?: RangeVar } | undefined)?.RangeVar) : undefined;
  if (parent) {
    table.partitionOf = parent;
    store.hasPartitions = true;
  }
  if (parent && stmt.partbound?.is_default) table.defaultPartition = true;
  for (const element of stmt.tableElts ?? []) {
    const column = (element as { ColumnDef?: ColumnDef }).ColumnDef;
    if (column) addColumn(store, table, column);
    const constraint = (element as { Constraint?: Constraint }).Constraint;
    if (constraint) addConstraint(table, constraint);
  }
  store.tables.set(key, table);
}

/** CREATE TABLE … AS and SELECT … INTO create tables too (their columns are not modelled). */
export function createTableFromQuery(store: SchemaStore, relation: RangeVar, ifNotExists?: boolean): void {
  createTable(store, { relation, if_not_exists: ifNotExists } as CreateStmt);
}

export function alterTableStatement(store: SchemaStore, stmt: { relation?: RangeVar; cmds?: Node[]; objtype?: string }, transactionId: number): void {
  if (stmt.objtype !== 'OBJECT_TABLE') return;
  const key = tableKey(stmt.relation);
  if (!key) return;
  const table = knownTable(store, key);
  for (const cmd of stmt.cmds ?? []) {
    const alter = (cmd as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    if (alter) alterTable(store, table, alter, transactionId);
  }
}

/** The table, or a placeholder for one from before the history we saw, which collects what later statements add. */
function knownTable(store: SchemaStore, key: string): TableState {
  let table = store.tables.get(key);
  if (!table) {
    table = { key, columns: new Map(), constraints: new Map(), createdIn: 0 };
    store.tables.set(key, table);
  }
  return table;
}

function alterTable(store: SchemaStore, table: TableState, cmd: AlterTableCmd, transactionId: number): void {
  const column = cmd.name ? table.columns.get(cmd.name) : undefined;
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      if (def && !(cmd.missing_ok && table.columns.has(def.colname ?? ''))) addColumn(store, table, def);
      break;
    }
    case 'AT_DropColumn':
      if (cmd.name) table.columns.delete(cmd.name);
      break;
    case 'AT_AlterColumnType': {
      const updatedKey = `${table.key}\u0000${cmd.name ?? ''}`;
      if (column) {
        const typeName = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef?.typeName;
        const type = typeKey(typeName);
        column.typeSpec = typeSpec(typeName);
        const before = column.type ? store.enums.get(column.type) : undefined;
        const target = type ? store.enums.get(type) : undefined;
        // Not a rule's question: it must not count as one asked without batches.
        const asked = store.askedWithoutBatches;
        if (target && target !== before && !store.isNewColumn(table.key, column.name)) carryEnumValues(target, column, before);
        store.askedWithoutBatches = asked;
        if (type && store.enums.has(type)) delete column.formerEnum;
        else if (before) {
          column.formerEnum = {
            key: before.key,
            values: [...before.values],
            updated: store.updated.has(updatedKey),
            createdIn: before.createdIn,
            addedBy: [...(before.addedBy ?? [])],
          };
        }
        column.type = type;
      }
      if (cmd.name) store.updated.delete(updatedKey);
      break;
    }
    case 'AT_ColumnDefault':
      if (column) column.hasDefault = cmd.def !== undefined;
      break;
    case 'AT_SetNotNull':
      if (column) column.notNull = true;
      break;
    case 'AT_DropNotNull':
      if (column) column.notNull = false;
      break;
    case 'AT_AddConstraint': {
      const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
      if (constraint) addConstraint(table, constraint, undefined, transactionId);
      break;
    }
    case 'AT_ValidateConstraint': {
      const constraint = cmd.name ? table.constraints.get(cmd.name) : undefined;
      if (constraint) constraint.validated = true;
      break;
    }
    case 'AT_DropConstraint':
      if (cmd.name) table.constraints.delete(cmd.name);
      break;
    case 'AT_AttachPartition': {
      const partitionCmd = (cmd.def as { PartitionCmd?: { name?: RangeVar; bound?: { is_default?: boolean } } } | undefined)?.PartitionCmd;
      const key = tableKey(partitionCmd?.name);
      if (!key) break;
      // A table from before the history we saw is a partition from now on all the same.
      const partition = knownTable(store, key);
      partition.partitionOf = table.key;
      store.hasPartitions = true;
      if (partitionCmd?.bound?.is_default) partition.defaultPartition = true;
      else delete partition.defaultPartition;
      break;
    }
    case 'AT_DetachPartition': {
      // DETACH … CONCURRENTLY too: the migration waits for it to finish.
      const partition = store.tables.get(tableKey((cmd.def as { PartitionCmd?: { name?: RangeVar } } | undefined)?.PartitionCmd?.name) ?? '');
      if (partition?.partitionOf === table.key) {
        delete partition.partitionOf;
        delete partition.defaultPartition;
      }
      break;
    }
  }
}

function addColumn(store: SchemaStore, table: TableState, def: ColumnDef): void {
  if (!def.colname) return;
  const column: ColumnState = {
    name: def.colname,
    type: typeKey(def.typeName),
    typeSpec: typeSpec(def.typeName),
    notNull: false,
    hasDefault: false,
    identity: false,
    generated: false,
    createdIn: store.migration,
  };
  for (const item of def.constraints ?? []) {
    const constraint = (item as { Constraint?: Constraint }).Constraint;
    switch (constraint?.contype) {
      case 'CONSTR_NOTNULL':
      case 'CONSTR_PRIMARY':
        column.notNull = true;
        break;
      case 'CONSTR_DEFAULT':
        column.hasDefault = true;
        break;
      case 'CONSTR_IDENTITY':
        column.identity = true;
        column.notNull = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = true;
        break;
      case 'CONSTR_CHECK':
        if (constraint) addConstraint(table, constraint, def.colname);
        break;
    }
  }
  table.columns.set(column.name, column);
}

function addConstraint(table: TableState, constraint: Constraint, columnName?: string, transactionId?: number): void {
  const kind = constraintKind(constraint.contype);
  if (kind === 'primary-key') {
    for (const key of strings(constraint.keys)) {
      const column = table.columns.get(key);
      if (column) column.notNull = true;
    }
  }
  const name = constraint.conname ?? `${table.key}_${columnName ?? ''}_${kind}_${table.constraints.size}`;
  table.constraints.set(name, {
    name,
    kind,
    validated: !constraint.skip_validation,
    notNullColumns: kind === 'check' ? notNullColumns(constraint.raw_expr) : [],
    references: kind === 'foreign-key' ? tableKey(constraint.pktable) : undefined,
    addedInTransaction: transactionId,
  });
}

export function partitionsOf(store: SchemaStore, table: string): string[] {
  if (!store.hasPartitions) return [];
  return [...store.tables.values()].filter((t) => t.partitionOf === table).map((t) => t.key);
}

/** DROP TABLE of a partitioned table drops its partitions with it (no CASCADE needed). */
export function dropTable(store: SchemaStore, key: string): void {
  store.tables.delete(key);
  for (const partition of partitionsOf(store, key)) dropTable(store, partition);
}

export function renameTable(store: SchemaStore, from: string | undefined, to: string, schema: string | undefined): void {
  const table = from ? store.tables.get(from) : undefined;
  if (!table || !from) return;
  const key = nameKey(schema ? [schema, to] : [to])!;
  store.tables.delete(from);
  table.key = key;
  store.tables.set(key, table);
  if (store.hasPartitions) for (const t of store.tables.values()) if (t.partitionOf === from) t.partitionOf = key;
}

export function renameColumn(store: SchemaStore, tableName: string | undefined, from: string | undefined, to: string): void {
  const table = tableName ? store.tables.get(tableName) : undefined;
  const column = from ? table?.columns.get(from) : undefined;
  if (!table || !column || !from) return;
  table.columns.delete(from);
  column.name = to;
  table.columns.set(to, column);
}
