/**
 * What the statements so far have built: tables with their columns and constraints, enum types
 * with their ordered values, and which objects the current migration created. Rules read it
 * through SchemaView; only the engine applies statements to it, after the rules have seen them.
 * Statements it does not model are skipped, and history that touches unknown objects is ignored,
 * so replaying real-world migrations never fails.
 *
 * This module answers the rules and routes each statement to the module of its kind of object
 * (schema-tables.ts, schema-enum-types.ts, schema-indexes.ts, schema-namespaces.ts,
 * schema-views.ts, schema-data-changes.ts); the data they share is a SchemaStore.
 */
import type { CreateStmt, Node } from '@pgsql/types';
import { nameKey, strings, tableKey } from './names.js';
import { NULL_VALUE } from './row-conditions.js';
import type { ColumnState, EnumState, SchemaSnapshot, SchemaView, TableState } from './schema-shapes.js';
import { SchemaStore } from './schema-store.js';
import { alterTableStatement, createTable, createTableFromQuery, dropTable, partitionsOf, renameColumn, renameTable } from './schema-tables.js';
import { alterEnumType, columnsOfType, createEnumType, dropEnumTypes, renameEnumType } from './schema-enum-types.js';
import { createIndex, dropIndexes } from './schema-indexes.js';
import { createSchema, dropSchemas, renameSchema } from './schema-namespaces.js';
import { createView, dropViews, renameView } from './schema-views.js';
import { noteDelete, noteTruncate, noteUpdate } from './schema-data-changes.js';

// Split out of this module; re-exported so that importers keep working.
export type { ColumnState, ConstraintKind, ConstraintState, IndexState, TableState, EnumState, MovedOff, SchemaSnapshot, SchemaView } from './schema-shapes.js';
export { notNullColumns, NULL_VALUE, restrictedColumns } from './row-conditions.js';

type RangeVar = CreateStmt['relation'];

export class SchemaState implements SchemaView {
  private store = new SchemaStore();

  /** Tells the state which migrations ship together; without it, only the current file is new. */
  useBatches(batchOf: (file: string) => number | undefined): void {
    this.store.batchOf = batchOf;
  }

  /** An independent copy, so a file can be linted again (fix passes) without applying it twice. */
  clone(): SchemaState {
    return SchemaState.over(this.store.clone());
  }

  /** A plain-data snapshot, for the replay cache. */
  toJSON(): SchemaSnapshot {
    return this.store.toJSON();
  }

  static fromJSON(snapshot: SchemaSnapshot): SchemaState {
    return SchemaState.over(SchemaStore.fromJSON(snapshot));
  }

  private static over(store: SchemaStore): SchemaState {
    const state = new SchemaState();
    state.store = store;
    return state;
  }

  /**
   * Starts a new migration file (set-relative path, when known): objects created from now on are
   * "new". Returns whether it ships in the same batch as the previous file (undefined: unknown).
   */
  beginMigration(file?: string): boolean | undefined {
    const store = this.store;
    const previous = store.files[store.migration];
    store.migration++;
    store.files[store.migration] = file;
    const batch = file === undefined ? undefined : store.batchOf(file);
    if (batch === undefined || previous === undefined) return undefined;
    const before = store.batchOf(previous);
    return before === undefined ? undefined : before === batch;
  }

  currentFile(): string | undefined {
    return this.store.files[this.store.migration];
  }

  /**
   * Whether a rule asked about an object that an earlier migration created while the batches were
   * unknown: the one case where knowing them could have changed an answer (and a finding).
   */
  get askedWithoutBatches(): boolean {
    return this.store.askedWithoutBatches;
  }

  set askedWithoutBatches(asked: boolean) {
    this.store.askedWithoutBatches = asked;
  }

  table(key: string): TableState | undefined {
    return this.store.tables.get(key);
  }

  enumType(key: string): EnumState | undefined {
    return this.store.enums.get(key);
  }

  enumTypes(): Iterable<EnumState> {
    return this.store.enums.values();
  }

