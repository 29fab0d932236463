/**
 * The lock model: for a parsed statement, which relations PostgreSQL locks and in which mode,
 * what that mode blocks in plain words, and whether the statement rewrites a relation, scans it
 * while holding the lock, or only touches the catalog. Rules, messages, the language server's
 * hover and the docs ask this module instead of repeating lock facts.
 *
 * Every entry is checked against a real PostgreSQL (PGlite, PostgreSQL 18) by
 * test/analysis/locks.test.ts: the statement runs in a transaction, and the test reads
 * `pg_locks` of its own backend and `pg_class.relfilenode` before and after. Behaviour of older
 * versions is gated by FEATURES in versions.ts, each gate citing PostgreSQL's release notes.
 * Sources for the modes: PostgreSQL's "Explicit Locking" chapter (13.3.1) and
 * `AlterTableGetLockLevel()` in src/backend/commands/tablecmds.c.
 */
import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar, TypeName } from '@pgsql/types';
import { nameKey, strings, tableKey, typeKey } from './names.js';
import type { SchemaView } from './schema-state.js';
import { expressionVolatility } from './function-volatility.js';
import { supports } from './versions.js';
import { typeChangeOf, type TypeChange } from './type-changes.js';

/** PostgreSQL's table-level lock modes, weakest first (the order of the docs' conflict table). */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** What a lock keeps other sessions from doing, in the fewest words. */
export type Blocks = 'reads and writes' | 'writes' | 'DDL';

export interface LockDescription {
  mode: LockMode;
  blocks: Blocks;
  /** One sentence for messages and hover: `blocks reads and writes (every query on the table)`. */
  plain: string;
  /** The modes it conflicts with (PostgreSQL's Table 13.2). */
  conflictsWith: LockMode[];
  /** `pg_locks.mode` spelling, e.g. `AccessExclusiveLock`. */
  pgLocksMode: string;
}

/** PostgreSQL's conflict table, by index in LOCK_MODES. */
const CONFLICTS: Record<LockMode, LockMode[]> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': [...LOCK_MODES],
};

const PLAIN: Record<LockMode, [Blocks, string]> = {
  'ACCESS SHARE': ['DDL', 'blocks only statements that take ACCESS EXCLUSIVE (most ALTER TABLE, DROP, TRUNCATE)'],
  'ROW SHARE': ['DDL', 'blocks only EXCLUSIVE and ACCESS EXCLUSIVE locks (most ALTER TABLE, DROP, TRUNCATE, REFRESH MATERIALIZED VIEW CONCURRENTLY)'],
  'ROW EXCLUSIVE': ['DDL', 'lets reads and writes go on; blocks index builds, VALIDATE-free schema changes and other DDL'],
  'SHARE UPDATE EXCLUSIVE': ['DDL', 'lets reads and writes go on; blocks other schema changes, index builds and VACUUM on the table'],
  SHARE: ['writes', 'blocks writes (INSERT, UPDATE, DELETE); reads go on'],
  'SHARE ROW EXCLUSIVE': ['writes', 'blocks writes (INSERT, UPDATE, DELETE); reads go on'],
  EXCLUSIVE: ['writes', 'blocks writes and SELECT … FOR UPDATE/SHARE; plain reads go on'],
  'ACCESS EXCLUSIVE': ['reads and writes', 'blocks reads and writes (every query on the table, even SELECT)'],
};

const descriptions = new Map<LockMode, Readonly<LockDescription>>();

/** What a lock mode blocks, in words; one frozen description per mode (rules ask for it per finding). */
export function describeLock(mode: LockMode): Readonly<LockDescription> {
  let description = descriptions.get(mode);
  if (!description) {
    const [blocks, plain] = PLAIN[mode];
    description = Object.freeze({ mode, blocks, plain, conflictsWith: CONFLICTS[mode], pgLocksMode: pgLocksMode(mode) });
    descriptions.set(mode, description);
  }
  return description;
}

/** `ACCESS EXCLUSIVE` → `AccessExclusiveLock`, as `pg_locks.mode` spells it. */
export function pgLocksMode(mode: LockMode): string {
  return `${mode
    .toLowerCase()
    .split(' ')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}Lock`;
}

