import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/require-timeouts.js';

const tx = { settings: { transaction: 'per-file' as const } };
const all = { settings: { transaction: 'all' as const } };

new RuleTester().run(rule, {
  valid: [
    { name: 'DROP TYPE … CASCADE of a type no column uses', history: ["CREATE TYPE status AS ENUM ('a');"], code: 'DROP TYPE status CASCADE;' },
    {
      name: 'a partition of a table this migration creates',
      code: "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    },
    "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;",
    { name: 'SET LOCAL inside the transaction', code: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;" },
    { name: 'set_config, local, in a runner transaction', code: "SELECT set_config('lock_timeout', '5s', true);\nALTER TABLE users ADD COLUMN nickname text;", ...tx },
    { name: 'both timeouts before a scan', code: "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;" },
    { name: 'a table created by this migration', code: 'CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_id ON users (id);' },
    { name: 'a table made by CREATE TABLE … AS or SELECT … INTO in this migration', code: 'CREATE TEMP TABLE m ON COMMIT DROP AS SELECT 1 AS a;\nCREATE UNIQUE INDEX ON m (a);\nSELECT 1 AS b INTO TEMP n;\nCREATE INDEX ON n (b);' },
    { name: 'locks that let reads and writes go on', code: 'CREATE INDEX CONCURRENTLY users_email ON users (email);\nALTER TABLE users VALIDATE CONSTRAINT users_email_check;' },
    { name: 'plain DML', code: "UPDATE users SET name = 'x' WHERE id = 1;" },
    { name: 'a constant default is catalog-only from PostgreSQL 11: no statement_timeout needed', code: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN kind text DEFAULT 'a';" },
    { name: 'the runner or role sets both', code: 'ALTER TABLE users ALTER COLUMN email TYPE text;', options: [{ assumeSet: true }] },
    { name: 'the role sets lock_timeout; the catalog-only change needs no statement_timeout', code: 'ALTER TABLE users ADD COLUMN nickname text;', options: [{ assumeSet: ['lock_timeout'] }] },
    {
      name: 'with TimeZone UTC, timestamp → timestamptz is catalog-only (PostgreSQL 12+): no statement_timeout needed',
      history: ['CREATE TABLE events (id bigint, at timestamp);'],
      code: "SET lock_timeout = '5s';\nSET TIME ZONE 'UTC';\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;",
    },
    // A batch applied in one transaction (drizzle's migrator): what an earlier file set still holds.
    { name: 'drizzle: SET in an earlier file of the batch', history: ["SET lock_timeout = '5s';"], batch: 1, code: 'ALTER TABLE users ADD COLUMN nickname text;', ...all },
    { name: 'drizzle: SET LOCAL in an earlier file of the batch, same transaction', history: ["SET LOCAL lock_timeout = '5s';"], batch: 1, code: 'ALTER TABLE users ADD COLUMN nickname text;', ...all },
    {
      name: 'drizzle: set_config(…, true) two files back in the batch',
      history: ["SELECT set_config('lock_timeout', '5s', true);", 'CREATE TABLE audit (id bigint);'],
      batch: 2,
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...all,
    },
    {
      name: 'drizzle: a session SET outlives a COMMIT in an earlier file (the migrator keeps its connection)',
      history: ["SET lock_timeout = '5s';\nCOMMIT;"],
      batch: 1,
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...all,
    },
    {
      name: 'golang-migrate: one connection for the run, so a session SET in an earlier file holds',
      history: ["SET lock_timeout = '5s';"],
      batch: 1,
      framework: 'golang-migrate',
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      settings: { transaction: 'implicit' },
    },
    {
      name: 'Diesel: diesel migration run uses one connection, so a session SET in an earlier up.sql of the batch holds',
      history: ["SET lock_timeout = '5s';"],
      batch: 1,
      framework: 'diesel',
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...tx,
    },
  ],
  invalid: [
    {
      name: 'timestamp → timestamptz rewrites under a zone the file did not set: statement_timeout needed',
      history: ['CREATE TABLE events (id bigint, at timestamp);'],
      code: "SET lock_timeout = '5s';\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;",
      errors: [{ messageId: 'statementTimeout', line: 2 }],
    },
    {
      name: 'drizzle: a SET in a file of an earlier deploy batch ran in another session',
      history: ["SET lock_timeout = '5s';", 'CREATE TABLE audit (id bigint);'],
      batch: 1,
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...all,
      errors: [{ messageId: 'lockTimeout', line: 1 }],
    },
    {
      name: 'drizzle: SET LOCAL in an earlier file ended at its COMMIT',
      history: ["SET LOCAL lock_timeout = '5s';\nCOMMIT;"],
      batch: 1,
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...all,
      errors: [{ messageId: 'lockTimeout', line: 1 }],
    },
    {
      name: 'drizzle: RESET in an earlier file of the batch',
      history: ["SET lock_timeout = '5s';", 'RESET lock_timeout;'],
      batch: 2,
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      ...all,
      errors: [{ messageId: 'lockTimeout', line: 1 }],
    },
    {
      name: 'goose: each file begins its transaction on a connection pool (goose.Up), so an earlier file\'s SET is not promised to the next',
      history: ["SET lock_timeout = '5s';"],
      batch: 1,
      framework: 'goose',
      code: '-- +goose Up\nALTER TABLE users ADD COLUMN nickname text;',
      ...tx,
      errors: [{ messageId: 'lockTimeout', line: 2 }],
    },
    {
      name: 'golang-migrate: SET LOCAL ends with the implicit transaction of its file',
      history: ["SET LOCAL lock_timeout = '5s';\nSELECT 1;"],
      batch: 1,
      framework: 'golang-migrate',
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      settings: { transaction: 'implicit' },
      errors: [{ messageId: 'lockTimeout', line: 1 }],
    },
    {
      name: 'DROP TYPE … CASCADE drops the columns of the type under ACCESS EXCLUSIVE on their tables',
      history: ["CREATE TYPE status AS ENUM ('a');", 'CREATE TABLE orders (id int, status status);'],
      code: 'DROP TYPE status CASCADE;',
      errors: [{ messageId: 'lockTimeout', line: 1, column: 11 }],
    },
    {
      name: 'a new partition takes ACCESS EXCLUSIVE on its partitioned table',
      history: ['CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);'],
      code: "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      errors: [{ messageId: 'lockTimeout', line: 1, column: 14 }],
    },
    {
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      errors: [{ messageId: 'lockTimeout', line: 1, column: 19, endColumn: 43 }],
    },
    {
      name: 'a lock_timeout of 0 disables it',
      code: 'SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN nickname text;',
      errors: [{ messageId: 'lockTimeout', line: 2 }],
    },
    {
      name: 'SET LOCAL ends with its transaction',
      code: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\nALTER TABLE users ADD COLUMN b text;",
      errors: [{ messageId: 'lockTimeout', line: 5 }],
    },
    {
      name: 'SET LOCAL outside a transaction block does nothing',
      code: "SET LOCAL lock_timeout = '5s';\nDROP TABLE orders;",
      errors: [{ messageId: 'lockTimeout', line: 2 }],
    },
    {
      name: 'RESET unsets it',
      code: "SET lock_timeout = '5s';\nRESET lock_timeout;\nTRUNCATE orders;",
      errors: [{ messageId: 'lockTimeout', line: 3 }],
    },
    {
      name: 'a scan under the lock needs statement_timeout too; each is reported once per file',
      code: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);",
      errors: [{ messageId: 'statementTimeout', line: 2, data: { action: 'ALTER COLUMN "email" SET NOT NULL', mode: 'ACCESS EXCLUSIVE', table: 'users', plain: 'blocks reads and writes (every query on the table, even SELECT)', work: 'scans' } }],
    },
    {
      name: 'a foreign key locks the referenced table of a new table too (no statement_timeout: the new table has no rows to check)',
      code: 'CREATE TABLE orders (id bigint, user_id bigint);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'lockTimeout', data: { action: 'ADD CONSTRAINT "fk" FOREIGN KEY', mode: 'SHARE ROW EXCLUSIVE', table: 'users', plain: 'blocks writes (INSERT, UPDATE, DELETE); reads go on' } }],
    },
    {
      name: 'before PostgreSQL 11 a default rewrites the table: statement_timeout needed too',
      code: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN kind text DEFAULT 'a';",
      settings: { postgresVersion: 10 },
      errors: [{ messageId: 'statementTimeout', line: 2 }],
    },
    {
      name: 'assumeSet for one setting only',
      code: 'CREATE INDEX users_email ON users (email);',
      options: [{ assumeSet: ['lock_timeout'] }],
      errors: [{ messageId: 'statementTimeout', data: { action: 'CREATE INDEX', mode: 'SHARE', table: 'users', plain: 'blocks writes (INSERT, UPDATE, DELETE); reads go on', work: 'builds an index on' } }],
    },
  ],
});
