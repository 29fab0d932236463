import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-drop-not-null.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'a table created in the same migration', code: 'CREATE TABLE imports (id bigint, raw text NOT NULL);\nALTER TABLE imports ALTER COLUMN raw DROP NOT NULL;' },
    'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;',
      errors: [{ messageId: 'dropNotNull', data: { table: 'users', column: 'email' }, line: 1, column: 21, endColumn: 55 }],
    },
  ],
});
