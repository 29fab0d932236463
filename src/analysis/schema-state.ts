/**
 * What the statements so far have built: tables with their columns and constraints, enum types
 * with their ordered values, and which objects the current migration created. Rules read it
 * through SchemaView; only the engine applies statements to it, after the rules have seen them.
 * Statements it does not model are skipped, and history that touches unknown objects is ignored,
 * so replaying real-world migrations never fails.
 */
import type { AlterTableCmd, ColumnDef, Constraint, CreateStmt, Node, TypeName } from '@pgsql/types';
import { nameKey, strings, tableKey, typeKey } from './names.js';
import { typeSpec } from './type-specs.js';
import { NULL_VALUE, constraintKind, movedOffByAssignment, notNullColumns, restrictedColumns } from './row-conditions.js';
import type { ColumnState, EnumState, IndexState, MovedOff, SchemaSnapshot, SchemaView, TableState } from './schema-shapes.js';

// Split out of this module; re-exported so that importers keep working.
export type { ColumnState, ConstraintKind, ConstraintState, IndexState, TableState, EnumState, MovedOff, SchemaSnapshot, SchemaView } from './schema-shapes.js';
export { notNullColumns, NULL_VALUE, restrictedColumns } from './row-conditions.js';

export class SchemaState implements SchemaView {
  private readonly tables = new Map<string, TableState>();
  private readonly enums = new Map<string, EnumState>();
  private readonly indexes = new Map<string, IndexState>();
  /** Schemas created by CREATE SCHEMA, with the serial of the migration that created each. */
  private readonly schemas = new Map<string, number>();
  /** Views and materialized views (table keys), with the serial of the migration that created each. */
  private readonly views = new Map<string, number>();
  /** Serial of the current migration; 0 marks tables that predate everything replayed. */
  private migration = 0;
  /** Columns an UPDATE wrote (a data migration), as `table\0column`, until their type changes. */
  private updated = new Set<string>();
  /** The set-relative file of each migration serial; index 0 stands for "before everything replayed". */
  private files: (string | undefined)[] = [undefined];
  /** Data migrations by `table\0column` (`table\0*` for every column: DELETE, TRUNCATE). */
  private movedOff = new Map<string, MovedOff[]>();
  /** The batch ordinal of a set-relative file; see MigrationBatches.batchOf. */
  private batchOf: (file: string) => number | undefined = () => undefined;

  /** Tells the state which migrations ship together; without it, only the current file is new. */
  useBatches(batchOf: (file: string) => number | undefined): void {
    this.batchOf = batchOf;
  }

  /** An independent copy, so a file can be linted again (fix passes) without applying it twice. */
  clone(): SchemaState {
    const copy = new SchemaState();
    for (const [key, t] of this.tables) {
      copy.tables.set(key, {
        ...t,
        columns: new Map([...t.columns].map(([k, c]) => [k, { ...c }])),
        constraints: new Map([...t.constraints].map(([k, c]) => [k, { ...c, notNullColumns: [...c.notNullColumns] }])),
      });
    }
    for (const [key, e] of this.enums) copy.enums.set(key, { ...e, values: [...e.values], addedIn: new Map(e.addedIn), addedBy: new Map(e.addedBy) });
    for (const [key, i] of this.indexes) copy.indexes.set(key, { ...i });
    for (const [key, serial] of this.schemas) copy.schemas.set(key, serial);
    for (const [key, serial] of this.views) copy.views.set(key, serial);
    copy.migration = this.migration;
    copy.updated = new Set(this.updated);
    copy.files = [...this.files];
    copy.movedOff = new Map([...this.movedOff].map(([k, v]) => [k, [...v]]));
    copy.batchOf = this.batchOf;
    return copy;
  }

  /** A plain-data snapshot, for the replay cache. */
  toJSON(): SchemaSnapshot {
    return {
      tables: [...this.tables.values()].map((t) => ({ ...t, columns: [...t.columns.values()], constraints: [...t.constraints.values()] })),
      enums: [...this.enums.values()].map((e) => ({ ...e, addedIn: [...e.addedIn], addedBy: [...(e.addedBy ?? [])] })),
      indexes: [...this.indexes.values()],
      schemas: [...this.schemas],
      views: [...this.views],
      migration: this.migration,
      updated: [...this.updated],
      files: this.files.map((f) => f ?? null),
      movedOff: [...this.movedOff],
    };
  }

