import type { AlterTableStmt, CreateStmt, Node } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';
import { blocksApplication, describeLock, locksOf, type LockEffect } from '../src/analysis/locks.js';

type MessageIds = 'vacuumFull' | 'cluster' | 'lockTable' | 'defaultPartitionScan';

export default defineRule<[], MessageIds>({
  id: 'no-blocking-table-commands',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow VACUUM FULL, CLUSTER, LOCK TABLE, and new partitions that make PostgreSQL scan an existing DEFAULT partition, in migrations: each holds a lock that blocks the application',
      recommended: true,
    },
    messages: {
      vacuumFull:
        'VACUUM FULL "{{table}}" rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, which {{blocks}} until it finishes (and needs room for a second copy). Reclaim space online with pg_repack or pg_squeeze outside the migration, or let plain VACUUM (SHARE UPDATE EXCLUSIVE) reuse the space.',
      cluster:
        'CLUSTER "{{table}}" rewrites the whole table in index order under an ACCESS EXCLUSIVE lock, which {{blocks}} until it finishes. Run it in a maintenance window, or use pg_repack --order-by outside the migration.',
      lockTable:
        'LOCK TABLE "{{table}}" IN {{mode}} MODE {{blocks}} until the transaction ends, so everything after it in this transaction runs while the application waits. Take no explicit lock; if the statements need it, keep the transaction short and set lock_timeout before it.',
      defaultPartitionScan:
        '{{action}} on "{{table}}" reads every row of its DEFAULT partition "{{partition}}" under an ACCESS EXCLUSIVE lock ({{waits}}), to prove that none belongs to the new partition; a row that does makes it fail ("updated partition constraint for default partition … would be violated"). Move such rows out of "{{partition}}" first, then add to it a CHECK constraint that excludes the new bound, NOT VALID and then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE): with a valid one, PostgreSQL skips the scan.',
    },
    schema: [],
  },
  create(context) {
    const isExisting = (table: string): boolean => !context.schema.isNewTable(table);
    const whole = (): [number, number] => [context.statement().start, context.statement().end];
    /** A new partition's bound is checked against the rows of an existing DEFAULT partition. */
    const reportDefaultPartitionScan = (effects: LockEffect[], statementWide: boolean): void => {
      const checked = effects.filter((e) => e.kind === 'default partition');
      const top = checked[0];
      if (!top || !checked.some((e) => e.scans) || context.schema.isNewTable(top.relation)) return;
      // A valid CHECK on it may already exclude the bound (PostgreSQL then skips the scan); which
      // values it excludes is not modelled, so the rule keeps quiet rather than guess.
      if ([...(context.schema.table(top.relation)?.constraints.values() ?? [])].some((c) => c.kind === 'check' && c.validated)) return;
      const table = effects[0]!.relation;
      const waits =
        effects[0]!.mode === 'ACCESS EXCLUSIVE'
          ? `"${table}" itself is locked ACCESS EXCLUSIVE too, so every query on it waits`
          : `every query on "${table}" that reaches "${top.relation}" waits`;
      // CREATE TABLE is the statement as a whole; of an ALTER TABLE, the ATTACH PARTITION clause.
      context.report({ ...(statementWide ? { range: whole() } : { node: top.node }), messageId: 'defaultPartitionScan', data: { action: top.action, table, partition: top.relation, waits } });
    };
    return {
      CreateStmt(node: CreateStmt) {
        if (!node.partbound) return;
        reportDefaultPartitionScan(locksOf({ CreateStmt: node } as Node, { postgresVersion: context.settings.postgresVersion, schema: context.schema }), true);
      },
      AlterTableStmt(node: AlterTableStmt) {
        for (const item of node.cmds ?? []) {
          const cmd = (item as { AlterTableCmd?: { subtype?: string } }).AlterTableCmd;
          if (cmd?.subtype !== 'AT_AttachPartition') continue;
          const one = { AlterTableStmt: { ...node, cmds: [item] } } as Node;
          reportDefaultPartitionScan(locksOf(one, { postgresVersion: context.settings.postgresVersion, schema: context.schema }), false);
        }
      },
      VacuumStmt(node) {
        const effects = locksOf({ VacuumStmt: node } as Node, { postgresVersion: context.settings.postgresVersion });
        for (const effect of effects) {
          if (effect.action !== 'VACUUM FULL' || !isExisting(effect.relation)) continue;
          context.report({ range: whole(), messageId: 'vacuumFull', data: { table: effect.relation, blocks: describeLock(effect.mode).plain } });
        }
      },
      ClusterStmt(node) {
        const table = tableKey(node.relation);
        // CLUSTER without a table re-clusters every table clustered before (outside a transaction).
        if (!table || !isExisting(table)) return;
        context.report({ range: whole(), messageId: 'cluster', data: { table, blocks: describeLock('ACCESS EXCLUSIVE').plain } });
      },
      LockStmt(node) {
        // Outside a transaction block PostgreSQL refuses LOCK TABLE; whether the runner wraps the
        // file is not always known, so only the lock held inside one is reported.
        if (!context.statement().inTransaction) return;
        const effects = locksOf({ LockStmt: node } as Node, { postgresVersion: context.settings.postgresVersion });
        const blocking = effects.filter((e) => blocksApplication(e.mode) && isExisting(e.relation));
        if (blocking.length === 0) return;
        const mode = blocking[0]!.mode;
        context.report({
          range: whole(),
          messageId: 'lockTable',
          data: { table: blocking.map((e) => e.relation).join('", "'), mode, blocks: describeLock(mode).plain },
        });
      },
    };
  },
});
