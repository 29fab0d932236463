import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-not-null-without-default.js';

new RuleTester().run(rule, {
  valid: [
    'ALTER TABLE users ADD COLUMN nickname text;',
    "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';",
    'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
    'ALTER TABLE users ADD COLUMN flags int[] NOT NULL DEFAULT ARRAY[]::int[];',
    'ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;',
    'ALTER TABLE users ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;',
    { name: 'a table created earlier in the same migration has no rows', code: 'CREATE TABLE users (id int);\nALTER TABLE users ADD COLUMN email text NOT NULL;\nALTER TABLE users ALTER COLUMN id SET NOT NULL;' },
    {
      name: 'SET NOT NULL after a validated CHECK on PostgreSQL 12+',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
    {
      name: 'the validated CHECK came from an earlier migration',
      history: ['CREATE TABLE users (email text, CONSTRAINT email_nn CHECK (email IS NOT NULL));'],
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
    {
      name: 'the table was created by an earlier migration of the same deploy batch: still empty',
      history: ['CREATE TABLE users (id bigint PRIMARY KEY, email text);'],
      batch: 1,
      code: 'ALTER TABLE users ADD COLUMN name text NOT NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
    { name: 'CREATE TABLE … AS creates a new table', code: 'CREATE TABLE archive AS SELECT 1 AS id;\nALTER TABLE archive ADD COLUMN note text NOT NULL;' },
    { name: 'SELECT … INTO creates a new table', code: 'SELECT 1 AS id INTO archive;\nALTER TABLE archive ADD COLUMN note text NOT NULL;' },
    {
      name: 'CREATE TABLE (LIKE …) creates a new table, with the columns of the other',
      history: ['CREATE TABLE users (id bigint, email text);'],
      code: 'CREATE TABLE users_copy (LIKE users INCLUDING ALL);\nALTER TABLE users_copy ALTER COLUMN email SET NOT NULL;',
    },
    {
      name: 'PARTITION OF creates a new table',
      history: ['CREATE TABLE events (id bigint, at date, kind text) PARTITION BY RANGE (at);'],
      code: "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE events_2024 ALTER COLUMN kind SET NOT NULL;",
    },
    {
      name: 'a new table renamed is still new',
      code: 'CREATE TABLE users_new (id bigint);\nALTER TABLE users_new RENAME TO users;\nALTER TABLE users ADD COLUMN email text NOT NULL;',
    },
    { name: 'constant default on PostgreSQL 11', code: "ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'a';", settings: { postgresVersion: 11 } },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', data: { table: 'users', columns: 'column "email"', it: 'it' }, line: 1, column: 19, endLine: 1, endColumn: 49 }],
    },
    {
      name: 'the table was created in an earlier migration',
      history: ['CREATE TABLE users (id bigint PRIMARY KEY);', 'ALTER TABLE users ADD COLUMN name text;'],
      code: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault' }],
    },
    {
      name: 'the table was created by an earlier deploy, the column in this one: the table still has rows',
      history: ['CREATE TABLE users (id bigint PRIMARY KEY);', 'ALTER TABLE users ADD COLUMN name text;'],
      batch: 1,
      code: 'ALTER TABLE users ALTER COLUMN name SET NOT NULL;',
      errors: [{ messageId: 'setNotNull' }],
    },
    {
      name: 'only the offending clause of a multi-clause ALTER TABLE',
      code: 'ALTER TABLE public.users\n  ADD COLUMN bio text,\n  ADD COLUMN é_mail text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', data: { table: 'users', columns: 'column "é_mail"', it: 'it' }, line: 3, column: 3, endLine: 3, endColumn: 34 }],
    },
    {
      name: 'one ALTER TABLE adding several NOT NULL columns: one finding naming them all',
      code: 'ALTER TABLE users\n  ADD COLUMN a text NOT NULL,\n  ADD COLUMN b int NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', data: { table: 'users', columns: 'columns "a", "b"', it: 'them' }, line: 2, column: 3 }],
    },
    {
      code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [
        {
          messageId: 'volatileDefault',
          data: {
            table: 'users',
            columns: 'column "token"',
            culprit: 'gen_random_uuid()',
            advice: 'Add it without the default, SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches.',
          },
        },
      ],
    },
    {
      name: 'a volatile default on a NOT NULL column: the advice adds it nullable and enforces NOT NULL last (adding it without a default would fail)',
      code: 'ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT compute_score();',
      errors: [
        {
          messageId: 'volatileDefault',
          data: {
            table: 'users',
            columns: 'column "score"',
            culprit: 'compute_score()',
            advice: 'Add it nullable and without the default, SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches, then SET NOT NULL.',
          },
        },
      ],
    },
    {
      name: 'one ALTER TABLE with two volatile defaults rewrites the table once: one finding',
      code: 'ALTER TABLE users\n  ADD COLUMN a uuid NOT NULL DEFAULT gen_random_uuid(),\n  ADD COLUMN b timestamptz DEFAULT clock_timestamp();',
      errors: [{ messageId: 'volatileDefault', data: { table: 'users', columns: 'columns "a", "b"', culprit: 'gen_random_uuid(), clock_timestamp()', advice: 'Add them nullable and without the default, SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches, then SET NOT NULL.' }, line: 2 }],
    },
    {
      code: 'ALTER TABLE users ADD COLUMN seq bigserial;',
      errors: [{ messageId: 'volatileDefault', data: { table: 'users', columns: 'column "seq"', culprit: 'nextval()', advice: 'Add it as a plain integer column (create the sequence yourself), SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches, then SET NOT NULL.' } }],
    },
    {
      name: 'below PostgreSQL 11 every default rewrites',
      code: "ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'a';",
      settings: { postgresVersion: 10 },
      errors: [{ messageId: 'defaultRewritesTable', data: { table: 'users', columns: 'column "kind"', version: 10, advice: 'Add it nullable and without the default, SET DEFAULT afterwards (only new rows get it), backfill existing rows in batches, then SET NOT NULL.' } }],
    },
    {
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      // The first sentence says both what fails and what locks.
      errors: [
        {
          messageId: 'setNotNull',
          data: { table: 'users', columns: 'column "email"', column: 'email', fails: 'fails if any row holds NULL, and ', backfill: 'Backfill the NULLs first. ', later: 'a later migration' },
          message: /^SET NOT NULL on column "email" of "users" fails if any row holds NULL, and scans the whole table under an ACCESS EXCLUSIVE lock\. /,
          line: 1,
          column: 19,
          endColumn: 50,
        },
      ],
    },
    {
      name: 'several SET NOT NULL in one ALTER TABLE share one scan: one finding',
      code: 'ALTER TABLE users ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', data: { table: 'users', columns: 'columns "a", "b"', column: 'a', fails: 'fails if any row holds NULL, and ', backfill: 'Backfill the NULLs first. ', later: 'a later migration' } }],
    },
    {
      name: 'under a runner that applies all pending migrations in one transaction, the CHECK goes in a later deploy',
      settings: { transaction: 'all' },
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', data: { table: 'users', columns: 'column "email"', column: 'email', fails: 'fails if any row holds NULL, and ', backfill: 'Backfill the NULLs first. ', later: 'a later deploy (the runner applies all pending migrations in one transaction)' } }],
    },
    {
      name: 'an earlier ALTER of the table in the same transaction holds ACCESS EXCLUSIVE: split into migrations',
      settings: { transaction: 'per-file' },
      code: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNullLockHeld', data: { table: 'users', columns: 'column "email"', column: 'email', fails: 'fails if any row holds NULL, and ', holder: 'taken by an earlier statement of this migration', units: 'migrations' }, line: 2 }],
    },
    {
      name: 'in a batch applied as one transaction, the lock an earlier migration took is still held',
      settings: { transaction: 'all' },
      history: ['CREATE TABLE users (id bigint PRIMARY KEY, email text);', 'ALTER TABLE users ADD COLUMN nickname text;'],
      batch: 1,
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNullLockHeld', data: { table: 'users', columns: 'column "email"', column: 'email', fails: 'fails if any row holds NULL, and ', holder: 'taken by history-0002.sql, applied in the same transaction', units: 'deploys' } }],
    },
    {
      name: 'the NULLs were backfilled just before: the message is about the lock alone',
      code: "UPDATE users SET email = 'unknown@example.com' WHERE email IS NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
      errors: [{ messageId: 'setNotNull', message: /^SET NOT NULL on column "email" of "users" scans the whole table under an ACCESS EXCLUSIVE lock\. To avoid the long lock: / }],
    },
    {
      name: 'rows with NULLs deleted earlier in the batch count as the backfill; an UPDATE of other rows does not',
      history: ['DELETE FROM users WHERE email IS NULL;', "UPDATE users SET name = 'x' WHERE id = 1;"],
      batch: 2,
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET NOT NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [
        { messageId: 'setNotNull', message: /^SET NOT NULL on columns "email", "name" of "users" fails if any row holds NULL/ },
        { messageId: 'setNotNull', message: /^SET NOT NULL on column "email" of "users" scans/ },
      ],
    },
    {
      name: 'a NOT VALID check that was never validated does not help',
      code: 'ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', line: 2 }],
    },
    {
      name: 'the check names another column',
      code: 'ALTER TABLE users ADD CONSTRAINT c CHECK (name IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', line: 2 }],
    },
    {
      name: 'below PostgreSQL 12 a CHECK cannot spare the scan',
      code: 'ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'setNotNullScan', line: 2 }],
    },
  ],
});
