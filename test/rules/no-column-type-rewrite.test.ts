import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-column-type-rewrite.js';

const history = ['CREATE TABLE orders (id int, total int, note varchar(20), body text, amount numeric(10,2), created timestamp);'];

new RuleTester().run(rule, {
  valid: [
    { name: 'varchar(n) → longer varchar', history, code: 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(40);' },
    { name: 'varchar(n) → text', history, code: 'ALTER TABLE orders ALTER COLUMN note TYPE text;' },
    { name: 'text → unconstrained varchar', history, code: 'ALTER TABLE orders ALTER COLUMN body TYPE varchar;' },
    { name: 'numeric precision up, same scale', history, code: 'ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2);' },
    { name: 'USING col::type converts as no USING', history, code: 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(40) USING note::varchar(40);' },
    { name: 'a table created in the same migration has no rows', code: 'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;' },
    { name: 'a column the linter never saw: it may be binary-coercible', code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;' },
    { name: 'a failing change is no-uncastable-type-change', history, code: 'ALTER TABLE orders ALTER COLUMN body TYPE integer;' },
    {
      name: 'enum type changes are no-unsafe-enum-change territory (its docs explain the rewrite)',
      history: ["CREATE TYPE status AS ENUM ('a', 'b');\nCREATE TABLE orders (id int, status status);"],
      code: "ALTER TYPE status RENAME TO status_old;\nCREATE TYPE status AS ENUM ('a');\nALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;\nALTER TABLE orders ALTER COLUMN status TYPE text;",
    },
    { name: 'session time zone UTC: timestamp → timestamptz is a catalog change', history, code: "SET TIME ZONE 'UTC';\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;" },
    {
      name: 'SET LOCAL in the same transaction',
      history,
      code: "BEGIN;\nSET LOCAL TimeZone = 'UTC';\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;\nCOMMIT;",
    },
    { name: 'SET TIME ZONE INTERVAL of zero, and a number of hours of 0', history, code: "SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;" },
    {
      name: 'drizzle: the time zone an earlier file of the batch set, in the same transaction',
      history: [...history, "SET LOCAL TIME ZONE 'Etc/UTC';"],
      batch: 1,
      settings: { transaction: 'all' },
      code: 'ALTER TABLE orders ALTER COLUMN created TYPE timestamptz;',
    },
  ],
  invalid: [
    {
      history,
      code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      errors: [{ messageId: 'rewrite', data: { column: 'total', table: 'orders', from: 'integer', to: 'bigint', blocks: 'blocks reads and writes (every query on the table, even SELECT)' }, line: 1, column: 20 }],
    },
    { name: 'shorter varchar checks and rewrites', history, code: 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);', errors: [{ messageId: 'rewrite' }] },
    { name: 'text → varchar(n)', history, code: 'ALTER TABLE "orders" ALTER COLUMN "body" SET DATA TYPE varchar(255);', errors: [{ messageId: 'rewrite' }] },
    { name: 'numeric scale change', history, code: 'ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,3);', errors: [{ messageId: 'rewrite' }] },
    { name: 'timestamp → timestamptz', history, code: 'ALTER TABLE orders ALTER COLUMN created TYPE timestamptz;', errors: [{ messageId: 'rewriteUnlessUtc' }] },
    {
      name: 'timestamp → timestamptz before PostgreSQL 12 always rewrites',
      history,
      code: 'ALTER TABLE orders ALTER COLUMN created TYPE timestamptz;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'rewrite' }],
    },
    {
      name: 'SET LOCAL ends with its transaction',
      history,
      code: "SET LOCAL TimeZone = 'UTC';\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;",
      errors: [{ messageId: 'rewriteUnlessUtc', line: 2 }],
    },
    {
      name: 'SET TIME ZONE LOCAL (and DEFAULT, RESET) goes back to the server\'s zone, which the linter cannot see',
      history,
      code: "SET TIME ZONE 'UTC';\nSET TIME ZONE LOCAL;\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;",
      errors: [{ messageId: 'rewriteUnlessUtc', line: 3 }],
    },
    {
      name: 'a zone with daylight saving time',
      history,
      code: "SET TIME ZONE 'Europe/London';\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;",
      errors: [{ messageId: 'rewriteUnlessUtc', line: 2 }],
    },
    {
      name: 'an expression in USING always rewrites, known column or not',
      code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint USING total * 100;',
      errors: [{ messageId: 'rewriteUsing', data: { column: 'total', table: 'orders', to: 'bigint', blocks: 'blocks reads and writes (every query on the table, even SELECT)' } }],
    },
  ],
});