  static fromJSON(snapshot: SchemaSnapshot): SchemaState {
    const state = new SchemaState();
    for (const t of snapshot.tables) {
      // Copies, so the state can change without changing the snapshot it came from.
      state.tables.set(t.key, {
        ...t,
        columns: new Map(t.columns.map((c) => [c.name, { ...c }])),
        constraints: new Map(t.constraints.map((c) => [c.name, { ...c, notNullColumns: [...c.notNullColumns] }])),
      });
    }
    for (const e of snapshot.enums) state.enums.set(e.key, { ...e, values: [...e.values], addedIn: new Map(e.addedIn), addedBy: new Map(e.addedBy ?? []) });
    for (const i of snapshot.indexes ?? []) state.indexes.set(i.key, { ...i });
    for (const [key, serial] of snapshot.schemas ?? []) state.schemas.set(key, serial);
    for (const [key, serial] of snapshot.views ?? []) state.views.set(key, serial);
    state.migration = snapshot.migration;
    state.updated = new Set(snapshot.updated);
    state.files = (snapshot.files ?? []).map((f) => f ?? undefined);
    while (state.files.length <= state.migration) state.files.push(undefined);
    state.movedOff = new Map((snapshot.movedOff ?? []).map(([k, v]) => [k, v.map((m) => ({ ...m }))]));
    return state;
  }

  /**
   * Starts a new migration file (set-relative path, when known): objects created from now on are
   * "new". Returns whether it ships in the same batch as the previous file (undefined: unknown).
   */
  beginMigration(file?: string): boolean | undefined {
    const previous = this.files[this.migration];
    this.migration++;
    this.files[this.migration] = file;
    const batch = file === undefined ? undefined : this.batchOf(file);
    if (batch === undefined || previous === undefined) return undefined;
    const before = this.batchOf(previous);
    return before === undefined ? undefined : before === batch;
  }

  currentFile(): string | undefined {
    return this.files[this.migration];
  }

  /**
   * Whether a rule asked about an object that an earlier migration created while the batches were
   * unknown: the one case where knowing them could have changed an answer (and a finding).
   */
  askedWithoutBatches = false;

  /** Whether the migration with this serial is the current one or ships in the current one's batch. */
  private inCurrentBatch(serial: number | undefined): boolean {
    if (serial === undefined || serial <= 0) return false;
    if (serial === this.migration) return true;
    const current = this.files[this.migration];
    const other = this.files[serial];
    const batch = current === undefined ? undefined : this.batchOf(current);
    if (batch === undefined || other === undefined) {
      this.askedWithoutBatches = true;
      return false;
    }
    return this.batchOf(other) === batch;
  }

  table(key: string): TableState | undefined {
    return this.tables.get(key);
  }

  enumType(key: string): EnumState | undefined {
    return this.enums.get(key);
  }

  enumTypes(): Iterable<EnumState> {
    return this.enums.values();
  }

  isNewTable(key: string): boolean {
    return this.inCurrentBatch(this.tables.get(key)?.createdIn);
  }

  isNewSchema(name: string): boolean {
    return this.inCurrentBatch(this.schemas.get(name));
  }

  isNewView(key: string): boolean {
    return this.inCurrentBatch(this.views.get(key));
  }

  isView(key: string): boolean {
    return this.views.has(key);
  }

  isNewColumn(table: string, column: string): boolean {
    const found = this.tables.get(table);
    if (!found) return false;
    return this.inCurrentBatch(found.createdIn) || this.inCurrentBatch(found.columns.get(column)?.createdIn);
  }

  isNewType(key: string): boolean {
    const found = this.enums.get(key);
    return found !== undefined && this.inCurrentBatch(found.createdIn) && found.values.every((v) => this.isNewEnumValue(key, v));
  }