  isNewTable(key: string): boolean {
    return this.store.inCurrentBatch(this.store.tables.get(key)?.createdIn);
  }

  isNewSchema(name: string): boolean {
    return this.store.inCurrentBatch(this.store.schemas.get(name));
  }

  isNewView(key: string): boolean {
    return this.store.inCurrentBatch(this.store.views.get(key));
  }

  isView(key: string): boolean {
    return this.store.views.has(key);
  }

  isNewColumn(table: string, column: string): boolean {
    return this.store.isNewColumn(table, column);
  }

  isNewType(key: string): boolean {
    const found = this.store.enums.get(key);
    return found !== undefined && this.store.inCurrentBatch(found.createdIn) && found.values.every((v) => this.isNewEnumValue(key, v));
  }

  // A value's origin is the migration since which rows or code may hold it: the one that added it
  // (ADD VALUE), that carried it over from an older type a column moved off, or that created the type.
  isNewEnumValue(type: string | NonNullable<ColumnState['formerEnum']>, value: string): boolean {
    if (typeof type !== 'string') {
      if (!type.values.includes(value)) return false;
      return this.store.inCurrentBatch(type.addedBy?.find(([v]) => v === value)?.[1] ?? type.createdIn);
    }
    const found = this.store.enums.get(type);
    if (!found?.values.includes(value)) return false;
    return this.store.inCurrentBatch(found.addedBy?.get(value) ?? found.createdIn);
  }

  fileThatAdded(type: string, value: string): string | undefined {
    const found = this.store.enums.get(type);
    if (!found?.values.includes(value)) return undefined;
    return this.store.files[found.addedBy?.get(value) ?? found.createdIn];
  }

  valuesMovedOff(table: string, column: string): ReadonlySet<string> | 'all' {
    const store = this.store;
    const values = new Set<string>();
    // Without batch numbers for the current file, which migrations shipped with it is unknown:
    // a data migration aimed at exactly these values, in any earlier migration, is taken as its own.
    const current = store.files[store.migration];
    const unknownBatch = current === undefined || store.batchOf(current) === undefined;
    for (const key of [`${table}\u0000${column}`, `${table}\u0000*`]) {
      for (const moved of store.movedOff.get(key) ?? []) {
        if (!unknownBatch && !store.inCurrentBatch(moved.serial)) continue;
        if (moved.values === 'all') return 'all';
        for (const value of moved.values) values.add(value);
      }
    }
    return values;
  }

  nullsCleared(table: string, column: string): boolean {
    for (const key of [`${table}\u0000${column}`, `${table}\u0000*`]) {
      for (const moved of this.store.movedOff.get(key) ?? []) {
        // Only this deploy: NULLs written since an older backfill are still there.
        if (this.store.inCurrentBatch(moved.serial) && (moved.values === 'all' || moved.values.includes(NULL_VALUE))) return true;
      }
    }
    return false;
  }

  tablesInSchema(schema: string): string[] {
    const keys = [...this.store.tables.keys()];
    if (schema === 'public') return keys.filter((key) => !key.includes('.'));
    return keys.filter((key) => key.startsWith(`${schema}.`));
  }

  columnsOfType(type: string): { table: string; column: string }[] {
    return columnsOfType(this.store, type);
  }

  hasValidatedNotNullCheck(table: string, column: string): boolean {
    for (const constraint of this.store.tables.get(table)?.constraints.values() ?? []) {
      if (constraint.validated && constraint.notNullColumns.includes(column)) return true;
    }
    return false;
  }

  wasUpdated(table: string, column: string): boolean {
    return this.store.updated.has(`${table}\u0000${column}`);
  }

  indexTable(index: string): string | undefined {
    return this.store.indexes.get(index)?.table;
  }

  indexColumns(index: string): string[] | undefined {
    return this.store.indexes.get(index)?.columns;
  }

  isNewIndex(index: string): boolean {
    return this.store.inCurrentBatch(this.store.indexes.get(index)?.createdIn);
  }

