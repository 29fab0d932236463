import type { AlterTableCmd, ColumnDef } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { alteredTable } from '../src/engine/altered-table.js';
import { typeChangeOf } from '../src/analysis/type-changes.js';

type MessageIds = 'noCast';

export default defineRule<[], MessageIds>({
  id: 'no-uncastable-type-change',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow ALTER COLUMN … TYPE without USING where PostgreSQL has no automatic cast, which always fails',
      recommended: true,
    },
    messages: {
      noCast:
        'ALTER COLUMN "{{column}}" TYPE {{to}} on "{{table}}" fails: PostgreSQL has no implicit or assignment cast from {{from}} to {{to}} (`column "{{column}}" cannot be cast automatically to type {{to}}`), on an empty table too. Say how each value converts with USING, e.g. USING "{{column}}"::{{to}}, and check first that every existing value converts.',
    },
    schema: [],
  },
  create(context) {
    return {
      AlterTableCmd(cmd: AlterTableCmd) {
        if (cmd.subtype !== 'AT_AlterColumnType' || !cmd.name) return;
        const altered = alteredTable(context);
        if (!altered) return;
        const { table } = altered;
        // No exemption for new tables: PostgreSQL looks for the cast before it looks at any row.
        const def = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        const change = typeChangeOf(context.schema.table(table)?.columns.get(cmd.name), def, (type) => !!context.schema.enumType(type));
        if (change.verdict !== 'no-cast') return;
        context.report({ node: cmd, messageId: 'noCast', data: { column: cmd.name, table, from: change.from ?? '?', to: change.to } });
      },
    };
  },
});
