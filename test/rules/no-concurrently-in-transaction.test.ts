import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-concurrently-in-transaction.js';

const CIC = 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);';

new RuleTester().run(rule, {
  valid: [
    { name: 'no transaction: each statement runs on its own', code: `SET lock_timeout = '5s';\n${CIC}` },
    { name: 'after the COMMIT of an explicit block', code: `BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n${CIC}` },
    { name: 'REFRESH MATERIALIZED VIEW CONCURRENTLY is allowed in a transaction', code: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;', settings: { transaction: 'per-file' } },
    { name: 'ANALYZE is allowed in a transaction', code: 'ANALYZE orders;', settings: { transaction: 'all' } },
    { name: 'CREATE INDEX without CONCURRENTLY', code: 'CREATE INDEX orders_note_idx ON orders (note);', settings: { transaction: 'per-file' } },
    { name: 'golang-migrate: a lone statement in its file is one query of one statement', code: CIC, settings: { transaction: 'implicit' }, filename: '3_idx.up.sql', folder: ['3_idx.up.sql'], framework: 'golang-migrate' },
    { name: 'goose NO TRANSACTION', code: `-- +goose Up\n-- +goose NO TRANSACTION\n${CIC}`, settings: { transaction: 'none' }, filename: '00004_idx.sql', folder: ['00004_idx.sql'], framework: 'goose' },
    { name: 'Flyway runs a migration made only of such statements without a transaction', code: `${CIC}\nCREATE INDEX CONCURRENTLY orders_date_idx ON orders (created_at);`, settings: { transaction: 'per-file' }, filename: 'V4__idx.sql', folder: ['V4__idx.sql'], framework: 'flyway' },
    { name: 'drizzle: the COMMIT workaround ends the migrator transaction first', code: `COMMIT;\n--> statement-breakpoint\n${CIC}`, settings: { transaction: 'all' } },
    {
      name: "drizzle: an earlier pending file's COMMIT ended the migrator's one transaction, and it opens no other",
      history: ['ALTER TABLE "orders" ADD COLUMN "note" text;--> statement-breakpoint\nCOMMIT;'],
      code: CIC,
      settings: { transaction: 'all' },
    },
    { name: 'REINDEX CONCURRENTLY on 12', code: 'REINDEX INDEX CONCURRENTLY orders_pkey;', settings: { postgresVersion: 12 } },
  ],
  invalid: [
    {
      name: 'explicit BEGIN',
      code: `BEGIN;\n${CIC}\nCOMMIT;`,
      errors: [{ messageId: 'explicitTransaction', data: { statement: 'CREATE INDEX CONCURRENTLY', target: ' (index "orders_customer_id_idx" on "orders")', line: 1 }, line: 2, column: 1, endLine: 2, endColumn: 73 }],
    },
    {
      name: 'drizzle runs every pending migration in one transaction',
      code: `ALTER TABLE "orders" ADD COLUMN "note" text;--> statement-breakpoint\n${CIC}`,
      settings: { transaction: 'all' },
      filename: '0004_idx.sql',
      folder: ['0004_idx.sql'],
      framework: 'drizzle',
      journal: [{ idx: 0, tag: '0004_idx' }],
      errors: [{ messageId: 'runnerTransaction', line: 2 }],
    },
    {
      name: "drizzle: an earlier pending file leaves the migrator's transaction open for the next",
      history: ['ALTER TABLE "orders" ADD COLUMN "note" text;'],
      code: CIC,
      settings: { transaction: 'all' },
      errors: [{ messageId: 'runnerTransaction' }],
    },
    {
      name: 'goose wraps the file',
      code: `-- +goose Up\n${CIC}`,
      settings: { transaction: 'per-file' },
      filename: '00004_idx.sql',
      folder: ['00004_idx.sql'],
      framework: 'goose',
      errors: [
        {
          messageId: 'runnerTransaction',
          data: { statement: 'CREATE INDEX CONCURRENTLY', target: ' (index "orders_customer_id_idx" on "orders")', runner: 'goose', wayOut: 'Put it in a migration of its own that starts with `-- +goose NO TRANSACTION`' },
        },
      ],
    },
    {
      name: 'golang-migrate: two statements in one query are one implicit transaction block',
      code: `${CIC}\nCREATE INDEX CONCURRENTLY orders_date_idx ON orders (created_at);`,
      settings: { transaction: 'implicit' },
      filename: '3_idx.up.sql',
      folder: ['3_idx.up.sql'],
      framework: 'golang-migrate',
      errors: [
        { messageId: 'implicitTransaction', data: { statement: 'CREATE INDEX CONCURRENTLY', target: ' (index "orders_customer_id_idx" on "orders")', runner: 'golang-migrate' }, line: 1 },
        { messageId: 'implicitTransaction', line: 2 },
      ],
    },
    {
      name: 'SET lock_timeout before it is enough to make one query two statements',
      code: `SET lock_timeout = '5s';\n${CIC}`,
      settings: { transaction: 'implicit' },
      errors: [{ messageId: 'implicitTransaction', data: { statement: 'CREATE INDEX CONCURRENTLY', target: ' (index "orders_customer_id_idx" on "orders")', runner: 'the runner' } }],
    },
    {
      name: 'dbmate transaction:false still sends the block as one query',
      code: `-- migrate:up transaction:false\nSET lock_timeout = '5s';\n${CIC}\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;`,
      settings: { transaction: 'per-file' },
      filename: '20240101000000_idx.sql',
      folder: ['20240101000000_idx.sql'],
      framework: 'dbmate',
      errors: [{ messageId: 'implicitTransaction', line: 3 }],
    },
    {
      name: 'Flyway refuses a migration that mixes both kinds',
      code: `ALTER TABLE orders ADD COLUMN note text;\n${CIC}`,
      settings: { transaction: 'per-file' },
      filename: 'V4__idx.sql',
      folder: ['V4__idx.sql'],
      framework: 'flyway',
      errors: [{ messageId: 'flywayMixed', line: 2 }],
    },
    {
      name: 'VACUUM, DROP INDEX CONCURRENTLY, ALTER SYSTEM, CREATE DATABASE in a per-file transaction',
      code: 'VACUUM orders;\nDROP INDEX CONCURRENTLY orders_old_idx;\nALTER SYSTEM SET work_mem = \'64MB\';\nCREATE DATABASE reporting;',
      settings: { transaction: 'per-file' },
      errors: [
        { messageId: 'runnerTransaction', data: { statement: 'VACUUM', target: '', runner: 'the runner (transaction: per-file)', wayOut: 'Put it in a migration that runs without a transaction' } },
        { messageId: 'runnerTransaction', line: 2 },
        { messageId: 'runnerTransaction', line: 3 },
        {
          messageId: 'runnerTransaction',
          data: { statement: 'CREATE DATABASE', target: ' (database "reporting")', runner: 'the runner (transaction: per-file)', wayOut: 'Put it in a migration that runs without a transaction' },
          line: 4,
        },
      ],
    },
    {
      name: 'REINDEX CONCURRENTLY needs 12',
      code: 'REINDEX INDEX CONCURRENTLY orders_pkey;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'unavailable', data: { statement: 'REINDEX CONCURRENTLY', target: ' ("orders_pkey")', since: 12, version: 11 } }],
    },
    {
      name: 'DETACH PARTITION CONCURRENTLY needs 14, and refuses a transaction from then on',
      code: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
      settings: { postgresVersion: 13 },
      errors: [{ messageId: 'unavailable', data: { statement: 'ALTER TABLE ... DETACH CONCURRENTLY', target: ' (partitioned table "events")', since: 14, version: 13 } }],
    },
    {
      name: 'DETACH PARTITION CONCURRENTLY inside BEGIN on 16',
      code: 'BEGIN;\nALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\nCOMMIT;',
      settings: { postgresVersion: 16 },
      errors: [{ messageId: 'explicitTransaction', line: 2 }],
    },
  ],
});
