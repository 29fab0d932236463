import type { AlterTableCmd } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';

type MessageIds = 'dropNotNull';

export default defineRule<[], MessageIds>({
  id: 'no-drop-not-null',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow DROP NOT NULL on a column of a table that existed before the deploy, while code that assumes no NULLs still runs',
      recommended: 'strict',
    },
    messages: {
      dropNotNull:
        'DROP NOT NULL on "{{table}}"."{{column}}" lets new rows hold NULL there while the code still running assumes it never does: a NULL written by the new code can crash or mislead the old code that reads it (a non-optional field, a sum, a join). Deploy code that handles NULL first, then drop the constraint in a later migration.',
    },
    schema: [],
  },
  create(context) {
    return {
      AlterTableStmt(alter) {
        const table = tableKey(alter.relation);
        if (alter.objtype !== 'OBJECT_TABLE' || !table) return;
        for (const item of alter.cmds ?? []) {
          const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
          if (cmd?.subtype !== 'AT_DropNotNull' || !cmd.name || context.schema.isNewTable(table)) continue;
          context.report({ node: cmd, messageId: 'dropNotNull', data: { table, column: cmd.name } });
        }
      },
    };
  },
});
