/**
 * What the statements so far have built: tables with their columns and constraints, enum types
 * with their ordered values, and which objects the current migration created. Rules read it
 * through SchemaView; only the engine applies statements to it, after the rules have seen them.
 * Statements it does not model are skipped, and history that touches unknown objects is ignored,
 * so replaying real-world migrations never fails.
 */
import type { AlterTableCmd, ColumnDef, Constraint, CreateStmt, Node, TypeName } from '@pgsql/types';
import { nameKey, strings, tableKey, typeKey } from './names.js';
import { typeSpec, type TypeSpec } from './type-changes.js';

export interface ColumnState {
  name: string;
  /** Type key (`int4`, `text`, `app.status`), or undefined when unknown. */
  type: string | undefined;
  /** The type with its modifiers (`varchar(20)`), for what a type change does. */
  typeSpec?: TypeSpec;
  notNull: boolean;
  hasDefault: boolean;
  identity: boolean;
  generated: boolean;
  /**
   * The enum the column held before it moved to a type that is not an enum (drizzle-kit removes
   * enum values through `text`): its name and values then, and whether an UPDATE had written the
   * column since its type last changed. Cleared when the column becomes an enum again.
   */
  formerEnum?: { key: string; values: string[]; updated: boolean };
}

export type ConstraintKind = 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion' | 'not-null' | 'other';

export interface ConstraintState {
  name: string;
  kind: ConstraintKind;
  validated: boolean;
  /** Columns a CHECK proves NOT NULL (`CHECK (c IS NOT NULL)`). */
  notNullColumns: string[];
  /** The table a FOREIGN KEY references. */
  references?: string;
  /** Transaction that added it, when this migration did (VALIDATE in the same one gains nothing). */
  addedInTransaction?: number;
}

export interface IndexState {
  key: string;
  table: string;
  /** Serial of the migration that created it. */
  createdIn: number;
}

export interface TableState {
  key: string;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  /** Serial of the migration that created it. */
  createdIn: number;
}

export interface EnumState {
  key: string;
  values: string[];
  createdIn: number;
  /** Values added by ALTER TYPE … ADD VALUE, with the transaction that added them. */
  addedIn: Map<string, number>;
}

export interface SchemaSnapshot {
  tables: (Omit<TableState, 'columns' | 'constraints'> & { columns: ColumnState[]; constraints: ConstraintState[] })[];
  enums: (Omit<EnumState, 'addedIn'> & { addedIn: [string, number][] })[];
  indexes?: IndexState[];
  migration: number;
  updated: string[];
}

export interface SchemaView {
  table(key: string): TableState | undefined;
  enumType(key: string): EnumState | undefined;
  /** Every enum type known so far. */
  enumTypes(): Iterable<EnumState>;
  /** Whether the table was created by the migration being linted (so it holds no rows yet). */
  isNewTable(key: string): boolean;
  /** Columns whose type is the given type key. */
  columnsOfType(type: string): { table: string; column: string }[];
  /** Whether a validated `CHECK (column IS NOT NULL)` exists on the table. */
  hasValidatedNotNullCheck(table: string, column: string): boolean;
  /** Whether an UPDATE (in this or an earlier migration) wrote the column since its type last changed. */
  wasUpdated(table: string, column: string): boolean;
  /** The table an index is on, when the index was created in the migrations seen. */
  indexTable(index: string): string | undefined;
  /** Whether the index was created by the migration being linted. */
  isNewIndex(index: string): boolean;
}

