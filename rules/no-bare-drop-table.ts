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
        'DROP TABLE {{tables}} deletes the table and its rows for good, and fails while a view or a foreign key of another table depends on it. Make sure no deployed code still uses it. Without IF EXISTS it also fails if the table is already gone (a re-run, a drop applied by hand){{outcome}}.',
      cascade:
        'DROP TABLE {{tables}} CASCADE also drops every view, foreign key and other object that depends on it, without naming them. Drop the dependent objects explicitly, then the table without CASCADE.',
    },
    schema: [],
  },
  create(context) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const names = (node.objects ?? []).map((object) => nameKey(strings((object as { List?: { items?: Node[] } }).List?.items)) ?? '?');
        // Tables created by this migration or earlier in its deploy batch hold no data and exist for sure.
        if (names.every((name) => context.schema.isNewTable(name))) return;
        const tables = names.map((name) => `"${name}"`).join(', ');
        const statement = context.statement();
        if (!node.missing_ok) {
          // Insert IF EXISTS right after the TABLE keyword.
          const keyword = context.sourceCode.findWord(statement.start, statement.end, 'TABLE');
          context.report({
            messageId: 'missingIfExists',
            data: {
              tables,
              // "Halfway" only where it is true: a runner that wraps the file rolls the whole file
              // back, and a first statement that fails leaves nothing applied before it.
              outcome: statement.inTransaction
                ? ', and the migration rolls back'
                : statement.index > 0
                  ? ': the file runs without a transaction, so the statements before it stay applied and the migration stops halfway'
                  : '',
            },
            fix: keyword ? { range: [keyword[1], keyword[1]], text: ' IF EXISTS' } : null,
          });
        }
        if (node.behavior === 'DROP_CASCADE') {
          const cascade = context.sourceCode.findWord(statement.start, statement.end, 'CASCADE');
          context.report({ messageId: 'cascade', data: { tables }, range: cascade });
        }
      },
    };
  },
});
