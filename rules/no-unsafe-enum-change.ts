import type { A_Const, AlterTableCmd, AlterTableStmt, ColumnDef, Node, RangeVar, TypeName } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { nameKey, strings, tableKey, typeKey } from '../src/analysis/names.js';
import { FEATURES, supports } from '../src/analysis/versions.js';

type MessageIds =
  | 'addValueInTransaction'
  | 'newValueUsedInTransaction'
  | 'newValueFromEarlierMigration'
  | 'renameValue'
  | 'removedValuesWithoutDataMigration'
  | 'removedValuesThroughText'
  | 'defaultBlocksCast'
  | 'dropTypeInUse';

const quoteList = (values: string[]): string => values.map((v) => `'${v}'`).join(', ');

/** What the type change costs besides the failure: said in every removal message. */
const REWRITE = 'ALTER COLUMN … TYPE also rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done.';

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
        "Enum value '{{value}}' of \"{{type}}\" is used in the transaction that added it (earlier in this migration): PostgreSQL rejects it until that transaction commits (\"unsafe use of new value\"). Commit after ADD VALUE, or use the value in a later migration.",
      newValueFromEarlierMigration:
        "Enum value '{{value}}' of \"{{type}}\" is used in the transaction that added it ({{file}}): PostgreSQL rejects it until that transaction commits (\"unsafe use of new value\"). {{runner}} applies every pending migration in one transaction, so {{file}} and this migration commit together. Use the value in a later deploy than the one that adds it.",
      renameValue:
        'Renaming {{renames}} of enum "{{type}}" breaks running code that still reads or writes {{old}} the moment the migration commits. Add {{new}} as new {{noun}}, deploy code that handles both, UPDATE the rows, and stop using {{old}}.',
      removedValuesWithoutDataMigration:
        'Column "{{table}}"."{{column}}" cannot be cast from enum "{{from}}" to "{{to}}" while any row holds {{values}}, which "{{to}}" lacks. ' +
        REWRITE +
        ' First move the rows off, in this migration or earlier in its deploy batch: UPDATE "{{table}}" SET "{{column}}" = … WHERE "{{column}}" IN ({{values}}).',
      removedValuesThroughText:
        'Column "{{table}}"."{{column}}" cannot be cast back from {{via}} to enum "{{to}}" while any row holds {{values}}, which its earlier enum "{{from}}" had. ' +
        REWRITE +
        ' First move the rows off, in this migration or earlier in its deploy batch: UPDATE "{{table}}" SET "{{column}}" = … WHERE "{{column}}" IN ({{values}}).',
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
    /** RENAME VALUEs of this file, by type: one finding per type, on its first rename. */
    const renames = new Map<string, { range: [number, number]; pairs: [string, string][] }>();

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
          if (!touched.has(type)) continue;
          const file = context.schema.fileThatAdded(type, value);
          if (file === undefined || file === context.schema.currentFile()) {
            context.report({ node, messageId: 'newValueUsedInTransaction', data: { value, type } });
          } else {
            const runner = context.migrationSet?.framework === 'drizzle' ? "drizzle's migrator" : 'The runner (transaction: all)';
            context.report({ node, messageId: 'newValueFromEarlierMigration', data: { value, type, file, runner } });
          }
        }
      },
      'File:exit'() {
        for (const [type, { range, pairs }] of renames) {
          const olds = quoteList(pairs.map(([from]) => from));
          context.report({
            range,
            messageId: 'renameValue',
            data: {
              type,
              renames: `${pairs.length === 1 ? 'value' : 'values'} ${pairs.map(([from, to]) => `'${from}' to '${to}'`).join(', ')}`,
              old: olds,
              new: quoteList(pairs.map(([, to]) => to)),
              noun: pairs.length === 1 ? 'value' : 'values',
            },
          });
        }
      },

      AlterEnumStmt(node) {
        const type = nameKey(strings(node.typeName)) ?? '?';
        if (node.oldVal !== undefined && node.newVal !== undefined) {
          // A value added in this deploy batch is not in use by running code yet.
          if (context.schema.isNewEnumValue(type, node.oldVal)) return;
          const statement = context.statement();
          const seen = renames.get(type);
          if (seen) seen.pairs.push([node.oldVal, node.newVal]);
          else renames.set(type, { range: [statement.start, statement.end], pairs: [[node.oldVal, node.newVal]] });
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
        const previous = from ? from.key : column.formerEnum;
        if (!previous) return;
        const data = { table, column: cmd.name, from: from ? from.key : column.formerEnum!.key, to: to.key };
        // Rows can hold a removed value only if the column and the value existed before this deploy
        // batch and no data migration of the batch moved the rows off it (or the USING maps it).
        const moved = context.schema.valuesMovedOff(table, cmd.name);
        const mapped = mentioned(def?.raw_default);
        const removed = (from ? from.values : column.formerEnum!.values).filter(
          (v) => !to.values.includes(v) && !context.schema.isNewEnumValue(previous, v) && !mapped.has(v) && (moved === 'all' || !moved.has(v)),
        );
        if (removed.length > 0 && !context.schema.isNewColumn(table, cmd.name)) {
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

/** The string constants an expression (a USING clause) names, e.g. the values a CASE maps. */
function mentioned(expr: Node | undefined): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const sval = (value as { A_Const?: A_Const }).A_Const?.sval?.sval;
    if (sval !== undefined) found.add(sval);
    for (const field of Object.values(value)) visit(field);
  };
  visit(expr);
  return found;
}
