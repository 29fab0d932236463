import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-unsafe-enum-change.js';

const history = [
  "CREATE TYPE status AS ENUM ('active', 'paused', 'archived');",
  "CREATE TABLE orders (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'active');",
];

/** The full rename-recreate-drop pattern, done right. */
const recreateRight = `ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('active', 'archived');
UPDATE orders SET status = 'active' WHERE status = 'paused';
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'active';
DROP TYPE status_old;`;

/** drizzle-kit's own SQL for removing a value: a round trip through text, no data migration. */
const drizzleRoundTrip = `ALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE text;
ALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT 'active'::text;
DROP TYPE "public"."status";
CREATE TYPE "public"."status" AS ENUM('active', 'archived');
ALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT 'active'::"public"."status";
ALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE "public"."status" USING "status"::"public"."status";`;

new RuleTester().run(rule, {
  valid: [
    {
      name: "drizzle-kit's round trip through text, with the rows moved off the removed value while the column is text",
      history,
      code: drizzleRoundTrip.replace('DROP TYPE', "UPDATE orders SET status = 'active' WHERE status = 'paused';\nDROP TYPE"),
    },
    {
      name: "drizzle-kit's round trip, with the rows moved off the removed value before it",
      history,
      code: `UPDATE orders SET status = 'archived' WHERE status = 'paused';\n${drizzleRoundTrip}`,
    },
    {
      name: 'a round trip through text that removes no value',
      history,
      code: drizzleRoundTrip.replace("ENUM('active', 'archived')", "ENUM('active', 'paused', 'archived', 'closed')"),
    },
    { name: 'rename-recreate-drop done right', history, code: recreateRight },
    {
      name: 'rename-recreate-drop done right inside one transaction, with the default dropped in the same ALTER',
      history,
      settings: { transaction: 'per-file' },
      code: `ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('active', 'archived');
UPDATE orders SET status = 'archived' WHERE status = 'paused';
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT, ALTER COLUMN status TYPE status USING status::text::status;
DROP TYPE status_old;`,
    },
    {
      name: 'the USING clause maps the removed value',
      history,
      code: `ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('active', 'archived');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE status USING (CASE WHEN status::text = 'paused' THEN 'active' ELSE status::text END)::status;
DROP TYPE status_old;`,
    },
    {
      name: 'the data migration ran in an earlier migration (backfill first, change the type later)',
      history: [...history, "UPDATE orders SET status = 'active' WHERE status = 'paused';"],
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", ''),
    },
    { name: 'ADD VALUE outside a transaction', code: "ALTER TYPE status ADD VALUE 'cancelled';", settings: { postgresVersion: 11 } },
    { name: 'ADD VALUE in a transaction on PostgreSQL 12+', code: "BEGIN;\nALTER TYPE status ADD VALUE 'cancelled' AFTER 'paused';\nCOMMIT;" },
    {
      name: 'the new value is used after the transaction commits',
      history,
      code: "BEGIN;\nALTER TYPE status ADD VALUE 'cancelled';\nCOMMIT;\nUPDATE orders SET status = 'cancelled' WHERE id = 1;",
    },
    {
      name: 'autocommit: each statement is its own transaction',
      history,
      code: "ALTER TYPE status ADD VALUE 'cancelled';\nUPDATE orders SET status = 'cancelled' WHERE id = 1;",
    },
    {
      name: 'the same text in an unrelated table is not a use of the value',
      history: [...history, 'CREATE TABLE notes (body text);'],
      settings: { transaction: 'per-file' },
      code: "ALTER TYPE status ADD VALUE 'cancelled';\nINSERT INTO notes (body) VALUES ('cancelled');",
    },
    { name: 'dropping a type nothing uses', history, code: "CREATE TYPE mood AS ENUM ('ok');\nDROP TYPE mood;" },
    {
      name: 'the rows are moved off with IN (…)',
      history,
      code: recreateRight.replace("WHERE status = 'paused'", "WHERE status IN ('paused', 'archived')"),
    },
    {
      name: 'the rows are moved off with a CASE mapping of the column',
      history,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';", "UPDATE orders SET status = CASE status WHEN 'paused' THEN 'active'::status_old ELSE status END;"),
    },
    {
      name: 'the rows are deleted',
      history,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';", "DELETE FROM orders WHERE status = 'paused';"),
    },
    {
      name: "drizzle-kit's round trip, with replace() while the column is text",
      history,
      code: drizzleRoundTrip.replace('DROP TYPE', "UPDATE orders SET status = replace(status, 'paused', 'active');\nDROP TYPE"),
    },
    {
      name: 'the data migration ran in an earlier migration of the same deploy batch',
      history: [...history, "UPDATE orders SET status = 'active' WHERE status = 'paused';"],
      batch: 1,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", ''),
    },
    {
      name: 'a value added and removed in one deploy batch: no row can hold it',
      history: [...history, "ALTER TYPE status ADD VALUE 'on_hold';"],
      batch: 1,
      code: `ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('active', 'paused', 'archived');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;
DROP TYPE status_old;`,
    },
    {
      name: 'the table was created in the same deploy batch: it has no rows',
      history,
      batch: 2,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", ''),
    },
    {
      name: 'renaming a value added in the same deploy batch breaks no running code',
      history: [...history, "ALTER TYPE status ADD VALUE 'on_hld';"],
      batch: 1,
      code: "ALTER TYPE status RENAME VALUE 'on_hld' TO 'on_hold';",
    },
  ],
  invalid: [
    {
      code: "BEGIN;\nALTER TYPE status ADD VALUE 'cancelled';\nCOMMIT;",
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'addValueInTransaction', data: { type: 'status', value: 'cancelled', version: 11 }, line: 2, column: 1 }],
    },
    {
      name: 'the runner wraps the file in a transaction',
      code: "ALTER TYPE status ADD VALUE 'cancelled';",
      settings: { postgresVersion: 10, transaction: 'per-file' },
      errors: [{ messageId: 'addValueInTransaction' }],
    },
    {
      name: 'a value added and used in the same transaction (UPDATE)',
      history,
      code: "BEGIN;\nALTER TYPE status ADD VALUE 'cancelled';\nUPDATE orders SET status = 'cancelled' WHERE id = 1;\nCOMMIT;",
      errors: [{ messageId: 'newValueUsedInTransaction', data: { value: 'cancelled', type: 'status' }, line: 3, column: 28, endColumn: 39 }],
    },
    {
      name: 'a value added and used as a default in the same transaction',
      history,
      settings: { transaction: 'per-file' },
      code: "ALTER TYPE status ADD VALUE 'cancelled';\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'cancelled';",
      errors: [{ messageId: 'newValueUsedInTransaction', line: 2 }],
    },
    {
      name: 'a value added and cast in the same transaction',
      history,
      settings: { transaction: 'per-file' },
      code: "ALTER TYPE status ADD VALUE 'cancelled';\nSELECT 'cancelled'::status;",
      errors: [{ messageId: 'newValueUsedInTransaction', line: 2, column: 8 }],
    },
    {
      code: "ALTER TYPE status RENAME VALUE 'archived' TO 'closed';",
      errors: [
        {
          messageId: 'renameValue',
          message:
            "Renaming value 'archived' to 'closed' of enum \"status\" breaks running code that still reads or writes 'archived' the moment the migration commits. Add 'closed' as new value, deploy code that handles both, UPDATE the rows, and stop using 'archived'.",
          line: 1,
          column: 1,
          endColumn: 54,
        },
      ],
    },
    {
      name: 'renaming a value of a type created in this migration, that an existing column moved to, still breaks running code',
      history,
      code: "ALTER TYPE status RENAME TO status_old;\nCREATE TYPE status AS ENUM ('active', 'paused', 'archived');\nALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\nALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;\nDROP TYPE status_old;\nALTER TYPE status RENAME VALUE 'paused' TO 'on_hold';",
      errors: [{ messageId: 'renameValue', line: 6 }],
    },
    {
      name: 'several RENAME VALUEs of one type in one migration: one finding',
      code: "ALTER TYPE status RENAME VALUE 'archived' TO 'closed';\nALTER TYPE status RENAME VALUE 'paused' TO 'on_hold';",
      errors: [{ messageId: 'renameValue', data: { type: 'status', renames: "values 'archived' to 'closed', 'paused' to 'on_hold'", old: "'archived', 'paused'", new: "'closed', 'on_hold'", noun: 'values' }, line: 1 }],
    },
    {
      name: 'a removed value that was added by an earlier deploy: rows may hold it',
      history: [...history, "ALTER TYPE status ADD VALUE 'on_hold';"],
      batch: 0,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", '').replace("('active', 'archived')", "('active', 'paused', 'archived')").replace('status_old;', 'status_old;'),
      errors: [{ messageId: 'removedValuesWithoutDataMigration', data: { table: 'orders', column: 'status', from: 'status_old', to: 'status', values: "'on_hold'" }, line: 4 }],
    },
    {
      name: 'an UPDATE of the column for another value is not the data migration',
      history,
      code: recreateRight.replace("WHERE status = 'paused'", "WHERE status = 'archived'"),
      errors: [{ messageId: 'removedValuesWithoutDataMigration', data: { table: 'orders', column: 'status', from: 'status_old', to: 'status', values: "'paused'" }, line: 5 }],
    },
    {
      name: 'an UPDATE of the column under another condition is not the data migration',
      history,
      code: recreateRight.replace("WHERE status = 'paused'", 'WHERE id = 5'),
      errors: [{ messageId: 'removedValuesWithoutDataMigration', line: 5 }],
    },
    {
      name: 'a data migration in an earlier deploy does not cover rows written since',
      history: [...history, "UPDATE orders SET status = 'active' WHERE status = 'paused';"],
      batch: 0,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", ''),
      errors: [{ messageId: 'removedValuesWithoutDataMigration', line: 4 }],
    },
    {
      name: 'the removal message says the cast fails and that the type change rewrites the table under ACCESS EXCLUSIVE',
      history,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", '').replace('status_old;\nCREATE', 'status_old;\n-- no data migration\nCREATE'),
      errors: [
        {
          messageId: 'removedValuesWithoutDataMigration',
          message:
            /^Column "orders"\."status" cannot be cast from enum "status_old" to "status" while any row holds 'paused', which "status" lacks\. ALTER COLUMN … TYPE also rewrites the whole table under an ACCESS EXCLUSIVE lock/,
        },
      ],
    },
    {
      name: "drizzle-kit's round trip through text without a data migration",
      history,
      code: drizzleRoundTrip,
      errors: [
        {
          messageId: 'removedValuesThroughText',
          data: { table: 'orders', column: 'status', from: 'status', to: 'status', via: 'text', values: "'paused'" },
          line: 6,
          column: 22, // the ALTER COLUMN clause, after 'ALTER TABLE "orders" '
        },
      ],
    },
    {
      name: 'a round trip through varchar, across migrations',
      history: [...history, 'ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);', 'DROP TYPE status;'],
      code: "CREATE TYPE status AS ENUM ('active');\nALTER TABLE orders ALTER COLUMN status TYPE status USING status::status;",
      errors: [{ messageId: 'removedValuesThroughText', data: { table: 'orders', column: 'status', from: 'status', to: 'status', via: 'varchar', values: "'paused', 'archived'" }, line: 2 }],
    },
    {
      name: 'rename-recreate-drop without the data migration',
      history,
      code: recreateRight.replace("UPDATE orders SET status = 'active' WHERE status = 'paused';\n", ''),
      errors: [
        { messageId: 'removedValuesWithoutDataMigration', data: { table: 'orders', column: 'status', from: 'status_old', to: 'status', values: "'paused'" }, line: 4 },
      ],
    },
    {
      name: 'rename-recreate-drop that keeps the old default',
      history,
      code: recreateRight.replace('ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\n', ''),
      errors: [{ messageId: 'defaultBlocksCast', data: { table: 'orders', column: 'status', from: 'status_old', to: 'status' }, line: 4 }],
    },
    {
      name: 'dropping the old type while a column still uses it',
      history,
      code: "ALTER TYPE status RENAME TO status_old;\nCREATE TYPE status AS ENUM ('active', 'paused', 'archived');\nDROP TYPE status_old CASCADE;",
      errors: [{ messageId: 'dropTypeInUse', data: { type: 'status_old', columns: '"orders"."status"' }, line: 3, column: 11, endColumn: 21 }],
    },
  ],
});
