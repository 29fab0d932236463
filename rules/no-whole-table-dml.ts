import type { DeleteStmt, UpdateStmt } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';
import { AllNullColumns, wholeTableReason } from '../src/analysis/whole-table-dml.js';

type MessageIds = 'wholeTable';

export default defineRule<[], MessageIds>({
  id: 'no-whole-table-dml',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow UPDATE and DELETE of every row of an existing table inside a migration: backfill in batches',
      recommended: 'strict',
    },
    messages: {
      wholeTable:
        '{{verb}} on existing table "{{table}}" touches every row ({{reason}}) in one transaction: each row stays locked against other writers until it commits, each leaves a dead version behind for VACUUM, and a failure rolls back all of it. Backfill outside the migration, in batches of a few thousand rows (WHERE id BETWEEN … AND …, one transaction each), or write the values from the code that reads them.',
    },
    schema: [],
  },
  create(context) {
    const allNull = new AllNullColumns();
    const check = (stmt: UpdateStmt | DeleteStmt, verb: string): void => {
      const table = tableKey(stmt.relation);
      // A table created by this migration holds only what the migration put in it.
      if (!table || context.schema.isNewTable(table)) return;
      const reason = wholeTableReason(stmt, allNull);
      if (reason) context.report({ messageId: 'wholeTable', data: { verb, table, reason } });
    };
    return {
      UpdateStmt(node) {
        // Only statements of the migration itself: not an UPDATE inside a CTE or a function body.
        if (context.ancestors().length === 0) check(node, 'UPDATE');
      },
      DeleteStmt(node) {
        if (context.ancestors().length === 0) check(node, 'DELETE');
      },
      'Statement:exit'(statement) {
        allNull.observe(statement.node);
      },
    };
  },
});