export function lockRank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return lockRank(a) >= lockRank(b) ? a : b;
}

/** Whether two modes conflict (one session holding `a` makes another wait for `b`). */
export function conflicts(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/** SHARE and stronger: the application's writes (or reads) wait while it is held. */
export function blocksApplication(mode: LockMode): boolean {
  return lockRank(mode) >= lockRank('SHARE');
}

/** `default partition`: the DEFAULT partition of a partitioned table whose set of partitions changes. */
export type RelationKind = 'table' | 'index' | 'materialized view' | 'partition' | 'default partition' | 'referenced table';

export interface LockEffect {
  /** The relation as the schema state keys it (`users`, `app.users`); for an index, its name. */
  relation: string;
  kind: RelationKind;
  mode: LockMode;
  /** describeLock(mode).blocks, for convenience. */
  blocks: Blocks;
  /** Writes a new copy of the relation (and rebuilds its indexes) while holding the lock. */
  rewrites: boolean;
  /** Reads every row while holding the lock (a validation or an index build). */
  scans: boolean;
  /** Removes every row (TRUNCATE: a new, empty file). */
  empties?: boolean;
  /** Builds an index while holding the lock (CREATE INDEX, ADD UNIQUE/PRIMARY KEY/EXCLUDE). */
  buildsIndex?: boolean;
  /** Fails when existing rows violate what it checks: which kind of check. */
  validates?: 'foreign key' | 'check' | 'unique' | 'primary key' | 'exclusion' | 'not null' | 'default partition';
  /** PostgreSQL refuses to run the statement inside a transaction block. */
  noTransactionBlock?: boolean;
  /** What takes the lock, in SQL words for messages: `CREATE INDEX`, `ALTER COLUMN "a" TYPE bigint`. */
  action: string;
  /** The node that causes it (an ALTER TABLE subcommand or the statement), for positions. */
  node: object;
}

export interface LockModelOptions {
  postgresVersion: number;
  /** The schema before the statement: column types, constraints, which tables are new. */
  schema?: SchemaView;
  /**
   * The session's TimeZone is UTC (the migration set it: SessionView.timeZoneUtc): timestamp ↔ timestamptz
   * is then a catalog change on PostgreSQL 12+. Left out, the model claims the rewrite, as on a
   * server whose zone has an offset: the zone a file did not set is not the linter's to know.
   */
  timeZoneUtc?: boolean;
}

type Fields = Record<string, unknown>;

/** The lock effects of one top-level statement; [] for statements that lock no existing relation. */
export function locksOf(statement: Node, options: LockModelOptions): LockEffect[] {
  const [type, fields] = Object.entries(statement)[0] as [string, Fields];
  const handler = HANDLERS[type];
  return handler ? handler(fields, options) : [];
}

function effect(partial: Omit<LockEffect, 'blocks' | 'rewrites' | 'scans' | 'kind'> & Partial<Pick<LockEffect, 'rewrites' | 'scans' | 'kind'>>): LockEffect {
  return { kind: 'table', rewrites: false, scans: false, ...partial, blocks: describeLock(partial.mode).blocks };
}

const LOCK_STMT_MODES: Record<number, LockMode> = {
  1: 'ACCESS SHARE',
  2: 'ROW SHARE',
  3: 'ROW EXCLUSIVE',
  4: 'SHARE UPDATE EXCLUSIVE',
  5: 'SHARE',
  6: 'SHARE ROW EXCLUSIVE',
  7: 'EXCLUSIVE',
  8: 'ACCESS EXCLUSIVE',
};

function hasOption(params: unknown, name: string): boolean {
  return ((params as Node[] | undefined) ?? []).some((p) => {
    const def = (p as { DefElem?: { defname?: string; arg?: Node } }).DefElem;
    if (def?.defname !== name) return false;
    // `(FULL false)`, `(CONCURRENTLY off)` turn an option off.
    const arg = def.arg as { Boolean?: { boolval?: boolean }; String?: { sval?: string }; Integer?: { ival?: number } } | undefined;
    if (arg?.Boolean) return arg.Boolean.boolval === true;
    if (arg?.String?.sval) return !['false', 'off', '0'].includes(arg.String.sval.toLowerCase());
    if (arg?.Integer) return arg.Integer.ival !== 0;
    return true;
  });
}

const HANDLERS: Record<string, (fields: Fields, options: LockModelOptions) => LockEffect[]> = {
  AlterTableStmt: (stmt, options) => alterTableLocks(stmt, options),

  IndexStmt: (stmt, options) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    const concurrent = stmt.concurrent === true;
    const partitioned = !!options.schema?.table(relation)?.partitioned;
    // libpg-query leaves `inh` out when it is false (ON ONLY).
    const only = !(stmt.relation as RangeVar).inh;
    const build = {
      mode: (concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE') as LockMode,
      buildsIndex: true,
      validates: stmt.unique ? ('unique' as const) : undefined,
      noTransactionBlock: concurrent || undefined,
      action: `CREATE ${stmt.unique ? 'UNIQUE ' : ''}INDEX${concurrent ? ' CONCURRENTLY' : ''}`,
      node: stmt,
    };
    // A partitioned table has no rows of its own: each partition is locked and scanned (not with ON ONLY).
    const out = [effect({ relation, scans: !partitioned, ...build })];
    if (partitioned && !only) for (const partition of options.schema?.partitionsOf(relation) ?? []) out.push(effect({ relation: partition, kind: 'partition', scans: true, ...build }));
    return out;
  },

  DropStmt: (stmt, options) => {
    const objects = (stmt.objects as Node[] | undefined) ?? [];
    const names = objects.map((o) => nameKey(strings((o as { List?: { items?: Node[] } }).List?.items))).filter((n): n is string => !!n);
    switch (stmt.removeType) {
      case 'OBJECT_INDEX': {
        const concurrent = stmt.concurrent === true;
        const mode: LockMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
        return names.flatMap((index) => {
          const table = options.schema?.indexTable?.(index);
          const action = `DROP INDEX${concurrent ? ' CONCURRENTLY' : ''}`;
          const out = [effect({ relation: index, kind: 'index', mode: 'ACCESS EXCLUSIVE', noTransactionBlock: concurrent || undefined, action, node: stmt })];
          if (table) out.unshift(effect({ relation: table, mode, noTransactionBlock: concurrent || undefined, action, node: stmt }));
          return out;
        });
      }
      case 'OBJECT_TABLE':
        return dropTableLocks(names, options.schema, stmt);
      case 'OBJECT_MATVIEW':
        return names.map((relation) => effect({ relation, kind: 'materialized view', mode: 'ACCESS EXCLUSIVE', action: 'DROP MATERIALIZED VIEW', node: stmt }));
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN': {
        // Without CASCADE a type in use cannot be dropped; with it, each column of the type is
        // dropped, under ACCESS EXCLUSIVE on its table (a catalog change, as DROP COLUMN is).
        if (stmt.behavior !== 'DROP_CASCADE') return [];
        const what = stmt.removeType === 'OBJECT_DOMAIN' ? 'DROP DOMAIN' : 'DROP TYPE';
        const tables = new Set<string>();
        for (const object of objects) {
          const type = typeKey((object as { TypeName?: TypeName }).TypeName);
          for (const use of type ? (options.schema?.columnsOfType(type) ?? []) : []) tables.add(use.table);
        }
        return [...tables].map((relation) => effect({ relation, mode: 'ACCESS EXCLUSIVE', action: `${what} … CASCADE`, node: stmt }));
      }
      default:
        return [];
    }
  },

  ReindexStmt: (stmt, options) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    const concurrent = hasOption(stmt.params, 'concurrently');
    const action = `REINDEX${concurrent ? ' CONCURRENTLY' : ''}`;
    if (stmt.kind === 'REINDEX_OBJECT_INDEX') {
      // REINDEX INDEX: SHARE on its table (writes wait), ACCESS EXCLUSIVE on the index itself,
      // so even reads that would use the index wait. CONCURRENTLY: SHARE UPDATE EXCLUSIVE on both.
      const table = options.schema?.indexTable?.(relation);
      const out = [
        effect({ relation, kind: 'index', mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', rewrites: true, noTransactionBlock: concurrent || undefined, action, node: stmt }),
      ];
      if (table) out.unshift(effect({ relation: table, mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', scans: true, buildsIndex: true, noTransactionBlock: concurrent || undefined, action, node: stmt }));
      return out;
    }
    if (stmt.kind === 'REINDEX_OBJECT_TABLE') {
      return [
        effect({
          relation,
          mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE',
          scans: true,
          buildsIndex: true,
          noTransactionBlock: concurrent || undefined,
          action,
          node: stmt,
        }),
      ];
    }
    return [];
  },

  RefreshMatViewStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    const concurrent = stmt.concurrent === true;
    // WITH NO DATA empties it; otherwise the query runs and the view gets a new file (plain) or
    // is diffed row by row (CONCURRENTLY, which needs a unique index and takes EXCLUSIVE).
    return [
      effect({
        relation,
        kind: 'materialized view',
        mode: concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        rewrites: !concurrent,
        scans: true,
        action: `REFRESH MATERIALIZED VIEW${concurrent ? ' CONCURRENTLY' : ''}`,
        node: stmt,
      }),
    ];
  },

  VacuumStmt: (stmt) => {
    const full = hasOption(stmt.options, 'full');
    const rels = ((stmt.rels as Node[] | undefined) ?? [])
      .map((r) => tableKey((r as { VacuumRelation?: { relation?: RangeVar } }).VacuumRelation?.relation))
      .filter((r): r is string => !!r);
    if (stmt.is_vacuumcmd === false) {
      return rels.map((relation) => effect({ relation, mode: 'SHARE UPDATE EXCLUSIVE', scans: true, action: 'ANALYZE', node: stmt }));
    }
    return rels.map((relation) =>
      effect({
        relation,
        mode: full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE',
        rewrites: full,
        scans: true,
        noTransactionBlock: true,
        action: full ? 'VACUUM FULL' : 'VACUUM',
        node: stmt,
      }),
    );
  },

  ClusterStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    return [effect({ relation, mode: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, action: 'CLUSTER', node: stmt })];
  },

  LockStmt: (stmt) => {
    const mode = LOCK_STMT_MODES[(stmt.mode as number | undefined) ?? 8] ?? 'ACCESS EXCLUSIVE';
    return ((stmt.relations as Node[] | undefined) ?? [])
      .map((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar))
      .filter((r): r is string => !!r)
      .map((relation) => effect({ relation, mode, action: `LOCK TABLE … IN ${mode} MODE`, node: stmt }));
  },

  TruncateStmt: (stmt) =>
    ((stmt.relations as Node[] | undefined) ?? [])
      .map((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar))
      .filter((r): r is string => !!r)
      .map((relation) => effect({ relation, mode: 'ACCESS EXCLUSIVE', empties: true, action: 'TRUNCATE', node: stmt })),

  UpdateStmt: (stmt) => dml(stmt, 'UPDATE', true),
  DeleteStmt: (stmt) => dml(stmt, 'DELETE', true),
  InsertStmt: (stmt) => dml(stmt, 'INSERT', false),

  CreateTrigStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    return [effect({ relation, mode: 'SHARE ROW EXCLUSIVE', action: 'CREATE TRIGGER', node: stmt })];
  },

  CreateStmt: (stmt, options) => {
    // A new table's own lock harms nobody, but each REFERENCES locks the referenced table.
    const out: LockEffect[] = [];
    // PARTITION OF changes the parent's partition descriptor: ACCESS EXCLUSIVE on it (unlike
    // ATTACH PARTITION's SHARE UPDATE EXCLUSIVE); INHERITS only keeps the parents from changing
    // meanwhile: SHARE UPDATE EXCLUSIVE (MergeAttributes() in tablecmds.c).
    const partition = !!stmt.partbound;
    const action = partition ? 'CREATE TABLE … PARTITION OF' : 'CREATE TABLE … INHERITS';
    for (const item of (stmt.inhRelations as Node[] | undefined) ?? []) {
      const parent = tableKey((item as { RangeVar?: RangeVar }).RangeVar);
      if (!parent) continue;
      out.push(effect({ relation: parent, mode: partition ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE', action, node: stmt }));
      if (partition && !(stmt.partbound as { is_default?: boolean }).is_default) out.push(...defaultPartitionChecks(parent, options.schema, true, action, stmt));
    }
    for (const element of (stmt.tableElts as Node[] | undefined) ?? []) {
      const column = (element as { ColumnDef?: ColumnDef }).ColumnDef;
      const constraints = column ? (column.constraints ?? []) : [element];
      for (const c of constraints) {
        const constraint = (c as { Constraint?: Constraint }).Constraint;
        const referenced = constraint?.contype === 'CONSTR_FOREIGN' ? tableKey(constraint.pktable) : undefined;
        if (referenced) out.push(effect({ relation: referenced, kind: 'referenced table', mode: 'SHARE ROW EXCLUSIVE', action: 'REFERENCES', node: constraint! }));
      }
    }
    return out;
  },

  RenameStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    switch (stmt.renameType) {
      case 'OBJECT_TABLE':
        return [effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'RENAME TO', node: stmt })];
      case 'OBJECT_COLUMN':
        return [effect({ relation, mode: 'ACCESS EXCLUSIVE', action: `RENAME COLUMN "${String(stmt.subname)}"`, node: stmt })];
      case 'OBJECT_TABCONSTRAINT':
        return [effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'RENAME CONSTRAINT', node: stmt })];
      case 'OBJECT_INDEX':
        // PostgreSQL 12+ renames an index under SHARE UPDATE EXCLUSIVE.
        return [effect({ relation, kind: 'index', mode: 'SHARE UPDATE EXCLUSIVE', action: 'ALTER INDEX … RENAME', node: stmt })];
      default:
        return [];
    }
  },
};