export class SchemaState implements SchemaView {
  private readonly tables = new Map<string, TableState>();
  private readonly enums = new Map<string, EnumState>();
  private readonly indexes = new Map<string, IndexState>();
  /** Serial of the current migration; 0 marks tables that predate everything replayed. */
  private migration = 0;
  /** Columns an UPDATE wrote (a data migration), as `table\0column`, until their type changes. */
  private updated = new Set<string>();

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
    for (const [key, e] of this.enums) copy.enums.set(key, { ...e, values: [...e.values], addedIn: new Map(e.addedIn) });
    for (const [key, i] of this.indexes) copy.indexes.set(key, { ...i });
    copy.migration = this.migration;
    copy.updated = new Set(this.updated);
    return copy;
  }

  /** A plain-data snapshot, for the replay cache. */
  toJSON(): SchemaSnapshot {
    return {
      tables: [...this.tables.values()].map((t) => ({ ...t, columns: [...t.columns.values()], constraints: [...t.constraints.values()] })),
      enums: [...this.enums.values()].map((e) => ({ ...e, addedIn: [...e.addedIn] })),
      indexes: [...this.indexes.values()],
      migration: this.migration,
      updated: [...this.updated],
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
    for (const e of snapshot.enums) state.enums.set(e.key, { ...e, values: [...e.values], addedIn: new Map(e.addedIn) });
    for (const i of snapshot.indexes ?? []) state.indexes.set(i.key, { ...i });
    state.migration = snapshot.migration;
    state.updated = new Set(snapshot.updated);
    return state;
  }

  /** Starts a new migration file: objects created from now on are "new". */
  beginMigration(): void {
    this.migration++;
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
    return this.tables.get(key)?.createdIn === this.migration;
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

  isNewIndex(index: string): boolean {
    return this.indexes.get(index)?.createdIn === this.migration;
  }

  /** Applies one top-level statement. */
  apply(node: Node, transactionId: number): void {
    const [type, fields] = Object.entries(node)[0] as [string, never];
    const handler = this.handlers[type];
    if (handler) handler(fields, transactionId);
  }

  private readonly handlers: Record<string, (fields: never, transactionId: number) => void> = {
    CreateStmt: (stmt: CreateStmt) => this.createTable(stmt),
    IndexStmt: (stmt: { idxname?: string; relation?: CreateStmt['relation']; if_not_exists?: boolean }) => {
      const table = tableKey(stmt.relation);
      if (!table || !stmt.idxname) return;
      // An index lives in its table's schema.
      const key = nameKey(stmt.relation?.schemaname ? [stmt.relation.schemaname, stmt.idxname] : [stmt.idxname])!;
      if (stmt.if_not_exists && this.indexes.has(key)) return;
      this.indexes.set(key, { key, table, createdIn: this.migration });
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
      if (stmt.renameType === 'OBJECT_TABLE') this.renameTable(tableKey(stmt.relation), stmt.newname, stmt.relation?.schemaname);
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
      if (key) this.enums.set(key, { key, values: strings(stmt.vals), createdIn: this.migration, addedIn: new Map() });
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
        return;
      }
      if (found.values.includes(stmt.newVal)) return;
      const neighbor = stmt.newValNeighbor === undefined ? -1 : found.values.indexOf(stmt.newValNeighbor);
      if (neighbor < 0) found.values.push(stmt.newVal);
      else found.values.splice(stmt.newValIsAfter ? neighbor + 1 : neighbor, 0, stmt.newVal);
      found.addedIn.set(stmt.newVal, transactionId);
    },
    UpdateStmt: (stmt: { relation?: CreateStmt['relation']; targetList?: Node[] }) => {
      const table = tableKey(stmt.relation);
      if (!table) return;
      for (const target of stmt.targetList ?? []) {
        const name = (target as { ResTarget?: { name?: string } }).ResTarget?.name;
        if (name) this.updated.add(`${table}\u0000${name}`);
      }
    },
  };

  private createTable(stmt: CreateStmt): void {
    const key = tableKey(stmt.relation);
    if (!key || (stmt.if_not_exists && this.tables.has(key))) return;
    const table: TableState = { key, columns: new Map(), constraints: new Map(), createdIn: this.migration };
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
          if (type && this.enums.has(type)) delete column.formerEnum;
          else if (before) column.formerEnum = { key: before.key, values: [...before.values], updated: this.updated.has(updatedKey) };
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
      for (const column of table.columns.values()) if (column.type === from) column.type = to;
    }
  }
}

function constraintKind(contype: string | undefined): ConstraintKind {
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