  // A value's origin is the migration since which rows or code may hold it: the one that added it
  // (ADD VALUE), that carried it over from an older type a column moved off, or that created the type.
  isNewEnumValue(type: string | NonNullable<ColumnState['formerEnum']>, value: string): boolean {
    if (typeof type !== 'string') {
      if (!type.values.includes(value)) return false;
      return this.inCurrentBatch(type.addedBy?.find(([v]) => v === value)?.[1] ?? type.createdIn);
    }
    const found = this.enums.get(type);
    if (!found?.values.includes(value)) return false;
    return this.inCurrentBatch(found.addedBy?.get(value) ?? found.createdIn);
  }

  fileThatAdded(type: string, value: string): string | undefined {
    const found = this.enums.get(type);
    if (!found?.values.includes(value)) return undefined;
    return this.files[found.addedBy?.get(value) ?? found.createdIn];
  }

  valuesMovedOff(table: string, column: string): ReadonlySet<string> | 'all' {
    const values = new Set<string>();
    // Without batch numbers for the current file, which migrations shipped with it is unknown:
    // a data migration aimed at exactly these values, in any earlier migration, is taken as its own.
    const current = this.files[this.migration];
    const unknownBatch = current === undefined || this.batchOf(current) === undefined;
    for (const key of [`${table}\u0000${column}`, `${table}\u0000*`]) {
      for (const moved of this.movedOff.get(key) ?? []) {
        if (!unknownBatch && !this.inCurrentBatch(moved.serial)) continue;
        if (moved.values === 'all') return 'all';
        for (const value of moved.values) values.add(value);
      }
    }
    return values;
  }

  /**
   * A column from before this batch moves to `target`: the values its rows may hold are in use
   * since they were in use before, however new `target` itself is (rename-recreate-drop).
   */
  private carryValues(target: EnumState, column: ColumnState, before: EnumState | undefined): void {
    const origins = new Map<string, number>();
    if (before) {
      for (const value of before.values) origins.set(value, before.addedBy?.get(value) ?? before.createdIn);
    } else if (column.formerEnum) {
      const added = new Map(column.formerEnum.addedBy ?? []);
      for (const value of column.formerEnum.values) origins.set(value, added.get(value) ?? column.formerEnum.createdIn ?? 0);
    } else {
      // From text or another type: any value may be there already.
      for (const value of target.values) origins.set(value, column.createdIn ?? 0);
    }
    target.addedBy ??= new Map();
    for (const value of target.values) {
      const origin = origins.get(value);
      if (origin === undefined) continue;
      const known = target.addedBy.get(value) ?? target.createdIn;
      target.addedBy.set(value, Math.min(known, origin));
    }
  }

  nullsCleared(table: string, column: string): boolean {
    for (const key of [`${table}\u0000${column}`, `${table}\u0000*`]) {
      for (const moved of this.movedOff.get(key) ?? []) {
        // Only this deploy: NULLs written since an older backfill are still there.
        if (this.inCurrentBatch(moved.serial) && (moved.values === 'all' || moved.values.includes(NULL_VALUE))) return true;
      }
    }
    return false;
  }

  private noteMovedOff(table: string, column: string, values: string[] | 'all'): void {
    const key = `${table}\u0000${column}`;
    const list = this.movedOff.get(key) ?? [];
    list.push({ serial: this.migration, values });
    this.movedOff.set(key, list);
  }

  tablesInSchema(schema: string): string[] {
    const keys = [...this.tables.keys()];
    if (schema === 'public') return keys.filter((key) => !key.includes('.'));
    return keys.filter((key) => key.startsWith(`${schema}.`));
  }

  columnsOfType(type: string): { table: string; column: string }[] {
    const out: { table: string; column: string }[] = [];
    for (const table of this.tables.values()) {
      for (const column of table.columns.values()) if (column.type === type) out.push({ table: table.key, column: column.name });
    }
    return out;
  }