/**
 * A new partition's bound is carved out of the DEFAULT partition's: PostgreSQL locks the default
 * partition ACCESS EXCLUSIVE and (`scans`) reads it, failing with "updated partition constraint
 * for default partition … would be violated by some row" when a row belongs to the new bound,
 * unless a valid CHECK constraint on it proves none can (not modelled: the scan is claimed). A
 * partitioned default partition is then locked with all its partitions, and its leaves are
 * scanned (check_default_partition_contents() in partbounds.c; the docs of ATTACH PARTITION).
 * When a partition leaves (DETACH, DROP TABLE; `scans` false) the default partition's bound grows:
 * it alone is locked, nothing is read.
 */
function defaultPartitionChecks(parent: string, schema: SchemaView | undefined, scans: boolean, action: string, node: object): LockEffect[] {
  const found = schema?.defaultPartitionOf(parent);
  if (!found) return [];
  if (!scans) return [effect({ relation: found, kind: 'default partition', mode: 'ACCESS EXCLUSIVE', action, node })];
  const out: LockEffect[] = [];
  const visit = (relation: string, depth: number): void => {
    const partitioned = !!schema?.table(relation)?.partitioned;
    out.push(effect({ relation, kind: 'default partition', mode: 'ACCESS EXCLUSIVE', scans: !partitioned, validates: 'default partition', action, node }));
    if (partitioned && depth < 32) for (const child of schema!.partitionsOf(relation)) visit(child, depth + 1);
  };
  visit(found, 0);
  return out;
}

