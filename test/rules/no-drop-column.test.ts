import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-drop-column.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'a table created in the same migration', code: 'CREATE TABLE imports (id bigint, raw text);\nALTER TABLE imports DROP COLUMN raw;' },
    'ALTER TABLE orders DROP CONSTRAINT orders_total_check;',
    'ALTER TABLE orders ADD COLUMN note text;',
    { name: 'a column added earlier in the same migration', code: 'ALTER TABLE orders ADD COLUMN total_tmp numeric;\nALTER TABLE orders DROP COLUMN total_tmp;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE "users" DROP COLUMN "legacy_role";',
      errors: [{ messageId: 'dropColumn', data: { table: 'users', column: 'legacy_role' }, line: 1, column: 21, endColumn: 46 }],
    },
    {
      name: 'each dropped column, IF EXISTS or not, in a table from an earlier migration',
      history: ['CREATE TABLE accounts (id bigint, a text, b text);'],
      code: 'ALTER TABLE accounts DROP COLUMN a, DROP COLUMN IF EXISTS b CASCADE;',
      errors: [{ messageId: 'dropColumn', data: { table: 'accounts', column: 'a' } }, { messageId: 'dropColumn', data: { table: 'accounts', column: 'b' } }],
    },
  ],
});
