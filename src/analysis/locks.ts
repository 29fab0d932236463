/**
 * STAND-IN for the lock model of the `locks` branch (same API: locksOf, LockEffect), with just
 * the entries the strict rules of this branch need. Replaced by that module when it is merged.
 */
import type { AlterTableCmd, Constraint, Node, RangeVar } from '@pgsql/types';
import { nameKey, strings, tableKey } from './names.js';
import type { SchemaView } from './schema-state.js';

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
export type Blocks = 'reads and writes' | 'writes' | 'DDL';

const PLAIN: Record<LockMode, [Blocks, string]> = {
  'ACCESS SHARE': ['DDL', 'blocks only statements that take ACCESS EXCLUSIVE'],
  'ROW SHARE': ['DDL', 'blocks only EXCLUSIVE and ACCESS EXCLUSIVE locks'],
  'ROW EXCLUSIVE': ['DDL', 'lets reads and writes go on; blocks index builds and other DDL'],
  'SHARE UPDATE EXCLUSIVE': ['DDL', 'lets reads and writes go on; blocks other schema changes, index builds and VACUUM on the table'],
  SHARE: ['writes', 'blocks writes (INSERT, UPDATE, DELETE); reads go on'],
  'SHARE ROW EXCLUSIVE': ['writes', 'blocks writes (INSERT, UPDATE, DELETE); reads go on'],
  EXCLUSIVE: ['writes', 'blocks writes and SELECT … FOR UPDATE/SHARE; plain reads go on'],
  'ACCESS EXCLUSIVE': ['reads and writes', 'blocks reads and writes (every query on the table, even SELECT)'],
};

export function describeLock(mode: LockMode): { mode: LockMode; blocks: Blocks; plain: string } {
  const [blocks, plain] = PLAIN[mode];
  return { mode, blocks, plain };
}

export function lockRank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export type RelationKind = 'table' | 'index' | 'materialized view' | 'partition' | 'referenced table';

export interface LockEffect {
  relation: string;
  kind: RelationKind;
  mode: LockMode;
  blocks: Blocks;
  rewrites: boolean;
  scans: boolean;
  buildsIndex?: boolean;
  action: string;
  node: object;
}

export interface LockModelOptions {
  postgresVersion: number;
  schema?: SchemaView;
}

type Fields = Record<string, unknown>;

export function locksOf(statement: Node, options: LockModelOptions): LockEffect[] {
  const [type, fields] = Object.entries(statement)[0] as [string, Fields];
  const handler = HANDLERS[type];
  return handler ? handler(fields, options) : [];
}

function effect(partial: Omit<LockEffect, 'blocks' | 'rewrites' | 'scans' | 'kind'> & Partial<Pick<LockEffect, 'rewrites' | 'scans' | 'kind'>>): LockEffect {
  return { kind: 'table', rewrites: false, scans: false, ...partial, blocks: describeLock(partial.mode).blocks };
}

const relations = (list: unknown): string[] =>
  ((list as Node[] | undefined) ?? []).map((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar)).filter((r): r is string => !!r);

const HANDLERS: Record<string, (fields: Fields, options: LockModelOptions) => LockEffect[]> = {
  AlterTableStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation || stmt.objtype !== 'OBJECT_TABLE') return [];
    const out: LockEffect[] = [];
    for (const item of (stmt.cmds as Node[] | undefined) ?? []) {
      const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
      if (!cmd) continue;
      const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
      switch (cmd.subtype) {
        case 'AT_AlterColumnType':
          out.push(effect({ relation, mode: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, action: `ALTER COLUMN "${cmd.name}" TYPE`, node: cmd }));
          break;
        case 'AT_SetNotNull':
          out.push(effect({ relation, mode: 'ACCESS EXCLUSIVE', scans: true, action: `ALTER COLUMN "${cmd.name}" SET NOT NULL`, node: cmd }));
          break;
        case 'AT_ValidateConstraint':
          out.push(effect({ relation, mode: 'SHARE UPDATE EXCLUSIVE', scans: true, action: `VALIDATE CONSTRAINT "${cmd.name}"`, node: cmd }));
          break;
        case 'AT_AddConstraint':
          if (constraint?.contype === 'CONSTR_FOREIGN') {
            const scans = !constraint.skip_validation;
            out.push(effect({ relation, mode: 'SHARE ROW EXCLUSIVE', scans, action: 'ADD FOREIGN KEY', node: cmd }));
            const referenced = tableKey(constraint.pktable);
            if (referenced) out.push(effect({ relation: referenced, kind: 'referenced table', mode: 'SHARE ROW EXCLUSIVE', action: 'ADD FOREIGN KEY', node: cmd }));
          } else {
            const index = ['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION'].includes(constraint?.contype ?? '') && !constraint?.indexname;
            const scans = index || (constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation);
            out.push(effect({ relation, mode: 'ACCESS EXCLUSIVE', scans, buildsIndex: index || undefined, action: 'ADD CONSTRAINT', node: cmd }));
          }
          break;
        default:
          out.push(effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'ALTER TABLE', node: cmd }));
      }
    }
    return out;
  },
  IndexStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation) return [];
    const concurrent = stmt.concurrent === true;
    return [effect({ relation, mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', scans: true, buildsIndex: true, action: `CREATE INDEX${concurrent ? ' CONCURRENTLY' : ''}`, node: stmt })];
  },
  DropStmt: (stmt) => {
    if (stmt.removeType !== 'OBJECT_TABLE') return [];
    return ((stmt.objects as Node[] | undefined) ?? [])
      .map((o) => nameKey(strings((o as { List?: { items?: Node[] } }).List?.items)))
      .filter((n): n is string => !!n)
      .map((relation) => effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'DROP TABLE', node: stmt }));
  },
  ClusterStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    return relation ? [effect({ relation, mode: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, action: 'CLUSTER', node: stmt })] : [];
  },
  TruncateStmt: (stmt) => relations(stmt.relations).map((relation) => effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'TRUNCATE', node: stmt })),
  LockStmt: (stmt) => {
    const modes: LockMode[] = [...LOCK_MODES];
    const mode = modes[((stmt.mode as number | undefined) ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    return relations(stmt.relations).map((relation) => effect({ relation, mode, action: `LOCK TABLE … IN ${mode} MODE`, node: stmt }));
  },
  RenameStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    if (!relation || !['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT'].includes(stmt.renameType as string)) return [];
    return [effect({ relation, mode: 'ACCESS EXCLUSIVE', action: 'RENAME', node: stmt })];
  },
  CreateTrigStmt: (stmt) => {
    const relation = tableKey(stmt.relation as RangeVar);
    return relation ? [effect({ relation, mode: 'SHARE ROW EXCLUSIVE', action: 'CREATE TRIGGER', node: stmt })] : [];
  },
  UpdateStmt: (stmt) => dml(stmt, 'UPDATE'),
  DeleteStmt: (stmt) => dml(stmt, 'DELETE'),
};

function dml(stmt: Fields, action: string): LockEffect[] {
  const relation = tableKey(stmt.relation as RangeVar);
  return relation ? [effect({ relation, mode: 'ROW EXCLUSIVE', scans: !stmt.whereClause, action, node: stmt })] : [];
}
