import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-rename.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'a table created in the same migration', code: 'CREATE TABLE accounts (id bigint, name text);\nALTER TABLE accounts RENAME COLUMN name TO display_name;\nALTER TABLE accounts RENAME TO customer_accounts;' },
    { name: 'renaming an index or a constraint does not break queries', code: 'ALTER INDEX orders_idx RENAME TO orders_customer_idx;\nALTER TABLE orders RENAME CONSTRAINT c1 TO orders_total_check;' },
    { name: 'a sequence: column defaults hold its OID, not its name', code: 'ALTER SEQUENCE users_id_seq RENAME TO customers_id_seq;' },
    'ALTER TYPE mood RENAME TO feeling;',
    { name: 'RENAME VALUE is no-unsafe-enum-change\'s', code: "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';" },
    'ALTER TYPE address RENAME ATTRIBUTE zip TO postal_code;',
    'ALTER FUNCTION total(int) RENAME TO order_total;',
    { name: 'a schema created in the same migration', code: 'CREATE SCHEMA staging;\nCREATE TABLE staging.orders (id bigint);\nALTER SCHEMA staging RENAME TO shop;\nALTER TABLE shop.orders RENAME TO purchases;' },
    { name: 'a schema created earlier in the deploy batch', history: ['CREATE SCHEMA IF NOT EXISTS staging;'], batch: 1, code: 'ALTER SCHEMA staging RENAME TO shop;' },
    {
      name: 'views created in the deploy batch, renamed (by ALTER VIEW or ALTER TABLE) and their columns',
      history: ['CREATE VIEW active_users AS SELECT id, name FROM users;', 'CREATE MATERIALIZED VIEW app.daily_totals AS SELECT 1 AS total;'],
      batch: 2,
      code: 'ALTER VIEW active_users RENAME TO current_users;\nALTER TABLE current_users RENAME COLUMN name TO full_name;\nALTER MATERIALIZED VIEW app.daily_totals RENAME TO totals_by_day;',
    },
    { name: 'a view created in the same migration, then renamed, then its column', code: 'CREATE VIEW v AS SELECT 1 AS one;\nALTER VIEW v RENAME TO w;\nALTER VIEW w RENAME COLUMN one TO uno;' },
    { name: 'a view keeps the old view name working', code: 'ALTER VIEW active_users RENAME TO current_users;\nCREATE VIEW active_users AS SELECT * FROM current_users;' },
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
    {
      code: 'ALTER SCHEMA "billing" RENAME TO "payments";',
      errors: [{ messageId: 'renameSchema', data: { from: 'billing', to: 'payments' }, line: 1, column: 1, endColumn: 44 }],
    },
    {
      name: 'a schema created by an earlier deploy batch',
      history: ['CREATE SCHEMA billing;', 'CREATE TABLE billing.invoices (id bigint);'],
      batch: 0,
      code: 'ALTER SCHEMA billing RENAME TO payments;\nALTER TABLE payments.invoices RENAME TO bills;',
      errors: [
        { messageId: 'renameSchema', data: { from: 'billing', to: 'payments' }, line: 1 },
        // The table moved with its schema: still the one from before the deploy.
        { messageId: 'renameTable', data: { from: 'payments.invoices', to: 'payments.bills', fromSql: '"payments"."invoices"', toSql: '"payments"."bills"' }, line: 2 },
      ],
    },
    {
      code: 'ALTER VIEW active_users RENAME TO current_users;',
      errors: [{ messageId: 'renameView', data: { kind: 'view', from: 'active_users', to: 'current_users', fromSql: '"active_users"', toSql: '"current_users"' } }],
    },
    {
      name: 'a materialized view from an earlier batch',
      history: ['CREATE MATERIALIZED VIEW app.daily_totals AS SELECT 1 AS total;'],
      batch: 0,
      code: 'ALTER MATERIALIZED VIEW app.daily_totals RENAME TO totals_by_day;',
      errors: [{ messageId: 'renameView', data: { kind: 'materialized view', from: 'app.daily_totals', to: 'app.totals_by_day', fromSql: '"app"."daily_totals"', toSql: '"app"."totals_by_day"' } }],
    },
    {
      name: 'ALTER TABLE on a view the history created: named as the view it is',
      history: ['CREATE VIEW active_users AS SELECT id, name FROM users;'],
      code: 'ALTER TABLE active_users RENAME COLUMN name TO full_name;\nALTER TABLE active_users RENAME TO current_users;',
      errors: [
        { messageId: 'renameViewColumn', data: { kind: 'view', view: 'active_users', from: 'name', to: 'full_name' }, line: 1 },
        { messageId: 'renameView', data: { kind: 'view', from: 'active_users', to: 'current_users', fromSql: '"active_users"', toSql: '"current_users"' }, line: 2 },
      ],
    },
    {
      code: 'ALTER VIEW active_users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'renameViewColumn', data: { kind: 'view', view: 'active_users', from: 'name', to: 'full_name' } }],
    },
  ],
});

describe('what PostgreSQL does', () => {
  it('a renamed schema breaks qualified names; a search_path that lists both names, and a view in the new schema, keep working', async () => {
    const db = new PGlite();
    try {
      await db.exec(`
        CREATE SCHEMA billing;
        CREATE TABLE billing.invoices (id int PRIMARY KEY, total int);
        -- The expand step: the new schema with an updatable view per table.
        CREATE SCHEMA payments_next;
        CREATE VIEW payments_next.invoices AS SELECT * FROM billing.invoices;
        INSERT INTO payments_next.invoices VALUES (1, 10);`);
      expect((await db.query('SELECT total FROM billing.invoices')).rows).toEqual([{ total: 10 }]);
      // Old code on a search_path that lists the new name first and the old one after it.
      await db.exec('SET search_path = payments, billing');
      await db.exec('ALTER SCHEMA billing RENAME TO payments');
      await expect(db.query('SELECT total FROM billing.invoices')).rejects.toThrow('relation "billing.invoices" does not exist');
      expect((await db.query('SELECT total FROM invoices')).rows).toEqual([{ total: 10 }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('a renamed view column breaks queries; CREATE OR REPLACE VIEW can append the new name instead', async () => {
    const db = new PGlite();
    try {
      await db.exec(`
        CREATE TABLE users (id int, name text);
        CREATE VIEW active_users AS SELECT id, name FROM users;
        CREATE OR REPLACE VIEW active_users AS SELECT id, name, name AS full_name FROM users;`);
      expect((await db.query('SELECT name, full_name FROM active_users')).fields.map((f) => f.name)).toEqual(['name', 'full_name']);
      await db.exec('ALTER VIEW active_users RENAME COLUMN name TO display_name');
      await expect(db.query('SELECT name FROM active_users')).rejects.toThrow('column "name" does not exist');
    } finally {
      await db.close();
    }
  }, 60_000);
});
