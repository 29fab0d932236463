import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-rename.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'a table created in the same migration', code: 'CREATE TABLE accounts (id bigint, name text);\nALTER TABLE accounts RENAME COLUMN name TO display_name;\nALTER TABLE accounts RENAME TO customer_accounts;' },
    { name: 'renaming an index or a constraint does not break queries', code: 'ALTER INDEX orders_idx RENAME TO orders_customer_idx;\nALTER TABLE orders RENAME CONSTRAINT c1 TO orders_total_check;' },
    'ALTER TYPE mood RENAME TO feeling;',
    {
      name: 'the temporary column of a type change, renamed into place',
      code: 'ALTER TABLE observations ADD COLUMN output_temp jsonb;\nUPDATE observations SET output_temp = to_jsonb(completion);\nALTER TABLE observations DROP COLUMN completion;\nALTER TABLE observations RENAME COLUMN output_temp TO output;',
    },
    { name: 'a view keeps the old table name working', code: 'ALTER TABLE app.orders RENAME TO purchases;\nCREATE VIEW app.orders AS SELECT * FROM app.purchases;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";',
      errors: [{ messageId: 'renameColumn', data: { table: 'users', from: 'name', to: 'full_name' }, line: 1, column: 1, endColumn: 56 }],
    },
    {
      name: 'a table created by an earlier migration',
      history: ['CREATE TABLE accounts (id bigint, name text);'],
      code: 'ALTER TABLE accounts RENAME COLUMN name TO display_name;',
      errors: [{ messageId: 'renameColumn' }],
    },
    {
      code: 'ALTER TABLE app.orders RENAME TO purchases;',
      errors: [{ messageId: 'renameTable', data: { from: 'app.orders', to: 'app.purchases', fromSql: '"app"."orders"', toSql: '"app"."purchases"' } }],
    },
    {
      code: 'ALTER TABLE "users" RENAME TO "customers";',
      errors: [{ messageId: 'renameTable', data: { from: 'users', to: 'customers', fromSql: '"users"', toSql: '"customers"' } }],
    },
  ],
});