/**
 * DROP TABLE: each table, with its partitions (dropped along with it); a partition's partitioned
 * table and that table's DEFAULT partition are locked ACCESS EXCLUSIVE too, as the partition
 * bounds change (heap_drop_with_catalog() in heap.c), but they stay: the action names the table.
 */
function dropTableLocks(names: string[], schema: SchemaView | undefined, node: object): LockEffect[] {
  const dropped = new Set<string>();
  const out: LockEffect[] = [];
  const drop = (relation: string, kind: RelationKind, depth: number): void => {
    if (dropped.has(relation)) return;
    dropped.add(relation);
    out.push(effect({ relation, kind, mode: 'ACCESS EXCLUSIVE', action: 'DROP TABLE', node }));
    if (depth < 32) for (const partition of schema?.partitionsOf(relation) ?? []) drop(partition, 'partition', depth + 1);
  };
  for (const name of names) drop(name, 'table', 0);
  for (const name of names) {
    const parent = schema?.table(name)?.partitionOf;
    if (!parent || dropped.has(parent) || out.some((e) => e.relation === parent)) continue;
    const action = `DROP TABLE "${name}"`;
    out.push(effect({ relation: parent, mode: 'ACCESS EXCLUSIVE', action, node }));
    const fallback = schema?.defaultPartitionOf(parent);
    if (fallback && !dropped.has(fallback)) out.push(...defaultPartitionChecks(parent, schema, false, action, node));
  }
  return out;
}

