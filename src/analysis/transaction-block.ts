/**
 * Statements PostgreSQL refuses to run inside a transaction block (its PreventInTransactionBlock
 * callers), named as PostgreSQL names them in the error
 * `<name> cannot run inside a transaction block`. test/analysis/transaction-block.test.ts runs
 * each form inside BEGIN on a real PostgreSQL and checks that error.
 */
import type { AlterTableCmd, DefElem, Node, RangeVar } from '@pgsql/types';
import { nameKey, strings, tableKey } from './names.js';
import type { FEATURES } from './versions.js';

export interface RefusedStatement {
  /** PostgreSQL's name for the statement in its error message. */
  name: string;
  /** What it acts on, for messages (`index "i" on "orders"`), when the statement names it. */
  target?: string;
  /** The PostgreSQL version that introduced the form, when it is newer than every supported one. */
  since?: keyof typeof FEATURES;
}

/** The statement's refusal, or undefined when it may run in a transaction block. */
export function refusedInTransactionBlock(statement: Node): RefusedStatement | undefined {
  // The node's one key is its type (no array built: this runs for every statement).
  let type = '';
  for (const key in statement) {
    type = key;
    break;
  }
  const fields = (statement as unknown as Record<string, Record<string, unknown>>)[type]!;
  switch (type) {
    case 'IndexStmt': {
      const on = `on "${tableKey(fields.relation as RangeVar) ?? '?'}"`;
      return fields.concurrent ? { name: 'CREATE INDEX CONCURRENTLY', target: fields.idxname ? `index "${String(fields.idxname)}" ${on}` : `an index ${on}` } : undefined;
    }
    case 'DropStmt': {
      if (!fields.concurrent || fields.removeType !== 'OBJECT_INDEX') return undefined;
      const names = ((fields.objects as Node[] | undefined) ?? []).map((o) => nameKey(strings((o as { List?: { items?: Node[] } }).List?.items)));
      return { name: 'DROP INDEX CONCURRENTLY', target: `index ${names.map((n) => `"${n}"`).join(', ')}` };
    }
    case 'ReindexStmt': {
      const relation = tableKey(fields.relation as RangeVar | undefined);
      const target = relation ? `"${relation}"` : fields.name ? `"${String(fields.name)}"` : undefined;
      if (option(fields.params as Node[] | undefined, 'concurrently')) return { name: 'REINDEX CONCURRENTLY', since: 'reindexConcurrently', ...(target ? { target } : {}) };
      const kind = String(fields.kind ?? '');
      if (kind === 'REINDEX_OBJECT_SCHEMA') return { name: 'REINDEX SCHEMA' };
      if (kind === 'REINDEX_OBJECT_SYSTEM') return { name: 'REINDEX SYSTEM' };
      if (kind === 'REINDEX_OBJECT_DATABASE') return { name: 'REINDEX DATABASE' };
      return undefined;
    }
    case 'AlterTableStmt': {
      const detach = (fields.cmds as Node[] | undefined)?.some((cmd) => {
        const alter = (cmd as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
        return alter?.subtype === 'AT_DetachPartition' && (alter.def as { PartitionCmd?: { concurrent?: boolean } })?.PartitionCmd?.concurrent;
      });
      return detach ? { name: 'ALTER TABLE ... DETACH CONCURRENTLY', since: 'detachPartitionConcurrently', target: `partitioned table "${tableKey(fields.relation as RangeVar) ?? '?'}"` } : undefined;
    }
    case 'VacuumStmt':
      // ANALYZE alone runs in a transaction; VACUUM (with or without ANALYZE) does not.
      return fields.is_vacuumcmd ? { name: 'VACUUM' } : undefined;
    case 'CreatedbStmt':
      return { name: 'CREATE DATABASE', target: `database "${String(fields.dbname)}"` };
    case 'DropdbStmt':
      return { name: 'DROP DATABASE', target: `database "${String(fields.dbname)}"` };
    case 'AlterDatabaseStmt':
      return hasOption(fields.options as Node[] | undefined, 'tablespace') ? { name: 'ALTER DATABASE SET TABLESPACE' } : undefined;
    case 'AlterSystemStmt':
      return { name: 'ALTER SYSTEM' };
    case 'CreateTableSpaceStmt':
      return { name: 'CREATE TABLESPACE' };
    case 'DropTableSpaceStmt':
      return { name: 'DROP TABLESPACE' };
    case 'ClusterStmt':
      // CLUSTER with no table reclusters every table, each in a transaction of its own.
      return fields.relation ? undefined : { name: 'CLUSTER' };
    case 'DiscardStmt':
      return fields.target === 'DISCARD_ALL' ? { name: 'DISCARD ALL' } : undefined;
    default:
      return undefined;
  }
}

function hasOption(options: Node[] | undefined, name: string): boolean {
  return (options ?? []).some((item) => (item as { DefElem?: DefElem }).DefElem?.defname === name);
}

/** Whether a boolean option (`(CONCURRENTLY)`, `(CONCURRENTLY false)`) is on in a DefElem list. */
function option(options: Node[] | undefined, name: string): boolean {
  for (const item of options ?? []) {
    const def = (item as { DefElem?: DefElem }).DefElem;
    if (def?.defname !== name) continue;
    const arg = def.arg as { Boolean?: { boolval?: boolean }; String?: { sval?: string }; Integer?: { ival?: number } } | undefined;
    if (!arg) return true;
    if (arg.Boolean) return arg.Boolean.boolval === true;
    if (arg.Integer) return arg.Integer.ival !== 0;
    if (arg.String) return !['false', 'off', '0', 'no'].includes(String(arg.String.sval).toLowerCase());
    return true;
  }
  return false;
}