  partitionsOf(table: string): string[] {
    return partitionsOf(this.store, table);
  }

  defaultPartitionOf(table: string): string | undefined {
    if (!this.store.hasPartitions) return undefined;
    for (const t of this.store.tables.values()) if (t.partitionOf === table && t.defaultPartition) return t.key;
    return undefined;
  }

  /** Applies one top-level statement. */
  apply(node: Node, transactionId: number): void {
    const [type, fields] = Object.entries(node)[0] as [string, never];
    const handler = APPLY[type];
    if (handler) handler(this.store, fields, transactionId);
  }
}

/** Each modelled statement type, routed to the module of the kind of object it changes. */
const APPLY: Record<string, (store: SchemaStore, fields: never, transactionId: number) => void> = {
  CreateStmt: createTable,
  CreateTableAsStmt: (store, stmt: { into?: { rel?: RangeVar }; objtype?: string; if_not_exists?: boolean }) => {
    if (stmt.objtype === 'OBJECT_TABLE') createTableFromQuery(store, stmt.into?.rel, stmt.if_not_exists);
    else if (stmt.objtype === 'OBJECT_MATVIEW') createView(store, tableKey(stmt.into?.rel), stmt.if_not_exists === true);
  },
  SelectStmt: (store, stmt: { intoClause?: { rel?: RangeVar } }) => {
    if (stmt.intoClause?.rel) createTableFromQuery(store, stmt.intoClause.rel);
  },
  AlterTableStmt: alterTableStatement,
  ViewStmt: (store, stmt: { view?: RangeVar; replace?: boolean }) => createView(store, tableKey(stmt.view), stmt.replace === true),
  CreateSchemaStmt: createSchema,
  IndexStmt: createIndex,
  CreateEnumStmt: createEnumType,
  AlterEnumStmt: alterEnumType,
  UpdateStmt: noteUpdate,
  DeleteStmt: noteDelete,
  TruncateStmt: noteTruncate,
  RenameStmt: (store, stmt: { renameType?: string; relation?: RangeVar; object?: Node; subname?: string; newname?: string }) => {
    if (!stmt.newname) return;
    if (stmt.renameType === 'OBJECT_TABLE' || stmt.renameType === 'OBJECT_VIEW' || stmt.renameType === 'OBJECT_MATVIEW') {
      // ALTER TABLE … RENAME TO renames a view too, and ALTER VIEW a table: one namespace.
      renameTable(store, tableKey(stmt.relation), stmt.newname, stmt.relation?.schemaname);
      renameView(store, tableKey(stmt.relation), stmt.newname, stmt.relation?.schemaname);
    } else if (stmt.renameType === 'OBJECT_SCHEMA' && stmt.subname) renameSchema(store, stmt.subname, stmt.newname);
    else if (stmt.renameType === 'OBJECT_COLUMN') renameColumn(store, tableKey(stmt.relation), stmt.subname, stmt.newname);
    else if (stmt.renameType === 'OBJECT_TYPE') {
      const parts = strings((stmt.object as { List?: { items?: Node[] } })?.List?.items);
      renameEnumType(store, nameKey(parts), nameKey([...parts.slice(0, -1), stmt.newname]));
    }
  },
  DropStmt: (store, stmt: { removeType?: string; objects?: Node[]; behavior?: string }) => {
    const objects = stmt.objects ?? [];
    if (stmt.removeType === 'OBJECT_TABLE') {
      for (const object of objects) {
        const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
        if (key) dropTable(store, key);
      }
    } else if (stmt.removeType === 'OBJECT_VIEW' || stmt.removeType === 'OBJECT_MATVIEW') dropViews(store, objects);
    else if (stmt.removeType === 'OBJECT_SCHEMA') dropSchemas(store, strings(stmt.objects));
    else if (stmt.removeType === 'OBJECT_INDEX') dropIndexes(store, objects);
    else if (stmt.removeType === 'OBJECT_TYPE') dropEnumTypes(store, objects, stmt.behavior === 'DROP_CASCADE');
  },
};
