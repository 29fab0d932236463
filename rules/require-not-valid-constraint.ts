import type { AlterTableCmd, ColumnDef, Constraint } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { alteredTable } from '../src/engine/altered-table.js';
import { strings, tableKey } from '../src/analysis/names.js';
import { describeLock, type LockMode } from '../src/analysis/locks.js';
import { supports } from '../src/analysis/versions.js';

type MessageIds = 'foreignKey' | 'foreignKeyOnNewColumn' | 'foreignKeyPartitioned' | 'check' | 'validateInSameTransaction';

export default defineRule<[], MessageIds>({
  id: 'require-not-valid-constraint',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require FOREIGN KEY and CHECK constraints on existing tables to be added NOT VALID and validated in a later transaction',
      recommended: true,
    },
    messages: {
      foreignKey:
        'ADD CONSTRAINT "{{name}}" FOREIGN KEY on existing table "{{table}}" takes SHARE ROW EXCLUSIVE locks on "{{table}}" and "{{referenced}}", which block writes to both, while it checks every row of "{{table}}"; it fails if any row has no match in "{{referenced}}" (`violates foreign key constraint`). Add it NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT "{{name}}" in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on).',
      foreignKeyOnNewColumn:
        'ADD CONSTRAINT "{{name}}" FOREIGN KEY on existing table "{{table}}" takes SHARE ROW EXCLUSIVE locks on "{{table}}" and "{{referenced}}", which block writes to both, while it scans every row of "{{table}}" (it cannot fail: {{columns}} was added in this migration and is NULL everywhere, but the scan still runs). Add it NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT "{{name}}" in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on).',
      foreignKeyPartitioned:
        'ADD CONSTRAINT "{{name}}" FOREIGN KEY on partitioned table "{{table}}" takes SHARE ROW EXCLUSIVE locks on its partitions and "{{referenced}}", which block writes, while it checks every row; it fails if any row has no match. Before PostgreSQL 18, NOT VALID is refused for foreign keys on partitioned tables (`cannot add NOT VALID foreign key on partitioned table`), so there is no split: run it while the tables are small or in a quiet window (or target PostgreSQL 18, where NOT VALID then VALIDATE works).',
      check:
        'ADD CONSTRAINT "{{name}}" CHECK on existing table "{{table}}" takes an ACCESS EXCLUSIVE lock, which {{blocks}}, while it scans every row; it fails if any row violates it (`is violated by some row`). Add it NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT "{{name}}" in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on).',
      validateInSameTransaction:
        'VALIDATE CONSTRAINT "{{name}}" runs in the same transaction as the ADD CONSTRAINT … NOT VALID that created it, so the {{mode}} lock that ADD took on "{{table}}" is still held during the validation scan and until COMMIT ({{blocks}}): splitting the constraint bought nothing. Validate in a later migration that runs in its own transaction.',
    },
    schema: [],
  },
  create(context) {
    /** NOT VALID constraints added in this file: `table\0name` → [transaction, lock mode]. */
    const added = new Map<string, [number, LockMode]>();
    /** Columns this file added without a default (NULL in every existing row): `table\0column`. */
    const nullColumns = new Set<string>();

    return {
      AlterTableCmd(cmd: AlterTableCmd) {
        const altered = alteredTable(context);
        if (!altered) return;
        const { table } = altered;
        const { transactionId } = context.statement();

        if (cmd.subtype === 'AT_AddColumn') {
          const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
          const constraints = (def?.constraints ?? []).map((c) => (c as { Constraint?: Constraint }).Constraint?.contype);
          if (def?.colname && !constraints.some((c) => c === 'CONSTR_DEFAULT' || c === 'CONSTR_IDENTITY' || c === 'CONSTR_GENERATED')) {
            nullColumns.add(`${table}\u0000${def.colname}`);
          }
          return;
        }

        if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
          const here = added.get(`${table}\u0000${cmd.name}`);
          const before = context.schema.table(table)?.constraints.get(cmd.name);
          const mode: LockMode | undefined =
            here?.[0] === transactionId ? here[1] : before?.addedInTransaction === transactionId ? (before.kind === 'foreign-key' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE') : undefined;
          // A table created in this transaction is invisible to everyone else until COMMIT anyway.
          if (mode && !context.schema.isNewTable(table)) {
            context.report({ node: cmd, messageId: 'validateInSameTransaction', data: { name: cmd.name, table, mode, blocks: describeLock(mode).plain } });
          }
          return;
        }
        if (cmd.subtype !== 'AT_AddConstraint') return;
        const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
        if (constraint?.contype !== 'CONSTR_FOREIGN' && constraint?.contype !== 'CONSTR_CHECK') return;
        const name = constraint.conname ?? '(unnamed)';
        const mode: LockMode = constraint.contype === 'CONSTR_FOREIGN' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE';
        if (constraint.skip_validation) {
          if (constraint.conname) added.set(`${table}\u0000${constraint.conname}`, [transactionId, mode]);
          return;
        }
        // A table created in this migration has no rows to check.
        if (context.schema.isNewTable(table)) return;
        if (constraint.contype === 'CONSTR_FOREIGN') {
          const referenced = tableKey(constraint.pktable) ?? '?';
          const columns = strings(constraint.fk_attrs);
          if (context.schema.table(table)?.partitioned && !supports(context.settings.postgresVersion, 'notValidForeignKeyOnPartitioned')) {
            context.report({ node: cmd, messageId: 'foreignKeyPartitioned', data: { name, table, referenced } });
          } else if (columns.length > 0 && columns.every((c) => nullColumns.has(`${table}\u0000${c}`))) {
            context.report({ node: cmd, messageId: 'foreignKeyOnNewColumn', data: { name, table, referenced, columns: columns.map((c) => `"${c}"`).join(', ') } });
          } else {
            context.report({ node: cmd, messageId: 'foreignKey', data: { name, table, referenced } });
          }
        } else {
          context.report({ node: cmd, messageId: 'check', data: { name, table, blocks: describeLock('ACCESS EXCLUSIVE').plain } });
        }
      },
    };
  },
});
