import type { AlterTableCmd } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { alteredColumnType } from '../src/engine/altered-table.js';

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
        // No exemption for new tables: PostgreSQL looks for the cast before it looks at any row.
        const altered = alteredColumnType(context, cmd);
        if (altered?.change.verdict !== 'no-cast') return;
        const { table, column, change } = altered;
        context.report({ node: cmd, messageId: 'noCast', data: { column, table, from: change.from ?? '?', to: change.to } });
      },
    };
  },
});
