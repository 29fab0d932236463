/**
 * What the schema state knows about each table, column, constraint, index and enum type, and the
 * read-only view of it that rules get as `context.schema`. The state that builds these is
 * schema-state.ts; the cast verdicts (type-changes.ts) and the lock model read them too.
 */
import type { TypeSpec } from './type-specs.js';

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
  /** Serial of the migration that added the column (its table's, for columns of CREATE TABLE). */
  createdIn?: number;
  /**
   * The enum the column held before it moved to a type that is not an enum (drizzle-kit removes
   * enum values through `text`): its name and values then, when it and its values were created,
   * and whether an UPDATE had written the column since its type last changed. Cleared when the
   * column becomes an enum again.
   */
  formerEnum?: { key: string; values: string[]; updated: boolean; createdIn?: number; addedBy?: [string, number][] };
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
  /** Its plain column keys, in order (expressions left out). */
  columns?: string[];
  /** Serial of the migration that created it. */
  createdIn: number;
}

export interface TableState {
  key: string;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  /** Serial of the migration that created it. */
  createdIn: number;
  /** Declared PARTITION BY: it holds no rows itself, and CREATE INDEX CONCURRENTLY refuses it. */
  partitioned?: boolean;
  /** The partitioned table it is a partition of (CREATE TABLE … PARTITION OF). */
  partitionOf?: string;
}

export interface EnumState {
  key: string;
  values: string[];
  createdIn: number;
  /** Values added by ALTER TYPE … ADD VALUE, with the transaction that added them. */
  addedIn: Map<string, number>;
  /** Values added by ALTER TYPE … ADD VALUE, with the serial of the migration that added them. */
  addedBy?: Map<string, number>;
}

/**
 * Rows of a column moved off some of its values by a data migration (an UPDATE that rewrites
 * them, a DELETE that removes them): which values, or every value (`all`), and in which migration.
 */
export interface MovedOff {
  serial: number;
  values: string[] | 'all';
}

export interface SchemaSnapshot {
  tables: (Omit<TableState, 'columns' | 'constraints'> & { columns: ColumnState[]; constraints: ConstraintState[] })[];
  enums: (Omit<EnumState, 'addedIn' | 'addedBy'> & { addedIn: [string, number][]; addedBy?: [string, number][] })[];
  indexes?: IndexState[];
  /** Schemas and views, each with the serial of the migration that created it. */
  schemas?: [string, number][];
  views?: [string, number][];
  migration: number;
  updated: string[];
  /** Set-relative file of each migration serial (index 0: before everything replayed). */
  files?: (string | null)[];
  movedOff?: [string, MovedOff[]][];
}

export interface SchemaView {
  table(key: string): TableState | undefined;
  enumType(key: string): EnumState | undefined;
  /** Every enum type known so far. */
  enumTypes(): Iterable<EnumState>;
  /**
   * Whether the table was created by the migration being linted or by an earlier migration of
   * its deploy batch (see MigrationBatches): it holds no rows and no running code uses it yet.
   */
  isNewTable(key: string): boolean;
  /** Whether the column is new in the same sense: its table is new, or the batch added it. */
  isNewColumn(table: string, column: string): boolean;
  /** Whether CREATE SCHEMA of this schema ran in this migration or earlier in its batch. */
  isNewSchema(name: string): boolean;
  /** Whether the view or materialized view (table key) was created by this migration or earlier in its batch. */
  isNewView(key: string): boolean;
  /** Whether the key names a view or materialized view that the migrations seen created. */
  isView(key: string): boolean;
  /** Whether the type (an enum) was created by this migration or earlier in its batch. */
  isNewType(key: string): boolean;
  /**
   * Whether the enum value is new in the same sense: its type is new, or the batch added it (so no
   * row can hold it outside the batch). `type` is a type key, or a column's `formerEnum`.
   */
  isNewEnumValue(type: string | NonNullable<ColumnState['formerEnum']>, value: string): boolean;
  /** The set-relative file of the migration that added an enum value (ADD VALUE or CREATE TYPE). */
  fileThatAdded(type: string, value: string): string | undefined;
  /** The set-relative file being linted, when known. */
  currentFile(): string | undefined;
  /**
   * Values of the column whose rows a data migration in this migration or earlier in its batch
   * moved off (`WHERE col = 'v'`, `IN (…)`, CASE mappings, `replace`), or `all` when one
   * rewrote or deleted every row. Without batches (source 'file'), earlier migrations count too.
   */
  valuesMovedOff(table: string, column: string): ReadonlySet<string> | 'all';
  /**
   * Whether this migration, or an earlier one of its batch, cleared the column's NULLs: an UPDATE
   * of it `WHERE col IS NULL` (or of every row), a DELETE of those rows, a TRUNCATE.
   */
  nullsCleared(table: string, column: string): boolean;
  /** Columns whose type is the given type key. */
  columnsOfType(type: string): { table: string; column: string }[];
  /** Keys of the known tables in a schema (`public` tables have unqualified keys). */
  tablesInSchema(schema: string): string[];
  /** Whether a validated `CHECK (column IS NOT NULL)` exists on the table. */
  hasValidatedNotNullCheck(table: string, column: string): boolean;
  /** Whether an UPDATE (in this or an earlier migration) wrote the column since its type last changed. */
  wasUpdated(table: string, column: string): boolean;
  /** The table an index is on, when the index was created in the migrations seen. */
  indexTable(index: string): string | undefined;
  /** The index's plain columns, when it was created in the migrations seen. */
  indexColumns(index: string): string[] | undefined;
  /** Whether the index was created by this migration or earlier in its batch. */
  isNewIndex(index: string): boolean;
  /** The partitions created with PARTITION OF the table, in the migrations seen. */
  partitionsOf(table: string): string[];
}