function dml(stmt: Fields, action: string, scans: boolean): LockEffect[] {
  const relation = tableKey(stmt.relation as RangeVar);
  if (!relation) return [];
  return [effect({ relation, mode: 'ROW EXCLUSIVE', scans: scans && !stmt.whereClause, action, node: stmt })];
}

function columnConstraints(def: ColumnDef | undefined): Constraint[] {
  return (def?.constraints ?? []).map((c) => (c as { Constraint?: Constraint }).Constraint).filter((c): c is Constraint => !!c);
}

/** Why ADD COLUMN rewrites the table, or undefined when it only touches the catalog. */
export function addColumnRewrite(def: ColumnDef | undefined, postgresVersion: number): string | undefined {
  const constraints = columnConstraints(def);
  const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
  // PostgreSQL 18 made GENERATED ALWAYS AS (…) VIRTUAL the default: computed on read, nothing stored.
  if (generated && generated.generated_kind !== 'v') return 'a stored generated column is computed and written for every row';
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'an identity column takes a value from its sequence for every row';
  const typeName = def?.typeName;
  const typeParts = strings(typeName?.names);
  const serial = ['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial'].includes(typeParts.at(-1) ?? '');
  if (serial) return 'a serial column takes nextval() for every row';
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  if (defaultExpr) {
    if (!supports(postgresVersion, 'fastColumnDefault')) return `every DEFAULT is written into every row before PostgreSQL 11`;
    const { volatility, culprit } = expressionVolatility(defaultExpr);
    if (volatility === 'volatile') return `the volatile default ${culprit ?? 'expression'}() is evaluated for every row`;
  }
  return undefined;
}

