import type { Node } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { nameKey, strings } from '../src/analysis/names.js';

type MessageIds = 'missingIfExists' | 'cascade';

export default defineRule<[], MessageIds>({
  id: 'no-bare-drop-table',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow DROP TABLE without IF EXISTS, and DROP TABLE … CASCADE',
      recommended: true,
    },
    fixable: 'code',
    messages: {
      missingIfExists:
        'DROP TABLE {{tables}} has no IF EXISTS: the migration fails halfway if the table is already gone (a re-run, a drop applied by hand). The drop also deletes the data for good under an ACCESS EXCLUSIVE lock, so make sure no deployed code still uses it.',
      cascade:
        'DROP TABLE {{tables}} CASCADE silently drops every view, foreign key and other object that depends on it. Drop the dependent objects explicitly, then the table without CASCADE.',
    },
    schema: [],
  },
  create(context) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const tables = (node.objects ?? [])
          .map((object) => nameKey(strings((object as { List?: { items?: Node[] } }).List?.items)))
          .map((name) => `"${name}"`)
          .join(', ');
        const statement = context.statement();
        if (!node.missing_ok) {
          // Insert IF EXISTS right after the TABLE keyword.
          const tokens = context.sourceCode.tokensIn(statement.start, statement.end);
          const keyword = tokens.find((t) => t.text.toUpperCase() === 'TABLE');
          context.report({
            messageId: 'missingIfExists',
            data: { tables },
            fix: keyword ? { range: [keyword.end, keyword.end], text: ' IF EXISTS' } : null,
          });
        }
        if (node.behavior === 'DROP_CASCADE') {
          const cascade = context.sourceCode
            .tokensIn(statement.start, statement.end)
            .find((t) => t.text.toUpperCase() === 'CASCADE');
          context.report({ messageId: 'cascade', data: { tables }, range: cascade ? [cascade.start, cascade.end] : undefined });
        }
      },
    };
  },
});
