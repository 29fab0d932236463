import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey, typeKey } from '../src/analysis/names.js';
import { expressionVolatility } from '../src/analysis/function-volatility.js';
import { supports } from '../src/analysis/versions.js';

type MessageIds = 'notNullWithoutDefault' | 'volatileDefault' | 'defaultRewritesTable' | 'setNotNull' | 'setNotNullLockHeld' | 'setNotNullScan';

/** Column types that bring their own `nextval()` default (and NOT NULL). */
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** `column "a"` or `columns "a", "b"`: one finding names every column of the statement. */
const columnList = (names: string[]): string => `${names.length === 1 ? 'column' : 'columns'} ${names.map((n) => `"${n}"`).join(', ')}`;

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
        'Adding NOT NULL {{columns}} without a DEFAULT fails if existing table "{{table}}" has any rows. Add {{it}} nullable, backfill, then SET NOT NULL (or give {{it}} a constant DEFAULT).',
      volatileDefault:
        'Adding {{columns}} with a default that calls {{culprit}} rewrites "{{table}}" under an ACCESS EXCLUSIVE lock. Reads and writes wait until every row has its own value. {{advice}}',
      defaultRewritesTable:
        'Adding {{columns}} with a DEFAULT rewrites "{{table}}" under an ACCESS EXCLUSIVE lock on PostgreSQL {{version}} (constant defaults are instant from 11). {{advice}}',
      setNotNull:
        'SET NOT NULL on {{columns}} of "{{table}}" {{fails}}scans the whole table under an ACCESS EXCLUSIVE lock. {{backfill}}To avoid the long lock: ADD CONSTRAINT … CHECK ("{{column}}" IS NOT NULL) NOT VALID, and in {{later}} VALIDATE CONSTRAINT (no long lock), then SET NOT NULL, which skips the scan.',
      setNotNullLockHeld:
        'SET NOT NULL on {{columns}} of "{{table}}" {{fails}}scans the whole table while this transaction already holds ACCESS EXCLUSIVE on it ({{holder}}). A CHECK … NOT VALID and VALIDATE here would run under that same lock and shorten nothing: split the change, keeping the earlier ALTER of "{{table}}" and the NOT NULL steps in separate {{units}}.',
      setNotNullScan:
        'SET NOT NULL on {{columns}} of "{{table}}" {{fails}}scans the whole table under an ACCESS EXCLUSIVE lock; on PostgreSQL {{version}} no CHECK constraint can spare the scan (that needs 12+). {{backfill}}Run it in a quiet window.',
    },
    schema: [],
  },
  create(context) {
    const { postgresVersion } = context.settings;
    /** "a later migration", or a later deploy when the runner applies a whole batch in one transaction. */
    const later = (): string =>
      context.settings.transaction === 'all' ? 'a later deploy (the runner applies all pending migrations in one transaction)' : 'a later migration';

    return {
      AlterTableStmt(alter: AlterTableStmt) {
        const table = tableKey(alter.relation);
        // A table created by this migration, or earlier in its deploy batch, has no rows yet.
        if (alter.objtype !== 'OBJECT_TABLE' || !table || context.schema.isNewTable(table)) return;
        const cmds = (alter.cmds ?? []).flatMap((c) => ((c as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd ? [(c as { AlterTableCmd: AlterTableCmd }).AlterTableCmd] : []));

        // One ALTER TABLE scans or rewrites the table once: one finding per kind, naming every column.
        const setNotNull = cmds.filter((cmd) => cmd.subtype === 'AT_SetNotNull' && cmd.name);
        const scanned = supports(postgresVersion, 'notNullFromCheck') ? setNotNull.filter((cmd) => !context.schema.hasValidatedNotNullCheck(table, cmd.name!)) : setNotNull;
        if (scanned.length > 0) {
          const names = scanned.map((cmd) => cmd.name!);
          // A backfill earlier in this migration or batch already cleared the NULLs: only the lock is left to say.
          const backfilled = names.every((name) => context.schema.nullsCleared(table, name));
          const data = {
            table,
            columns: columnList(names),
            column: names[0]!,
            fails: backfilled ? '' : 'fails if any row holds NULL, and ',
            backfill: backfilled ? '' : 'Backfill the NULLs first. ',
          };
          const holder = context.statement().heldAccessExclusive.get(table);
          if (!supports(postgresVersion, 'notNullFromCheck')) {
            context.report({ node: scanned[0]!, messageId: 'setNotNullScan', data: { ...data, version: postgresVersion } });
          } else if (holder !== undefined) {
            // '' : a file outside any migration set, which is always this one.
            const here = holder === (context.schema.currentFile() ?? '');
            context.report({
              node: scanned[0]!,
              messageId: 'setNotNullLockHeld',
              data: {
                ...data,
                holder: here ? 'taken by an earlier statement of this migration' : `taken by ${holder}, applied in the same transaction`,
                // Under a runner that applies a batch in one transaction, only separate deploys separate them.
                units: here && context.settings.transaction !== 'all' ? 'migrations' : 'deploys',
              },
            });
          } else {
            context.report({ node: scanned[0]!, messageId: 'setNotNull', data: { ...data, later: later() } });
          }
        }

        const added = cmds.flatMap((cmd) => {
          const def = cmd.subtype === 'AT_AddColumn' ? (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef : undefined;
          if (!def?.colname) return [];
          const constraints = (def.constraints ?? []).map((c) => (c as { Constraint?: Constraint }).Constraint);
          const kinds = constraints.map((c) => c?.contype);
          if (kinds.includes('CONSTR_IDENTITY') || kinds.includes('CONSTR_GENERATED')) return [];
          const serial = SERIAL_TYPES.has(typeKey(def.typeName) ?? '');
          return [
            {
              cmd,
              column: def.colname,
              serial,
              defaultExpr: constraints.find((c) => c?.contype === 'CONSTR_DEFAULT')?.raw_expr,
              notNull: serial || kinds.includes('CONSTR_NOTNULL') || kinds.includes('CONSTR_PRIMARY'),
            },
          ];
        });
        const report = (messageId: MessageIds, group: typeof added, data: Record<string, string | number> = {}): void => {
          if (group.length === 0) return;
          const names = group.map((g) => g.column);
          context.report({ node: group[0]!.cmd, messageId, data: { table, columns: columnList(names), it: names.length === 1 ? 'it' : 'them', ...data } });
        };
        const withDefault = added.filter((a) => a.defaultExpr || a.serial);
        if (!supports(postgresVersion, 'fastColumnDefault')) {
          report('defaultRewritesTable', withDefault, { version: postgresVersion, advice: defaultAdvice(withDefault) });
        } else {
          const volatile = withDefault.flatMap((a) => {
            const { volatility, culprit } = a.serial ? { volatility: 'volatile', culprit: 'nextval' } : expressionVolatility(a.defaultExpr);
            return volatility === 'volatile' ? [{ ...a, culprit: `${culprit}()` }] : [];
          });
          const culprits = [...new Set(volatile.map((v) => v.culprit))].join(', ');
          report('volatileDefault', volatile, { culprit: culprits, advice: defaultAdvice(volatile) });
        }
        report('notNullWithoutDefault', added.filter((a) => !a.defaultExpr && !a.serial && a.notNull));
      },
    };
  },
});

/**
 * Steps that work when followed literally: a NOT NULL column cannot be added without a default
 * (that fails on a table with rows), so it is added nullable and made NOT NULL after the backfill.
 */
function defaultAdvice(columns: { notNull: boolean; serial: boolean }[]): string {
  const many = columns.length > 1;
  const notNull = columns.some((c) => c.notNull);
  const what = columns.some((c) => c.serial)
    ? `Add ${many ? 'them' : 'it'} as a plain integer column${many ? 's' : ''} (create the sequence yourself)`
    : `Add ${many ? 'them' : 'it'}${notNull ? ' nullable and' : ''} without the default`;
  return `${what}, SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches${notNull ? ', then SET NOT NULL' : ''}.`;
}
