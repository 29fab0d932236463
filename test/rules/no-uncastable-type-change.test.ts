import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-uncastable-type-change.js';

const history = ["CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE orders (id int, reference text, total int, paid boolean, status mood, note varchar(20));"];

new RuleTester().run(rule, {
  valid: [
    { history, code: 'ALTER TABLE orders ALTER COLUMN reference TYPE integer USING reference::integer;' },
    { history, code: 'ALTER TABLE orders ALTER COLUMN reference TYPE integer USING nullif(reference, \'\')::integer;' },
    { name: 'int → bigint has an implicit cast', history, code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;' },
    { name: 'anything → text converts by assignment', history, code: 'ALTER TABLE orders ALTER COLUMN total TYPE text;\nALTER TABLE orders ALTER COLUMN status TYPE text;' },
    { name: 'varchar → text', history, code: 'ALTER TABLE orders ALTER COLUMN note TYPE text;' },
    { name: 'a column the linter never saw', code: 'ALTER TABLE orders ALTER COLUMN reference TYPE integer;' },
    { name: 'a type the linter cannot see', history, code: 'ALTER TABLE orders ALTER COLUMN reference TYPE citext;' },
  ],
  invalid: [
    {
      history,
      code: 'ALTER TABLE orders ALTER COLUMN reference TYPE integer;',
      errors: [{ messageId: 'noCast', data: { column: 'reference', table: 'orders', from: 'text', to: 'integer' }, line: 1, column: 20 }],
    },
    {
      name: "drizzle-kit's SET DATA TYPE",
      history,
      code: 'ALTER TABLE "orders" ALTER COLUMN "paid" SET DATA TYPE integer;',
      errors: [{ messageId: 'noCast', data: { column: 'paid', table: 'orders', from: 'boolean', to: 'integer' } }],
    },
    {
      name: 'text → enum needs USING',
      history,
      code: 'ALTER TABLE orders ALTER COLUMN reference TYPE mood;',
      errors: [{ messageId: 'noCast', data: { column: 'reference', table: 'orders', from: 'text', to: 'mood' } }],
    },
    {
      name: 'a table created in the same migration fails too',
      code: 'CREATE TABLE t (a text);\nALTER TABLE t ALTER COLUMN a TYPE timestamptz;',
      errors: [{ messageId: 'noCast', line: 2 }],
    },
  ],
});
