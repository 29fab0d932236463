import type { A_Const, AlterTableCmd, AlterTableStmt, ColumnDef, Node, RangeVar, TypeName } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { nameKey, strings, tableKey, typeKey } from '../src/analysis/names.js';
import { FEATURES, supports } from '../src/analysis/versions.js';

type MessageIds =
  | 'addValueInTransaction'
  | 'newValueUsedInTransaction'
  | 'renameValue'
  | 'removedValuesWithoutDataMigration'
  | 'removedValuesThroughText'
  | 'defaultBlocksCast'
  | 'dropTypeInUse';

const quoteList = (values: string[]): string => values.map((v) => `'${v}'`).join(', ');

export default defineRule<[], MessageIds>({
  id: 'no-unsafe-enum-change',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow enum changes that fail or break running code: ADD VALUE in a transaction, RENAME VALUE, and rename-recreate-drop done wrong',
      recommended: true,
    },
    messages: {
      addValueInTransaction: `ALTER TYPE "{{type}}" ADD VALUE '{{value}}' cannot run inside a transaction block on PostgreSQL {{version}} (allowed from ${FEATURES.addEnumValueInTransaction}); the migration fails. Run it in a migration without a transaction.`,
      newValueUsedInTransaction:
        "Enum value '{{value}}' was added to \"{{type}}\" earlier in this transaction; PostgreSQL rejects using it before the transaction commits (\"unsafe use of new value\"). Commit after ADD VALUE, or use the value in a later migration.",
      renameValue:
        "Renaming value '{{from}}' of enum \"{{type}}\" to '{{to}}' breaks running application code that still reads or writes '{{from}}' the moment the migration commits. Add '{{to}}' as a new value, deploy code that handles both, UPDATE the rows, and stop using '{{from}}'.",
      removedValuesWithoutDataMigration:
        'Column "{{table}}"."{{column}}" moves from enum "{{from}}" to "{{to}}", which lacks {{values}}: any row still holding them makes the cast fail. First UPDATE "{{table}}" SET "{{column}}" = … WHERE "{{column}}" IN ({{values}}).',
      removedValuesThroughText:
        'Column "{{table}}"."{{column}}" goes back from {{via}} to enum "{{to}}", which lacks {{values}} that its earlier enum "{{from}}" had: any row still holding them makes this cast fail. First UPDATE "{{table}}" SET "{{column}}" = … WHERE "{{column}}" IN ({{values}}).',
      defaultBlocksCast:
        'Column "{{table}}"."{{column}}" still has a default of the old type "{{from}}", which PostgreSQL cannot cast to "{{to}}": the ALTER fails. ALTER COLUMN "{{column}}" DROP DEFAULT first, and SET DEFAULT again after the type change.',
      dropTypeInUse:
        'DROP TYPE "{{type}}" while {{columns}} still use it: it fails, or with CASCADE drops those columns and their data. Move each column to the new type (ALTER COLUMN … TYPE … USING …) before dropping the old one.',
    },
    schema: [],
  },
  create(context) {
    const { postgresVersion } = context.settings;
    /** Values added in the current statement's transaction, by value, with their enum. */
    let fresh = new Map<string, string>();
    /** Literals of fresh values seen in the current statement. */
    let literals: { node: A_Const; value: string }[] = [];
    /** Enum types the current statement touches (casts, column types, target table). */
    let touched = new Set<string>();

    const touchTable = (relation: RangeVar | undefined): void => {
      const table = context.schema.table(tableKey(relation) ?? '');
      for (const column of table?.columns.values() ?? []) if (column.type) touched.add(column.type);
    };

    return {
      Statement(statement) {
        fresh = new Map();
        literals = [];
        touched = new Set();
        if (!statement.inTransaction) return;
        for (const type of context.schema.enumTypes()) {
          for (const [value, transaction] of type.addedIn) if (transaction === statement.transactionId) fresh.set(value, type.key);
        }
        // Nothing added in this transaction (nearly every statement): nothing below to look for.
        if (fresh.size === 0) return;
        const fields = Object.values(statement.node)[0] as { relation?: RangeVar };
        touchTable(fields.relation);
      },
      A_Const(node) {
        const value = node.sval?.sval;
        if (value !== undefined && fresh.has(value)) literals.push({ node, value });
      },
      TypeCast(node) {
        const key = fresh.size > 0 ? typeKey(node.typeName) : undefined;
        if (key) touched.add(key);
      },
      ColumnDef(node) {
        const key = fresh.size > 0 ? typeKey(node.typeName) : undefined;
        if (key) touched.add(key);
      },
      'Statement:exit'() {
        for (const { node, value } of literals) {
          const type = fresh.get(value)!;
          if (touched.has(type)) context.report({ node, messageId: 'newValueUsedInTransaction', data: { value, type } });
        }
      },

      AlterEnumStmt(node) {
        const type = nameKey(strings(node.typeName)) ?? '?';
        if (node.oldVal !== undefined && node.newVal !== undefined) {
          context.report({ messageId: 'renameValue', data: { type, from: node.oldVal, to: node.newVal } });
          return;
        }
        if (node.newVal !== undefined && context.statement().inTransaction && !supports(postgresVersion, 'addEnumValueInTransaction')) {
          context.report({ messageId: 'addValueInTransaction', data: { type, value: node.newVal, version: postgresVersion } });
        }
      },

      AlterTableCmd(cmd) {
        if (cmd.subtype !== 'AT_AlterColumnType' || !cmd.name) return;
        const alter = context.ancestors().at(-1)?.node as AlterTableStmt | undefined;
        const table = tableKey(alter?.relation);
        const column = table ? context.schema.table(table)?.columns.get(cmd.name) : undefined;
        const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        const from = column?.type ? context.schema.enumType(column.type) : undefined;
        const to = context.schema.enumType(typeKey(def?.typeName) ?? '');
        if (!table || !column || !to || from === to) return;
        // The values the rows may hold: the column's enum, or (drizzle-kit's way: to text, drop and
        // create the type again, cast back) the enum it had before it went to text.
        const previous = from ? { key: from.key, values: from.values, updated: false } : column.formerEnum;
        if (!previous) return;
        const data = { table, column: cmd.name, from: previous.key, to: to.key };
        const removed = previous.values.filter((v) => !to.values.includes(v));
        if (removed.length > 0 && !previous.updated && !context.schema.wasUpdated(table, cmd.name) && !mentionsAny(def?.raw_default, removed)) {
          const values = quoteList(removed);
          if (from) context.report({ node: cmd, messageId: 'removedValuesWithoutDataMigration', data: { ...data, values } });
          else context.report({ node: cmd, messageId: 'removedValuesThroughText', data: { ...data, values, via: column.type ?? 'another type' } });
        }
        if (!from) return;
        // PostgreSQL drops defaults (DROP DEFAULT) before it changes types in one ALTER TABLE.
        const dropsDefault = (alter?.cmds ?? []).some((other) => {
          const c = (other as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
          return c?.subtype === 'AT_ColumnDefault' && c.name === cmd.name && c.def === undefined;
        });
        if (column.hasDefault && !dropsDefault) context.report({ node: cmd, messageId: 'defaultBlocksCast', data });
      },

      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TYPE') return;
        for (const object of node.objects ?? []) {
          const typeName = (object as { TypeName?: TypeName }).TypeName;
          const type = typeKey(typeName);
          if (!type || !context.schema.enumType(type)) continue;
          const users = context.schema.columnsOfType(type);
          if (users.length === 0) continue;
          const columns = users.map((u) => `"${u.table}"."${u.column}"`).join(', ');
          context.report({ node: typeName!, messageId: 'dropTypeInUse', data: { type, columns } });
        }
      },
    };
  },
});

/** Whether an expression (a USING clause) names any of the values, e.g. in a CASE mapping. */
function mentionsAny(expr: Node | undefined, values: string[]): boolean {
  let found = false;
  const visit = (value: unknown): void => {
    if (found || value === null || typeof value !== 'object') return;
    const sval = (value as { A_Const?: A_Const }).A_Const?.sval?.sval;
    if (sval !== undefined && values.includes(sval)) found = true;
    for (const field of Object.values(value)) visit(field);
  };
  visit(expr);
  return found;
}
