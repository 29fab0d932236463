import type { AlterTableCmd } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { alteredColumnType } from '../src/engine/altered-table.js';
import { typeKey } from '../src/analysis/names.js';
import { describeLock } from '../src/analysis/locks.js';
import { supports } from '../src/analysis/versions.js';

type MessageIds = 'rewrite' | 'rewriteUsing' | 'rewriteUnlessUtc';

export default defineRule<[], MessageIds>({
  id: 'no-column-type-rewrite',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow ALTER COLUMN … TYPE changes that rewrite an existing table under ACCESS EXCLUSIVE (binary-coercible changes such as varchar(n) → text are allowed)',
      recommended: true,
    },
    messages: {
      rewrite:
        'ALTER COLUMN "{{column}}" TYPE {{to}} (from {{from}}) rewrites "{{table}}" and rebuilds its indexes under an ACCESS EXCLUSIVE lock, which {{blocks}} until every row is converted. Add a new {{to}} column, write both from the application, backfill it in batches, then switch reads over and drop the old column (expand and contract).',
      rewriteUnlessUtc:
        'ALTER COLUMN "{{column}}" TYPE {{to}} (from {{from}}) rewrites "{{table}}" and rebuilds its indexes under an ACCESS EXCLUSIVE lock, which {{blocks}}, unless the session time zone is UTC: on PostgreSQL 12+ run SET LOCAL TimeZone = \'UTC\' in the same transaction first (or SET TimeZone = \'UTC\' before it), and the change only touches the catalog.',
      rewriteUsing:
        'ALTER COLUMN "{{column}}" TYPE {{to}} USING … rewrites "{{table}}" and rebuilds its indexes under an ACCESS EXCLUSIVE lock, which {{blocks}} until every row is converted. Add a new {{to}} column, write both from the application, backfill it in batches, then switch reads over and drop the old column (expand and contract).',
    },
    schema: [],
  },
  create(context) {
    return {
      AlterTableCmd(cmd: AlterTableCmd) {
        const altered = alteredColumnType(context, cmd);
        // A table created in this migration has no rows to rewrite.
        if (!altered || context.schema.isNewTable(altered.table)) return;
        const { table, column: name, def, change } = altered;
        // Silent when the old type is unknown (a history we did not see) and the change may be binary-coercible.
        if (change.verdict !== 'rewrite') return;
        // Moving a column between enum types (the only way to remove a value) always rewrites, with no
        // lock-free alternative; no-unsafe-enum-change reports those statements and its docs explain the rewrite.
        const isEnum = (type: string | undefined): boolean => !!type && !!context.schema.enumType(type);
        const column = context.schema.table(table)?.columns.get(name);
        if (isEnum(column?.type) || isEnum(typeKey(def?.typeName))) return;
        const blocks = describeLock('ACCESS EXCLUSIVE').plain;
        if (change.rewriteUnlessUtc && supports(context.settings.postgresVersion, 'timestampUtcRelabel')) {
          if (!context.statement().session.timeZoneUtc()) context.report({ node: cmd, messageId: 'rewriteUnlessUtc', data: { column: name, table, from: change.from ?? '?', to: change.to, blocks } });
        } else if (change.from) context.report({ node: cmd, messageId: 'rewrite', data: { column: name, table, from: change.from, to: change.to, blocks } });
        else context.report({ node: cmd, messageId: 'rewriteUsing', data: { column: name, table, to: change.to, blocks } });
      },
    };
  },
});