  hasValidatedNotNullCheck(table: string, column: string): boolean {
    for (const constraint of this.tables.get(table)?.constraints.values() ?? []) {
      if (constraint.validated && constraint.notNullColumns.includes(column)) return true;
    }
    return false;
  }

  wasUpdated(table: string, column: string): boolean {
    return this.updated.has(`${table}\u0000${column}`);
  }

  indexTable(index: string): string | undefined {
    return this.indexes.get(index)?.table;
  }

  indexColumns(index: string): string[] | undefined {
    return this.indexes.get(index)?.columns;
  }

  isNewIndex(index: string): boolean {
    return this.inCurrentBatch(this.indexes.get(index)?.createdIn);
  }

  partitionsOf(table: string): string[] {
    return [...this.tables.values()].filter((t) => t.partitionOf === table).map((t) => t.key);
  }

  /** Applies one top-level statement. */
  apply(node: Node, transactionId: number): void {
    const [type, fields] = Object.entries(node)[0] as [string, never];
    const handler = this.handlers[type];
    if (handler) handler(fields, transactionId);
  }

  private readonly handlers: Record<string, (fields: never, transactionId: number) => void> = {
    CreateStmt: (stmt: CreateStmt) => this.createTable(stmt),
    // CREATE TABLE … AS and SELECT … INTO create tables too (their columns are not modelled).
    CreateTableAsStmt: (stmt: { into?: { rel?: CreateStmt['relation'] }; objtype?: string; if_not_exists?: boolean }) => {
      if (stmt.objtype === 'OBJECT_TABLE') this.createTable({ relation: stmt.into?.rel, if_not_exists: stmt.if_not_exists } as CreateStmt);
      else if (stmt.objtype === 'OBJECT_MATVIEW') this.createView(tableKey(stmt.into?.rel), stmt.if_not_exists === true);
    },
    ViewStmt: (stmt: { view?: CreateStmt['relation']; replace?: boolean }) => this.createView(tableKey(stmt.view), stmt.replace === true),
    CreateSchemaStmt: (stmt: { schemaname?: string; if_not_exists?: boolean }) => {
      if (stmt.schemaname && !(stmt.if_not_exists && this.schemas.has(stmt.schemaname))) this.schemas.set(stmt.schemaname, this.migration);
    },
    SelectStmt: (stmt: { intoClause?: { rel?: CreateStmt['relation'] } }) => {
      if (stmt.intoClause?.rel) this.createTable({ relation: stmt.intoClause.rel } as CreateStmt);
    },
    DeleteStmt: (stmt: { relation?: CreateStmt['relation']; whereClause?: Node }) => {
      const table = tableKey(stmt.relation);
      if (!table) return;
      if (!stmt.whereClause) {
        this.noteMovedOff(table, '*', 'all');
        return;
      }
      for (const [column, values] of restrictedColumns(stmt.whereClause)) this.noteMovedOff(table, column, values);
    },
    TruncateStmt: (stmt: { relations?: Node[] }) => {
      for (const relation of stmt.relations ?? []) {
        const table = tableKey((relation as { RangeVar?: CreateStmt['relation'] }).RangeVar);
        if (table) this.noteMovedOff(table, '*', 'all');
      }
    },
    IndexStmt: (stmt: { idxname?: string; relation?: CreateStmt['relation']; if_not_exists?: boolean; indexParams?: Node[] }) => {
      const table = tableKey(stmt.relation);
      if (!table || !stmt.idxname) return;
      // An index lives in its table's schema.
      const key = nameKey(stmt.relation?.schemaname ? [stmt.relation.schemaname, stmt.idxname] : [stmt.idxname])!;
      if (stmt.if_not_exists && this.indexes.has(key)) return;
      const columns = (stmt.indexParams ?? []).map((p) => (p as { IndexElem?: { name?: string } }).IndexElem?.name).filter((c): c is string => !!c);
      this.indexes.set(key, { key, table, columns, createdIn: this.migration });
    },
    AlterTableStmt: (stmt: { relation?: CreateStmt['relation']; cmds?: Node[]; objtype?: string }, transactionId: number) => {
      if (stmt.objtype !== 'OBJECT_TABLE') return;
      const key = tableKey(stmt.relation);
      if (!key) return;
      // A table from before the history we saw still collects what later statements add.
      let table = this.tables.get(key);
      if (!table) {
        table = { key, columns: new Map(), constraints: new Map(), createdIn: 0 };
        this.tables.set(key, table);
      }
      for (const cmd of stmt.cmds ?? []) {
        const alter = (cmd as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
        if (alter) this.alterTable(table, alter, transactionId);
      }
    },
    RenameStmt: (stmt: { renameType?: string; relation?: CreateStmt['relation']; object?: Node; subname?: string; newname?: string }) => {
      if (!stmt.newname) return;
      if (stmt.renameType === 'OBJECT_TABLE' || stmt.renameType === 'OBJECT_VIEW' || stmt.renameType === 'OBJECT_MATVIEW') {
        // ALTER TABLE … RENAME TO renames a view too, and ALTER VIEW a table: one namespace.
        this.renameTable(tableKey(stmt.relation), stmt.newname, stmt.relation?.schemaname);
        this.renameView(tableKey(stmt.relation), stmt.newname, stmt.relation?.schemaname);
      } else if (stmt.renameType === 'OBJECT_SCHEMA' && stmt.subname) this.renameSchema(stmt.subname, stmt.newname);
      else if (stmt.renameType === 'OBJECT_COLUMN') this.renameColumn(tableKey(stmt.relation), stmt.subname, stmt.newname);
      else if (stmt.renameType === 'OBJECT_TYPE') {
        const parts = strings((stmt.object as { List?: { items?: Node[] } })?.List?.items);
        this.renameType(nameKey(parts), nameKey([...parts.slice(0, -1), stmt.newname]));
      }
    },
    DropStmt: (stmt: { removeType?: string; objects?: Node[]; behavior?: string }) => {
      if (stmt.removeType === 'OBJECT_TABLE') {
        for (const object of stmt.objects ?? []) {
          const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
          if (key) this.tables.delete(key);
        }
      } else if (stmt.removeType === 'OBJECT_VIEW' || stmt.removeType === 'OBJECT_MATVIEW') {
        for (const object of stmt.objects ?? []) {
          const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
          if (key) this.views.delete(key);
        }
      } else if (stmt.removeType === 'OBJECT_SCHEMA') {
        for (const name of strings(stmt.objects)) this.schemas.delete(name);
      } else if (stmt.removeType === 'OBJECT_INDEX') {
        for (const object of stmt.objects ?? []) {
          const key = nameKey(strings((object as { List?: { items?: Node[] } }).List?.items));
          if (key) this.indexes.delete(key);
        }
      } else if (stmt.removeType === 'OBJECT_TYPE') {
        for (const object of stmt.objects ?? []) {
          const key = typeKey((object as { TypeName?: TypeName }).TypeName);
          if (!key || !this.enums.delete(key) || stmt.behavior !== 'DROP_CASCADE') continue;
          for (const use of this.columnsOfType(key)) this.tables.get(use.table)?.columns.delete(use.column);
        }
      }
    },
    CreateEnumStmt: (stmt: { typeName?: Node[]; vals?: Node[] }) => {
      const key = nameKey(strings(stmt.typeName));
      if (key) this.enums.set(key, { key, values: strings(stmt.vals), createdIn: this.migration, addedIn: new Map(), addedBy: new Map() });
    },
    AlterEnumStmt: (
      stmt: { typeName?: Node[]; oldVal?: string; newVal?: string; newValNeighbor?: string; newValIsAfter?: boolean },
      transactionId: number,
    ) => {
      const found = this.enums.get(nameKey(strings(stmt.typeName)) ?? '');
      if (!found || stmt.newVal === undefined) return;
      if (stmt.oldVal !== undefined) {
        const at = found.values.indexOf(stmt.oldVal);
        if (at >= 0) found.values[at] = stmt.newVal;
        // The renamed value is the one rows held before: it keeps its origin.
        const origin = found.addedBy?.get(stmt.oldVal);
        if (origin !== undefined) found.addedBy!.set(stmt.newVal, origin);
        found.addedBy?.delete(stmt.oldVal);
        return;
      }
      if (found.values.includes(stmt.newVal)) return;
      const neighbor = stmt.newValNeighbor === undefined ? -1 : found.values.indexOf(stmt.newValNeighbor);
      if (neighbor < 0) found.values.push(stmt.newVal);
      else found.values.splice(stmt.newValIsAfter ? neighbor + 1 : neighbor, 0, stmt.newVal);
      found.addedIn.set(stmt.newVal, transactionId);
      (found.addedBy ??= new Map()).set(stmt.newVal, this.migration);
    },
    UpdateStmt: (stmt: { relation?: CreateStmt['relation']; targetList?: Node[]; whereClause?: Node }) => {
      const table = tableKey(stmt.relation);
      if (!table) return;
      const restricted = stmt.whereClause ? restrictedColumns(stmt.whereClause) : undefined;
      for (const target of stmt.targetList ?? []) {
        const { name, val } = (target as { ResTarget?: { name?: string; val?: Node } }).ResTarget ?? {};
        if (!name) continue;
        this.updated.add(`${table}\u0000${name}`);
        const moved = movedOffByAssignment(name, val, stmt.whereClause, restricted?.get(name));
        if (moved) this.noteMovedOff(table, name, moved);
      }
    },
  };

  private createTable(stmt: CreateStmt): void {
    const key = tableKey(stmt.relation);
    if (!key || (stmt.if_not_exists && this.tables.has(key))) return;
    const table: TableState = { key, columns: new Map(), constraints: new Map(), createdIn: this.migration };
    // PARTITION OF and LIKE bring the columns of another table, as new columns of this one.
    const sources = [
      ...(stmt.partbound ? (stmt.inhRelations ?? []).map((r) => tableKey((r as { RangeVar?: CreateStmt['relation'] }).RangeVar)) : []),
      ...(stmt.tableElts ?? []).map((e) => tableKey((e as { TableLikeClause?: { relation?: CreateStmt['relation'] } }).TableLikeClause?.relation)),
    ];
    for (const source of sources) {
      for (const column of (source ? this.tables.get(source)?.columns.values() : undefined) ?? []) {
        table.columns.set(column.name, { ...column, createdIn: this.migration, formerEnum: undefined });
      }
    }
    if (stmt.partspec) table.partitioned = true;
    const parent = stmt.partbound ? tableKey((stmt.inhRelations?.[0] as { RangeVar?: CreateStmt['relation'] } | undefined)?.RangeVar) : undefined;
    if (parent) table.partitionOf = parent;
    for (const element of stmt.tableElts ?? []) {
      const column = (element as { ColumnDef?: ColumnDef }).ColumnDef;
      if (column) this.addColumn(table, column);
      const constraint = (element as { Constraint?: Constraint }).Constraint;
      if (constraint) this.addConstraint(table, constraint);
    }
    this.tables.set(key, table);
  }

  private alterTable(table: TableState, cmd: AlterTableCmd, transactionId: number): void {
    const column = cmd.name ? table.columns.get(cmd.name) : undefined;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        if (def && !(cmd.missing_ok && table.columns.has(def.colname ?? ''))) this.addColumn(table, def);
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
          const before = column.type ? this.enums.get(column.type) : undefined;
          const target = type ? this.enums.get(type) : undefined;
          // Not a rule's question: it must not count as one asked without batches.
          const asked = this.askedWithoutBatches;
          if (target && target !== before && !this.isNewColumn(table.key, column.name)) this.carryValues(target, column, before);
          this.askedWithoutBatches = asked;
          if (type && this.enums.has(type)) delete column.formerEnum;
          else if (before) {
            column.formerEnum = {
              key: before.key,
              values: [...before.values],
              updated: this.updated.has(updatedKey),
              createdIn: before.createdIn,
              addedBy: [...(before.addedBy ?? [])],
            };
          }
          column.type = type;
        }
        if (cmd.name) this.updated.delete(updatedKey);
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
        if (constraint) this.addConstraint(table, constraint, undefined, transactionId);
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
    }
  }

  private addColumn(table: TableState, def: ColumnDef): void {
    if (!def.colname) return;
    const column: ColumnState = {
      name: def.colname,
      type: typeKey(def.typeName),
      typeSpec: typeSpec(def.typeName),
      notNull: false,
      hasDefault: false,
      identity: false,
      generated: false,
      createdIn: this.migration,
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
          if (constraint) this.addConstraint(table, constraint, def.colname);
          break;
      }
    }
    table.columns.set(column.name, column);
  }

  private addConstraint(table: TableState, constraint: Constraint, columnName?: string, transactionId?: number): void {
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

  private renameTable(from: string | undefined, to: string, schema: string | undefined): void {
    const table = from ? this.tables.get(from) : undefined;
    if (!table || !from) return;
    const key = nameKey(schema ? [schema, to] : [to])!;
    this.tables.delete(from);
    table.key = key;
    this.tables.set(key, table);
  }

  private createView(key: string | undefined, orReplace: boolean): void {
    // CREATE OR REPLACE of a view that exists keeps its age: code may already query it.
    if (key && !(orReplace && this.views.has(key))) this.views.set(key, this.migration);
  }

  private renameView(from: string | undefined, to: string, schema: string | undefined): void {
    const serial = from === undefined ? undefined : this.views.get(from);
    if (serial === undefined || !from) return;
    this.views.delete(from);
    this.views.set(nameKey(schema ? [schema, to] : [to])!, serial);
  }

  /**
   * Everything in the schema moves with it: `app.orders` is `shop.orders` after
   * ALTER SCHEMA app RENAME TO shop. (`public` objects have unqualified keys and stay as they are.)
   */
  private renameSchema(from: string, to: string): void {
    const serial = this.schemas.get(from);
    if (serial !== undefined) {
      this.schemas.delete(from);
      this.schemas.set(to, serial);
    }
    if (from === 'public') return;
    const moved = (key: string): string | undefined => (key.startsWith(`${from}.`) ? nameKey([to, key.slice(from.length + 1)]) : undefined);
    for (const [key, table] of [...this.tables]) {
      const target = moved(key);
      if (target === undefined) continue;
      this.tables.delete(key);
      table.key = target;
      this.tables.set(target, table);
    }
    for (const table of this.tables.values()) {
      if (table.partitionOf) table.partitionOf = moved(table.partitionOf) ?? table.partitionOf;
      for (const constraint of table.constraints.values()) if (constraint.references) constraint.references = moved(constraint.references) ?? constraint.references;
    }
    for (const [key, index] of [...this.indexes]) {
      index.table = moved(index.table) ?? index.table;
      const target = moved(key);
      if (target === undefined) continue;
      this.indexes.delete(key);
      index.key = target;
      this.indexes.set(target, index);
    }
    for (const [key, serial] of [...this.views]) {
      const target = moved(key);
      if (target === undefined) continue;
      this.views.delete(key);
      this.views.set(target, serial);
    }
    for (const key of [...this.enums.keys()]) {
      const target = moved(key);
      if (target !== undefined) this.renameType(key, target);
    }
  }

  private renameColumn(tableName: string | undefined, from: string | undefined, to: string): void {
    const table = tableName ? this.tables.get(tableName) : undefined;
    const column = from ? table?.columns.get(from) : undefined;
    if (!table || !column || !from) return;
    table.columns.delete(from);
    column.name = to;
    table.columns.set(to, column);
  }

  /** Columns keep using a renamed type: they point at the type, not at its name. */
  private renameType(from: string | undefined, to: string | undefined): void {
    if (!from || !to) return;
    const found = this.enums.get(from);
    if (found) {
      this.enums.delete(from);
      found.key = to;
      this.enums.set(to, found);
    }
    for (const table of this.tables.values()) {
      for (const column of table.columns.values()) {
        if (column.type !== from) continue;
        column.type = to;
        if (column.typeSpec) column.typeSpec = { ...column.typeSpec, name: to };
      }
    }
  }
}
