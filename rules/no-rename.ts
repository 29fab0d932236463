import type { AlterTableCmd, ColumnDef } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';
import type { ByteRange } from '../src/engine/types.js';

type MessageIds = 'renameColumn' | 'renameTable' | 'renameView' | 'renameViewColumn' | 'renameSchema';

export default defineRule<[], MessageIds>({
  id: 'no-rename',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow renaming a column, table, view or schema that existed before the deploy: the code still running uses the old name',
      recommended: true,
    },
    messages: {
      renameColumn:
        'Renaming column "{{table}}"."{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits until every instance runs the new code, each query that names "{{from}}" fails ("column \\"{{from}}\\" does not exist"). Expand and contract instead: add "{{to}}", write both and backfill, move reads to "{{to}}", then drop "{{from}}" in a later release.',
      renameTable:
        'Renaming table "{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits until every instance runs the new code, each query on "{{from}}" fails ("relation \\"{{from}}\\" does not exist"). Create a view under the old name right after the rename, in the same migration (CREATE VIEW {{fromSql}} AS SELECT * FROM {{toSql}}; a view of one table accepts writes too), deploy code that uses "{{to}}", then drop the view.',
      renameView:
        'Renaming {{kind}} "{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits until every instance runs the new code, each query on "{{from}}" fails ("relation \\"{{from}}\\" does not exist"). Create a view under the old name right after the rename, in the same migration (CREATE VIEW {{fromSql}} AS SELECT * FROM {{toSql}}), deploy code that uses "{{to}}", then drop that view.',
      renameViewColumn:
        'Renaming column "{{from}}" of {{kind}} "{{view}}" to "{{to}}" breaks the application code still running: each query that names "{{from}}" fails ("column \\"{{from}}\\" does not exist") until every instance runs the new code. Add "{{to}}" as an extra column instead (CREATE OR REPLACE VIEW may append columns), move the code to it, then drop "{{from}}" in a later release.',
      renameSchema:
        'Renaming schema "{{from}}" to "{{to}}" breaks the application code still running: from the moment the migration commits, each query that names "{{from}}" ("{{from}}".some_table) fails ("relation … does not exist"), and so do unqualified names that a search_path of "{{from}}" used to find. PostgreSQL has no alias for a schema: create "{{to}}" beside it with a view for each table (CREATE VIEW "{{to}}".t AS SELECT * FROM "{{from}}".t), move the code to "{{to}}", then move the tables (ALTER TABLE … SET SCHEMA) and drop "{{from}}" in a later release.',
    },
    schema: [],
  },
  create(context) {
    /** Table renames of this file, reported at its end unless a view took over the old name. */
    let renamedTables: { from: string; messageId: 'renameTable' | 'renameView'; data: Record<string, string>; range: ByteRange }[] = [];
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
        for (const { messageId, data, range } of renamedTables) context.report({ messageId, data, range });
      },
      RenameStmt(node) {
        if (!node.newname) return;
        if (node.renameType === 'OBJECT_SCHEMA') {
          // A schema created in this deploy has no running code that knows it yet.
          if (node.subname && !context.schema.isNewSchema(node.subname)) context.report({ messageId: 'renameSchema', data: { from: node.subname, to: node.newname } });
          return;
        }
        // Indexes, constraints, sequences, types, functions and the rest: see "What is left alone" in the docs.
        let kind = node.renameType === 'OBJECT_COLUMN' ? 'column' : RELATION_KINDS[node.renameType ?? ''];
        const table = tableKey(node.relation);
        if (!kind || !table) return;
        // A table or view created in this deploy has no running code that knows it yet.
        if (context.schema.isNewTable(table) || context.schema.isNewView(table)) return;
        // ALTER TABLE accepts a view too: a view the migrations created is named as one.
        const relationType = node.relationType === 'OBJECT_TABLE' && context.schema.isView(table) ? 'OBJECT_VIEW' : node.relationType;
        if (kind === 'table' && context.schema.isView(table)) kind = 'view';
        if (node.renameType === 'OBJECT_COLUMN') {
          if (!node.subname) return;
          if (relationType === 'OBJECT_TABLE') {
            // The temporary column of a type change (add, copy, drop the old one, rename into place).
            if (addedColumns.has(`${table}\u0000${node.subname}`)) return;
            context.report({ messageId: 'renameColumn', data: { table, from: node.subname, to: node.newname } });
          } else if (relationType === 'OBJECT_VIEW' || relationType === 'OBJECT_MATVIEW') {
            context.report({ messageId: 'renameViewColumn', data: { kind: RELATION_KINDS[relationType]!, view: table, from: node.subname, to: node.newname } });
          }
          return;
        }
        const schema = node.relation?.schemaname;
        const to = schema && schema !== 'public' ? `${schema}.${node.newname}` : node.newname;
        const statement = context.statement();
        const data = { kind, from: table, to, fromSql: quoted(table), toSql: quoted(to) };
        renamedTables.push({ from: table, messageId: kind === 'table' ? 'renameTable' : 'renameView', data, range: [statement.start, statement.end] });
      },
    };
  },
});

/**
 * Renames of relations that queries name, with how messages call them. ALTER TABLE … RENAME TO
 * on a view says OBJECT_TABLE: PostgreSQL allows it, and the rename breaks queries the same way.
 */
const RELATION_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
};

/** `app.orders` → `"app"."orders"`. */
function quoted(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
