import type { AlterTableCmd, Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { nameKey, strings, tableKey } from '../src/analysis/names.js';
import { describeLock, locksOf } from '../src/analysis/locks.js';
import { supports } from '../src/analysis/versions.js';
import type { Fix } from '../src/engine/types.js';
import type { Token } from '../src/parser/index.js';

type MessageIds =
  | 'createIndex'
  | 'createIndexPartitioned'
  | 'dropIndex'
  | 'reindex'
  | 'detachPartition'
  | 'detachConcurrentlyWithDefault'
  | 'refreshMaterializedView'
  | 'inTransaction';

export default defineRule<[], MessageIds>({
  id: 'require-concurrently',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require CONCURRENTLY for CREATE INDEX, DROP INDEX, REINDEX, DETACH PARTITION and REFRESH MATERIALIZED VIEW on relations that already exist',
      recommended: true,
    },
    fixable: 'code',
    messages: {
      createIndex:
        '{{action}} "{{index}}" on existing table "{{table}}" takes a SHARE lock, which {{blocks}}, while it scans the whole table to build the index. Use CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: reads and writes go on), in a migration that does not run in a transaction.',
      createIndexPartitioned:
        '{{action}} "{{index}}" on partitioned table "{{table}}" takes a SHARE lock on every partition, which {{blocks}}, while it builds an index on each; PostgreSQL cannot build it CONCURRENTLY (`cannot create index on partitioned table "{{table}}" concurrently`). Create it ON ONLY "{{table}}" (no build), then CREATE INDEX CONCURRENTLY on each partition outside a transaction and ALTER INDEX "{{index}}" ATTACH PARTITION each one.',
      dropIndex:
        'DROP INDEX "{{index}}" takes an ACCESS EXCLUSIVE lock on the index and its table, which {{blocks}}; it first queues behind every running query on the table, and every query arriving after it waits too. Use DROP INDEX CONCURRENTLY, in a migration that does not run in a transaction.',
      reindex:
        'REINDEX {{what}} "{{name}}" locks "{{table}}" in SHARE mode (writes wait) and each index it rebuilds in ACCESS EXCLUSIVE mode (queries that would use it wait), for the whole rebuild. On PostgreSQL 12+ use REINDEX … CONCURRENTLY, in a migration that does not run in a transaction.',
      detachConcurrentlyWithDefault:
        'DETACH PARTITION "{{partition}}" CONCURRENTLY fails: "{{table}}" has a DEFAULT partition, "{{defaultPartition}}", and PostgreSQL refuses CONCURRENTLY then (`cannot detach partitions concurrently when a default partition exists`). Detach without CONCURRENTLY, with lock_timeout set first: it holds ACCESS EXCLUSIVE on "{{table}}" and "{{defaultPartition}}" only for a catalog change.',
      detachPartition:
        'DETACH PARTITION "{{partition}}" takes an ACCESS EXCLUSIVE lock on the partitioned table "{{table}}", which {{blocks}} on every partition. On PostgreSQL 14+ use DETACH PARTITION … CONCURRENTLY (SHARE UPDATE EXCLUSIVE on "{{table}}"), alone in its ALTER TABLE and outside a transaction.',
      refreshMaterializedView:
        'REFRESH MATERIALIZED VIEW "{{view}}" takes an ACCESS EXCLUSIVE lock, which {{blocks}} on the view while its query runs and the view is rewritten. Use REFRESH MATERIALIZED VIEW CONCURRENTLY (EXCLUSIVE: reads go on), which needs a unique index on the view.',
      inTransaction:
        '{{action}} runs inside a transaction here, so adding CONCURRENTLY alone would fail (`cannot run inside a transaction block`). {{lock}} Move it to a migration the runner does not wrap in a transaction, and use {{action}} CONCURRENTLY there.',
    },
    schema: [],
  },
  create(context) {
    const { postgresVersion } = context.settings;
    /** Materialized views and CREATE TABLE … AS tables created in this file: the schema state does not model them. */
    const newViews = new Set<string>();
    const isNew = (relation: string): boolean => context.schema.isNewTable(relation) || newViews.has(relation);
    /** Constraints this file dropped: their index (same name, same schema) went with them. */
    const droppedWithConstraint = new Set<string>();

    /** Inserts ` CONCURRENTLY` after the first `keyword`, or the first token that matches, when that is all the fix takes. */
    const insertAfter = (keyword: string | ((token: Token, index: number, tokens: Token[]) => boolean)): Fix | null => {
      if (context.statement().inTransaction) return null;
      const { start, end } = context.statement();
      if (typeof keyword === 'string') {
        const at = context.sourceCode.findWord(start, end, keyword);
        return at ? { range: [at[1], at[1]], text: ' CONCURRENTLY' } : null;
      }
      const tokens = context.sourceCode.tokensIn(start, end);
      const at = tokens.find((t, i) => keyword(t, i, tokens));
      return at ? { range: [at.end, at.end], text: ' CONCURRENTLY' } : null;
    };
    /** Statement-level findings point at the whole statement. */
    const whole = (): [number, number] => [context.statement().start, context.statement().end];

    /** In a transaction the fix would fail: say where the statement must go instead. */
    const reportInTransaction = (node: object | undefined, action: string, lock: string): void => {
      context.report({ node, range: node ? undefined : whole(), messageId: 'inTransaction', data: { action, lock } });
    };

    return {
      CreateTableAsStmt(node) {
        const key = tableKey(node.into?.rel);
        if (key) newViews.add(key);
      },

      IndexStmt(node) {
        const table = tableKey(node.relation);
        if (node.concurrent || !table || isNew(table)) return;
        const action = `CREATE ${node.unique ? 'UNIQUE ' : ''}INDEX`;
        const index = node.idxname ?? '(unnamed)';
        // A partitioned table cannot be indexed concurrently; ON ONLY builds nothing.
        if (context.schema.table(table)?.partitioned) {
          if (node.relation?.inh) context.report({ range: whole(), messageId: 'createIndexPartitioned', data: { action, index, table, blocks: describeLock('SHARE').plain } });
          return;
        }
        if (context.statement().inTransaction) {
          reportInTransaction(undefined, action, `It holds a SHARE lock on "${table}", which ${describeLock('SHARE').plain}, while it builds "${index}".`);
          return;
        }
        context.report({
          range: whole(),
          messageId: 'createIndex',
          data: { action, index, table, blocks: describeLock('SHARE').plain },
          fix: insertAfter('INDEX'),
        });
      },

      DropStmt(node) {
        if (node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
        const indexes = (node.objects ?? []).map((o) => nameKey(strings((o as { List?: { items?: Node[] } }).List?.items)));
        // Indexes created in this migration, or on its new tables, are not in anyone's way yet.
        const existing = indexes.filter((index): index is string => {
          if (!index || context.schema.isNewIndex(index)) return false;
          // DROP INDEX IF EXISTS after DROP CONSTRAINT of the same name finds nothing to drop.
          if (node.missing_ok && droppedWithConstraint.has(index)) return false;
          const table = context.schema.indexTable(index);
          return !(table && isNew(table));
        });
        if (existing.length === 0) return;
        const index = existing.join('", "');
        if (context.statement().inTransaction) {
          reportInTransaction(undefined, 'DROP INDEX', `It holds an ACCESS EXCLUSIVE lock on "${index}" and its table, which ${describeLock('ACCESS EXCLUSIVE').plain}.`);
          return;
        }
        context.report({
          range: whole(),
          messageId: 'dropIndex',
          data: { index, blocks: describeLock('ACCESS EXCLUSIVE').plain },
          // DROP INDEX CONCURRENTLY takes one index and no CASCADE.
          fix: indexes.length === 1 && node.behavior !== 'DROP_CASCADE' ? insertAfter('INDEX') : null,
        });
      },

      ReindexStmt(node) {
        if (!supports(postgresVersion, 'reindexConcurrently')) return;
        if (node.kind !== 'REINDEX_OBJECT_INDEX' && node.kind !== 'REINDEX_OBJECT_TABLE') return;
        const effects = locksOf({ ReindexStmt: node } as Node, { postgresVersion, schema: context.schema });
        if (effects.length === 0 || effects.some((e) => e.noTransactionBlock)) return;
        const name = tableKey(node.relation) ?? '';
        const table = node.kind === 'REINDEX_OBJECT_TABLE' ? name : (context.schema.indexTable(name) ?? `the table of "${name}"`);
        if (node.kind === 'REINDEX_OBJECT_TABLE' ? isNew(name) : context.schema.isNewIndex(name) || isNew(table)) return;
        if (context.statement().inTransaction) {
          reportInTransaction(undefined, 'REINDEX', `It holds a SHARE lock on "${table}" (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds.`);
          return;
        }
        const what = node.kind === 'REINDEX_OBJECT_TABLE' ? 'TABLE' : 'INDEX';
        context.report({
          range: whole(),
          messageId: 'reindex',
          data: { what, name, table },
          // REINDEX (options) INDEX name → REINDEX (options) INDEX CONCURRENTLY name.
          fix: insertAfter(what),
        });
      },

      AlterTableCmd(cmd: AlterTableCmd) {
        if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
          const schema = (context.ancestors().at(-1)?.node as { relation?: RangeVar } | undefined)?.relation?.schemaname;
          const key = nameKey(schema ? [schema, cmd.name] : [cmd.name]);
          if (key) droppedWithConstraint.add(key);
          return;
        }
        if (cmd.subtype !== 'AT_DetachPartition' || !supports(postgresVersion, 'detachPartitionConcurrently')) return;
        const partitionCmd = (cmd.def as { PartitionCmd?: { name?: RangeVar; concurrent?: boolean } } | undefined)?.PartitionCmd;
        const parent = context.ancestors().at(-1)?.node as { relation?: RangeVar; cmds?: Node[] } | undefined;
        const table = tableKey(parent?.relation);
        const partition = tableKey(partitionCmd?.name) ?? '';
        if (partitionCmd?.concurrent) {
          // Refused however new the table is: the migration fails at this statement.
          const defaultPartition = table ? context.schema.defaultPartitionOf(table) : undefined;
          if (defaultPartition) context.report({ node: cmd, messageId: 'detachConcurrentlyWithDefault', data: { table: table!, partition, defaultPartition } });
          return;
        }
        if (!table || context.schema.isNewTable(table)) return;
        // PostgreSQL refuses CONCURRENTLY while the table has a DEFAULT partition ("cannot detach
        // partitions concurrently when a default partition exists"): there is nothing to require.
        if (context.schema.defaultPartitionOf(table)) return;
        if (context.statement().inTransaction) {
          reportInTransaction(cmd, 'DETACH PARTITION', `It holds an ACCESS EXCLUSIVE lock on "${table}", which ${describeLock('ACCESS EXCLUSIVE').plain}.`);
          return;
        }
        const alone = (parent?.cmds?.length ?? 0) === 1;
        context.report({
          node: cmd,
          messageId: 'detachPartition',
          data: { table, partition, blocks: describeLock('ACCESS EXCLUSIVE').plain },
          // CONCURRENTLY goes after the partition name, and only in an ALTER TABLE of its own.
          fix: alone ? insertAfter((t, _i, tokens) => t.end === nameEnd(tokens, partitionCmd?.name)) : null,
        });
      },

      RefreshMatViewStmt(node) {
        const view = tableKey(node.relation);
        if (node.concurrent || node.skipData || !view || newViews.has(view)) return;
        context.report({ range: whole(), messageId: 'refreshMaterializedView', data: { view, blocks: describeLock('ACCESS EXCLUSIVE').plain } });
      },
    };
  },
});

/** End of the tokens that spell a relation name (`name`, `schema.name`, quoted or not). */
function nameEnd(tokens: Token[], relation: RangeVar | undefined): number | undefined {
  if (relation?.location === undefined) return undefined;
  let i = tokens.findIndex((t) => t.start === relation.location);
  if (i < 0) return undefined;
  // schema . name: words joined by dots make one name.
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  return tokens[i]!.end;
}
