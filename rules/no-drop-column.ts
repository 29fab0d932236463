import type { AlterTableCmd, ColumnDef } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';

type MessageIds = 'dropColumn';

export default defineRule<[], MessageIds>({
  id: 'no-drop-column',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow dropping a column of a table that existed before the deploy, before the code stops using it',
      recommended: true,
    },
    messages: {
      dropColumn:
        'Dropping column "{{table}}"."{{column}}" deletes its data and breaks the application code still running: until every instance runs the new code, each query that names "{{column}}" fails ("column \\"{{column}}\\" does not exist"), and ORMs name every column they map in each SELECT and INSERT. Drop it in two releases: first deploy code that no longer reads or writes it, then drop it in a later migration.',
    },
    schema: [],
  },
  create(context) {
    /** Columns this file added (`table\0column`): no running code knows them yet. */
    let addedColumns = new Set<string>();
    return {
      File() {
        addedColumns = new Set();
      },
      AlterTableStmt(alter) {
        const table = tableKey(alter.relation);
        if (alter.objtype !== 'OBJECT_TABLE' || !table) return;
        for (const item of alter.cmds ?? []) {
          const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
          if (cmd?.subtype === 'AT_AddColumn') {
            const column = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef?.colname;
            if (column) addedColumns.add(`${table}\u0000${column}`);
            continue;
          }
          if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) continue;
          if (context.schema.isNewTable(table) || addedColumns.has(`${table}\u0000${cmd.name}`)) continue;
          context.report({ node: cmd, messageId: 'dropColumn', data: { table, column: cmd.name } });
        }
      },
    };
  },
});