function alterTableLocks(stmt: Fields, options: LockModelOptions): LockEffect[] {
  const relation = tableKey(stmt.relation as RangeVar);
  if (!relation) return [];
  const kind: RelationKind = stmt.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : stmt.objtype === 'OBJECT_INDEX' ? 'index' : 'table';
  const out: LockEffect[] = [];
  for (const item of (stmt.cmds as Node[] | undefined) ?? []) {
    const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    if (cmd) out.push(...alterTableCmdLocks(relation, kind, cmd, options));
  }
  return out;
}

function alterTableCmdLocks(relation: string, kind: RelationKind, cmd: AlterTableCmd, options: LockModelOptions): LockEffect[] {
  const { postgresVersion, schema } = options;
  const base = { relation, kind, node: cmd };
  const column = cmd.name ? `"${cmd.name}"` : '';
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      // ADD COLUMN IF NOT EXISTS on a column the table has is skipped with a NOTICE, after the
      // table's lock is taken: no rewrite, and none of its REFERENCES is looked at.
      if (cmd.missing_ok && schema?.table(relation)?.columns.has(def?.colname ?? '')) {
        return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `ADD COLUMN IF NOT EXISTS "${def?.colname ?? ''}"` })];
      }
      const constraints = columnConstraints(def);
      const rewrite = addColumnRewrite(def, postgresVersion);
      const out = [effect({ ...base, mode: 'ACCESS EXCLUSIVE', rewrites: !!rewrite, scans: !!rewrite, action: `ADD COLUMN "${def?.colname ?? ''}"` })];
      for (const c of constraints) {
        const referenced = c.contype === 'CONSTR_FOREIGN' ? tableKey(c.pktable) : undefined;
        if (referenced) out.push(effect({ relation: referenced, kind: 'referenced table', mode: 'SHARE ROW EXCLUSIVE', action: `ADD COLUMN "${def?.colname ?? ''}" REFERENCES`, node: cmd }));
      }
      return out;
    }
    case 'AT_AlterColumnType': {
      const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      const change: TypeChange = typeChangeOf(schema?.table(relation)?.columns.get(cmd.name ?? ''), def, (type) => !!schema?.enumType(type));
      const relabelled = !!change.rewriteUnlessUtc && !!options.timeZoneUtc && supports(postgresVersion, 'timestampUtcRelabel');
      const rewrites = change.verdict !== 'binary-coercible' && !relabelled;
      return [
        effect({
          ...base,
          mode: 'ACCESS EXCLUSIVE',
          rewrites,
          scans: rewrites,
          action: `ALTER COLUMN ${column} TYPE ${change.to}`,
        }),
      ];
    }
    case 'AT_SetNotNull': {
      const proven = supports(postgresVersion, 'notNullFromCheck') && !!schema?.hasValidatedNotNullCheck(relation, cmd.name ?? '');
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', scans: !proven, validates: 'not null', action: `ALTER COLUMN ${column} SET NOT NULL` })];
    }
    case 'AT_DropNotNull':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `ALTER COLUMN ${column} DROP NOT NULL` })];
    case 'AT_ColumnDefault':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `ALTER COLUMN ${column} ${cmd.def ? 'SET' : 'DROP'} DEFAULT` })];
    case 'AT_DropColumn':
      // The column is only marked dropped in the catalog; its data stays until the next rewrite.
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `DROP COLUMN ${column}` })];
    case 'AT_AddConstraint':
      return addConstraintLocks(relation, kind, cmd, options);
    case 'AT_ValidateConstraint': {
      const constraint = schema?.table(relation)?.constraints.get(cmd.name ?? '');
      const out = [effect({ ...base, mode: 'SHARE UPDATE EXCLUSIVE', scans: true, action: `VALIDATE CONSTRAINT ${column}` })];
      const referenced = constraint?.kind === 'foreign-key' ? constraint.references : undefined;
      if (referenced) out.push(effect({ relation: referenced, kind: 'referenced table', mode: 'ROW SHARE', action: `VALIDATE CONSTRAINT ${column}`, node: cmd }));
      return out;
    }
    case 'AT_DropConstraint':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `DROP CONSTRAINT ${column}` })];
    case 'AT_AttachPartition': {
      const partitionCmd = (cmd.def as { PartitionCmd?: { name?: RangeVar; bound?: { is_default?: boolean } } } | undefined)?.PartitionCmd;
      const partition = tableKey(partitionCmd?.name);
      // From PostgreSQL 12 the parent takes only SHARE UPDATE EXCLUSIVE; the partition is
      // scanned to prove its rows fit the bound unless a valid CHECK constraint implies it.
      const out = [effect({ ...base, mode: supports(postgresVersion, 'attachPartitionShareUpdateExclusive') ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', action: 'ATTACH PARTITION' })];
      if (partition) out.push(effect({ relation: partition, kind: 'partition', mode: 'ACCESS EXCLUSIVE', scans: true, validates: 'check', action: 'ATTACH PARTITION', node: cmd }));
      if (!partitionCmd?.bound?.is_default) out.push(...defaultPartitionChecks(relation, schema, true, 'ATTACH PARTITION', cmd));
      return out;
    }
    case 'AT_DetachPartition': {
      const partitionCmd = (cmd.def as { PartitionCmd?: { name?: RangeVar; concurrent?: boolean } } | undefined)?.PartitionCmd;
      const partition = tableKey(partitionCmd?.name);
      const concurrent = partitionCmd?.concurrent === true;
      const action = `DETACH PARTITION${concurrent ? ' CONCURRENTLY' : ''}`;
      // CONCURRENTLY (14+) holds SHARE UPDATE EXCLUSIVE on the parent, so queries on it go on;
      // the partition itself is still locked ACCESS EXCLUSIVE in the final step.
      const out = [effect({ ...base, mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', noTransactionBlock: concurrent || undefined, action })];
      if (partition) out.push(effect({ relation: partition, kind: 'partition', mode: 'ACCESS EXCLUSIVE', noTransactionBlock: concurrent || undefined, action, node: cmd }));
      // PostgreSQL refuses CONCURRENTLY while a default partition exists; without it, the default
      // partition's constraint changes (it may hold the detached bound's rows from now on): no scan.
      if (!concurrent && partition !== schema?.defaultPartitionOf(relation)) out.push(...defaultPartitionChecks(relation, schema, false, action, cmd));
      return out;
    }
    case 'AT_DetachPartitionFinalize':
      return [effect({ ...base, mode: 'SHARE UPDATE EXCLUSIVE', action: 'DETACH PARTITION … FINALIZE' })];
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_SetStatistics':
      return [effect({ ...base, mode: 'SHARE UPDATE EXCLUSIVE', action: 'ALTER TABLE' })];
    case 'AT_EnableTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_EnableTrigAll':
    case 'AT_DisableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrigUser':
      return [effect({ ...base, mode: 'SHARE ROW EXCLUSIVE', action: 'ENABLE/DISABLE TRIGGER' })];
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
    case 'AT_SetTableSpace':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, action: cmd.subtype === 'AT_SetTableSpace' ? 'SET TABLESPACE' : 'SET LOGGED/UNLOGGED' })];
    default:
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: 'ALTER TABLE' })];
  }
}

