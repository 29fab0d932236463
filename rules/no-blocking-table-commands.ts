import type { Node } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';
import { blocksApplication, describeLock, locksOf } from '../src/analysis/locks.js';

type MessageIds = 'vacuumFull' | 'cluster' | 'lockTable';

export default defineRule<[], MessageIds>({
  id: 'no-blocking-table-commands',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow VACUUM FULL, CLUSTER and LOCK TABLE on existing tables in migrations, which hold a lock that blocks the application',
      recommended: true,
    },
    messages: {
      vacuumFull:
        'VACUUM FULL "{{table}}" rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, which {{blocks}} until it finishes (and needs room for a second copy). Reclaim space online with pg_repack or pg_squeeze outside the migration, or let plain VACUUM (SHARE UPDATE EXCLUSIVE) reuse the space.',
      cluster:
        'CLUSTER "{{table}}" rewrites the whole table in index order under an ACCESS EXCLUSIVE lock, which {{blocks}} until it finishes. Run it in a maintenance window, or use pg_repack --order-by outside the migration.',
      lockTable:
        'LOCK TABLE "{{table}}" IN {{mode}} MODE {{blocks}} until the transaction ends, so everything after it in this transaction runs while the application waits. Take no explicit lock; if the statements need it, keep the transaction short and set lock_timeout before it.',
    },
    schema: [],
  },
  create(context) {
    const isExisting = (table: string): boolean => !context.schema.isNewTable(table);
    const whole = (): [number, number] => [context.statement().start, context.statement().end];
    return {
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
