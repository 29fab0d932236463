import type { AlterTableCmd, ColumnDef } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';
import type { ByteRange } from '../src/engine/types.js';

type MessageIds = 'renameColumn' | 'renameTable';

export default defineRule<[], MessageIds>({
  id: 'no-rename',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow renaming a column or table that existed before the deploy: the code still running uses the old name',
      recommended: true,
    },
    messages: {
      renameColumn:
        'Renaming column "{{table}}"."{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits until every instance runs the new code, each query that names "{{from}}" fails ("column \\"{{from}}\\" does not exist"). Expand and contract instead: add "{{to}}", write both and backfill, move reads to "{{to}}", then drop "{{from}}" in a later release.',
      renameTable:
        'Renaming table "{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits until every instance runs the new code, each query on "{{from}}" fails ("relation \\"{{from}}\\" does not exist"). Create a view under the old name right after the rename, in the same migration (CREATE VIEW {{fromSql}} AS SELECT * FROM {{toSql}}; a view of one table accepts writes too), deploy code that uses "{{to}}", then drop the view.',
    },
    schema: [],
  },
  create(context) {
    /** Table renames of this file, reported at its end unless a view took over the old name. */
    let renamedTables: { from: string; data: Record<string, string>; range: ByteRange }[] = [];
    /** Columns this file added (`table\0column`): no running code knows them yet. */
    let addedColumns = new Set<string>();
    return {
      File() {
        renamedTables = [];
        addedColumns = new Set();
      },
      AlterTableStmt(alter) {
        const table = tableKey(alter.relation);
        for (const item of alter.cmds ?? []) {
          const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
          if (cmd?.subtype !== 'AT_AddColumn') continue;
          const column = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef?.colname;
          if (table && column) addedColumns.add(`${table}\u0000${column}`);
        }
      },
      ViewStmt(node) {
        const view = tableKey(node.view);
        renamedTables = renamedTables.filter((rename) => rename.from !== view);
      },
      'File:exit'() {
        for (const { data, range } of renamedTables) context.report({ messageId: 'renameTable', data, range });
      },
      RenameStmt(node) {
        const table = tableKey(node.relation);
        if (!table || !node.newname) return;
        // A table created in this deploy has no running code that knows it yet.
        if (context.schema.isNewTable(table)) return;
        if (node.renameType === 'OBJECT_COLUMN' && node.relationType === 'OBJECT_TABLE' && node.subname) {
          // The temporary column of a type change (add, copy, drop the old one, rename into place).
          if (addedColumns.has(`${table}\u0000${node.subname}`)) return;
          context.report({ messageId: 'renameColumn', data: { table, from: node.subname, to: node.newname } });
        } else if (node.renameType === 'OBJECT_TABLE') {
          const schema = node.relation?.schemaname;
          const to = schema && schema !== 'public' ? `${schema}.${node.newname}` : node.newname;
          const statement = context.statement();
          renamedTables.push({ from: table, data: { from: table, to, fromSql: quoted(table), toSql: quoted(to) }, range: [statement.start, statement.end] });
        }
      },
    };
  },
});

/** `app.orders` → `"app"."orders"`. */
function quoted(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