function addConstraintLocks(relation: string, kind: RelationKind, cmd: AlterTableCmd, options: LockModelOptions): LockEffect[] {
  const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
  const base = { relation, kind, node: cmd };
  const name = constraint?.conname ? ` "${constraint.conname}"` : '';
  const notValid = constraint?.skip_validation === true;
  switch (constraint?.contype) {
    case 'CONSTR_FOREIGN': {
      const referenced = tableKey(constraint.pktable);
      const action = `ADD CONSTRAINT${name} FOREIGN KEY${notValid ? ' … NOT VALID' : ''}`;
      // Both tables take SHARE ROW EXCLUSIVE; without NOT VALID every row of the referencing
      // table is checked against the referenced one while both are held.
      const out = [effect({ ...base, mode: 'SHARE ROW EXCLUSIVE', scans: !notValid, validates: notValid ? undefined : 'foreign key', action })];
      if (referenced && referenced !== relation) {
        // The referenced table is read by a join whose plan decides whether it is scanned in
        // full; the model claims the lock only (scans is false for every referenced table).
        out.push(effect({ relation: referenced, kind: 'referenced table', mode: 'SHARE ROW EXCLUSIVE', action, node: cmd }));
      }
      return out;
    }
    case 'CONSTR_CHECK':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', scans: !notValid, validates: notValid ? undefined : 'check', action: `ADD CONSTRAINT${name} CHECK${notValid ? ' … NOT VALID' : ''}` })];
    case 'CONSTR_NOTNULL':
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', scans: !notValid, validates: notValid ? undefined : 'not null', action: `ADD CONSTRAINT${name} NOT NULL${notValid ? ' … NOT VALID' : ''}` })];
    case 'CONSTR_UNIQUE':
    case 'CONSTR_PRIMARY':
    case 'CONSTR_EXCLUSION': {
      const what = constraint.contype === 'CONSTR_UNIQUE' ? 'unique' : constraint.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'exclusion';
      const sql = constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'EXCLUDE';
      if (constraint.indexname) {
        // USING INDEX adopts an index built beforehand: a catalog change, except that a primary
        // key first makes its columns NOT NULL, which scans unless they already are.
        const keysNullable = constraint.contype === 'CONSTR_PRIMARY' && primaryKeyNeedsNotNullScan(relation, constraint.indexname, options.schema);
        return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', scans: keysNullable, validates: keysNullable ? 'not null' : undefined, action: `ADD CONSTRAINT${name} ${sql} USING INDEX` })];
      }
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', scans: true, buildsIndex: true, validates: what, action: `ADD CONSTRAINT${name} ${sql}` })];
    }
    default:
      return [effect({ ...base, mode: 'ACCESS EXCLUSIVE', action: `ADD CONSTRAINT${name}` })];
  }
}

/** Whether some column of the adopted index may still be nullable (unknown columns count as nullable). */
function primaryKeyNeedsNotNullScan(relation: string, index: string, schema: SchemaView | undefined): boolean {
  const schemaName = relation.includes('.') ? relation.split('.')[0] : undefined;
  const columns = schema?.indexColumns(nameKey(schemaName ? [schemaName, index] : [index]) ?? index);
  const table = schema?.table(relation);
  if (!columns?.length || !table) return true;
  return columns.some((c) => !table.columns.get(c)?.notNull);
}
