/**
 * Which tables a statement locks in ACCESS EXCLUSIVE mode, a lock that then lasts until its
 * transaction ends. Only what PostgreSQL's AlterTableGetLockLevel and the statements' docs say
 * for certain; a statement this does not know takes no lock here (test/analysis/locks-taken.test.ts
 * checks each case against pg_locks on a real PostgreSQL).
 */
import type { AlterTableCmd, Constraint, Node, RangeVar } from '@pgsql/types';
import { nameKey, tableKey } from './names.js';

/** ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (SHARE UPDATE / SHARE ROW EXCLUSIVE). */
const WEAKER = new Set([
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_AttachPartition',
  'AT_DetachPartition',
  'AT_DetachPartitionFinalize',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

/** LOCK TABLE's mode number for ACCESS EXCLUSIVE (lockdefs.h), also LOCK's default. */
const ACCESS_EXCLUSIVE_MODE = 8;

export function accessExclusiveTables(node: Node): string[] {
  const [type, fields] = Object.entries(node)[0] as [string, Record<string, unknown>];
  switch (type) {
    case 'AlterTableStmt': {
      if (fields.objtype !== 'OBJECT_TABLE') return [];
      const strong = ((fields.cmds as Node[] | undefined) ?? []).some((cmd) => {
        const alter = (cmd as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
        if (!alter?.subtype || WEAKER.has(alter.subtype)) return false;
        // A foreign key takes SHARE ROW EXCLUSIVE on both tables.
        const constraint = (alter.def as { Constraint?: Constraint } | undefined)?.Constraint;
        return !(alter.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN');
      });
      const key = tableKey(fields.relation as RangeVar | undefined);
      return strong && key ? [key] : [];
    }
    case 'RenameStmt': {
      if (fields.renameType !== 'OBJECT_TABLE' && fields.renameType !== 'OBJECT_COLUMN') return [];
      const relation = fields.relation as RangeVar | undefined;
      const key = tableKey(relation);
      if (!key) return [];
      // The lock stays on the table under its new name too.
      const renamed = fields.renameType === 'OBJECT_TABLE' && typeof fields.newname === 'string' ? nameKey(relation?.schemaname ? [relation.schemaname, fields.newname] : [fields.newname]) : undefined;
      return renamed ? [key, renamed] : [key];
    }
    case 'TruncateStmt':
    case 'LockStmt': {
      if (type === 'LockStmt' && (fields.mode ?? ACCESS_EXCLUSIVE_MODE) !== ACCESS_EXCLUSIVE_MODE) return [];
      return ((fields.relations as Node[] | undefined) ?? []).flatMap((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar) ?? []);
    }
    default:
      return [];
  }
}
