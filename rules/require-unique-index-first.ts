import type { AlterTableCmd, Constraint } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { alteredTable } from '../src/engine/altered-table.js';
import { strings } from '../src/analysis/names.js';
import { describeLock } from '../src/analysis/locks.js';

type MessageIds = 'unique' | 'primaryKey' | 'exclusion';

export default defineRule<[], MessageIds>({
  id: 'require-unique-index-first',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require UNIQUE and PRIMARY KEY constraints on existing tables to adopt an index built concurrently (USING INDEX); report EXCLUDE constraints, which build their index under ACCESS EXCLUSIVE',
      recommended: true,
    },
    messages: {
      unique:
        'ADD CONSTRAINT "{{name}}" UNIQUE ({{columns}}) on existing table "{{table}}" builds its index under an ACCESS EXCLUSIVE lock, which {{blocks}} for the whole build, and fails if rows already hold duplicates (`could not create unique index`). First CREATE UNIQUE INDEX CONCURRENTLY "{{name}}" ON "{{table}}" ({{columns}}) in a migration outside a transaction, then ALTER TABLE "{{table}}" ADD CONSTRAINT "{{name}}" UNIQUE USING INDEX "{{name}}" (a catalog change).',
      primaryKey:
        'ADD CONSTRAINT "{{name}}" PRIMARY KEY ({{columns}}) on existing table "{{table}}" builds its index under an ACCESS EXCLUSIVE lock, which {{blocks}} for the whole build, and fails on duplicates or NULLs. First CREATE UNIQUE INDEX CONCURRENTLY "{{name}}" ON "{{table}}" ({{columns}}) outside a transaction, make the columns NOT NULL without a long lock, then ADD CONSTRAINT "{{name}}" PRIMARY KEY USING INDEX "{{name}}".',
      exclusion:
        'ADD CONSTRAINT "{{name}}" EXCLUDE on existing table "{{table}}" builds its index under an ACCESS EXCLUSIVE lock, which {{blocks}} for the whole build, and fails if rows already conflict. PostgreSQL has no USING INDEX for exclusion constraints, so there is no way around the lock: run it while the table is small, or in a maintenance window.',
    },
    schema: [],
  },
  create(context) {
    return {
      AlterTableCmd(cmd: AlterTableCmd) {
        if (cmd.subtype !== 'AT_AddConstraint') return;
        const altered = alteredTable(context);
        if (!altered || context.schema.isNewTable(altered.table)) return;
        const { table } = altered;
        const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
        if (!constraint || constraint.indexname) return;
        const messageId: MessageIds | undefined =
          constraint.contype === 'CONSTR_UNIQUE' ? 'unique' : constraint.contype === 'CONSTR_PRIMARY' ? 'primaryKey' : constraint.contype === 'CONSTR_EXCLUSION' ? 'exclusion' : undefined;
        if (!messageId) return;
        const columns = strings(constraint.keys).map((c) => `"${c}"`).join(', ');
        // PostgreSQL's default names: <table>_pkey, <table>_<columns>_key, <table>_<columns>_excl.
        const base = table.split('.').at(-1)!;
        const name =
          constraint.conname ??
          (messageId === 'primaryKey' ? `${base}_pkey` : `${base}_${strings(constraint.keys).join('_')}_${messageId === 'unique' ? 'key' : 'excl'}`);
        context.report({ node: cmd, messageId, data: { name, table, columns, blocks: describeLock('ACCESS EXCLUSIVE').plain } });
      },
    };
  },
});
