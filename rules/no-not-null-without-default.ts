import type { AlterTableStmt, ColumnDef, Constraint } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey, typeKey } from '../src/analysis/names.js';
import { expressionVolatility } from '../src/analysis/function-volatility.js';
import { supports } from '../src/analysis/versions.js';

type MessageIds = 'notNullWithoutDefault' | 'volatileDefault' | 'defaultRewritesTable' | 'setNotNull' | 'setNotNullScan';

/** Column types that bring their own `nextval()` default. */
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

export default defineRule<[], MessageIds>({
  id: 'no-not-null-without-default',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow NOT NULL columns that fail or lock an existing table: NOT NULL without DEFAULT, SET NOT NULL, volatile defaults',
      recommended: true,
    },
    messages: {
      notNullWithoutDefault:
        'Adding column "{{column}}" to existing table "{{table}}" as NOT NULL without a DEFAULT fails as soon as "{{table}}" has rows. Add it nullable, backfill it, then enforce NOT NULL (or give it a constant DEFAULT).',
      volatileDefault:
        'Adding column "{{column}}" to "{{table}}" with a default that calls {{culprit}} rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until every row has its own value. Add the column without a default, SET DEFAULT afterwards, and backfill existing rows in batches.',
      defaultRewritesTable:
        'On PostgreSQL {{version}}, adding column "{{column}}" to "{{table}}" with a DEFAULT rewrites the whole table under an ACCESS EXCLUSIVE lock (constant defaults are instant from PostgreSQL 11). Add the column without a default, SET DEFAULT afterwards, and backfill in batches.',
      setNotNull:
        'SET NOT NULL on "{{table}}"."{{column}}" scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes. First ADD CONSTRAINT … CHECK ("{{column}}" IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT (no long lock); SET NOT NULL then skips the scan.',
      setNotNullScan:
        'SET NOT NULL on "{{table}}"."{{column}}" scans the whole table under an ACCESS EXCLUSIVE lock, and on PostgreSQL {{version}} no CHECK constraint can spare the scan (that needs 12+). Run it in a quiet window, or keep a validated CHECK ("{{column}}" IS NOT NULL) NOT VALID constraint instead.',
    },
    schema: [],
  },
  create(context) {
    const { postgresVersion } = context.settings;
    return {
      AlterTableCmd(cmd) {
        const parent = context.ancestors().at(-1);
        if (parent?.type !== 'AlterTableStmt') return;
        const alter = parent.node as AlterTableStmt;
        const table = tableKey(alter.relation);
        // A table created by this migration has no rows yet: nothing can fail or be rewritten.
        if (alter.objtype !== 'OBJECT_TABLE' || !table || context.schema.isNewTable(table)) return;

        if (cmd.subtype === 'AT_SetNotNull' && cmd.name) {
          const column = cmd.name;
          if (!supports(postgresVersion, 'notNullFromCheck')) {
            context.report({ node: cmd, messageId: 'setNotNullScan', data: { table, column, version: postgresVersion } });
          } else if (!context.schema.hasValidatedNotNullCheck(table, column)) {
            context.report({ node: cmd, messageId: 'setNotNull', data: { table, column } });
          }
          return;
        }
        if (cmd.subtype !== 'AT_AddColumn') return;
        const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        if (!def?.colname) return;
        const column = def.colname;
        const constraints = (def.constraints ?? []).map((c) => (c as { Constraint?: Constraint }).Constraint?.contype);
        if (constraints.includes('CONSTR_IDENTITY') || constraints.includes('CONSTR_GENERATED')) return;
        const defaultExpr = (def.constraints ?? [])
          .map((c) => (c as { Constraint?: Constraint }).Constraint)
          .find((c) => c?.contype === 'CONSTR_DEFAULT')?.raw_expr;
        const serial = SERIAL_TYPES.has(typeKey(def.typeName) ?? '');

        if (defaultExpr || serial) {
          if (!supports(postgresVersion, 'fastColumnDefault')) {
            context.report({ node: cmd, messageId: 'defaultRewritesTable', data: { table, column, version: postgresVersion } });
            return;
          }
          const { volatility, culprit } = serial ? { volatility: 'volatile', culprit: 'nextval' } : expressionVolatility(defaultExpr);
          if (volatility === 'volatile') {
            context.report({ node: cmd, messageId: 'volatileDefault', data: { table, column, culprit: `${culprit}()` } });
          }
          return;
        }
        if (constraints.includes('CONSTR_NOTNULL') || constraints.includes('CONSTR_PRIMARY')) {
          context.report({ node: cmd, messageId: 'notNullWithoutDefault', data: { table, column } });
        }
      },
    };
  },
});
