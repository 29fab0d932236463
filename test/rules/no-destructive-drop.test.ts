import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-destructive-drop.js';

new RuleTester().run(rule, {
  valid: [
    'TRUNCATE staging_orders;',
    'TRUNCATE staging_orders RESTRICT;',
    { name: 'an empty schema', code: 'DROP SCHEMA IF EXISTS scratch;' },
    'DROP TYPE mood;',
    { name: 'an enum that known columns use is no-unsafe-enum-change\'s', code: 'DROP TYPE mood CASCADE;', history: ["CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE people (m mood);"] },
    'DROP EXTENSION IF EXISTS pg_trgm;',
    { name: 'DROP TABLE … CASCADE is no-bare-drop-table\'s', code: 'DROP TABLE IF EXISTS t CASCADE;' },
    'DROP VIEW order_totals CASCADE;',
  ],
  invalid: [
    { code: 'TRUNCATE orders, order_lines CASCADE;', errors: [{ messageId: 'truncateCascade', data: { tables: '"orders", "order_lines"', them: 'them' }, line: 1, column: 1 }] },
    { code: 'DROP SCHEMA IF EXISTS legacy CASCADE;', errors: [{ messageId: 'dropSchemaCascade', data: { schemas: '"legacy"' } }] },
    {
      name: 'a schema that still holds tables fails',
      history: ['CREATE SCHEMA legacy;\nCREATE TABLE legacy.invoices (id bigint);'],
      code: 'DROP SCHEMA legacy;',
      errors: [{ messageId: 'dropSchemaNotEmpty', data: { schemas: '"legacy"', tables: '"legacy.invoices"' } }],
    },
    { code: 'DROP TYPE IF EXISTS address CASCADE;', errors: [{ messageId: 'dropTypeCascade', data: { kind: 'TYPE', types: '"address"' } }] },
    { code: 'DROP DOMAIN email CASCADE;', errors: [{ messageId: 'dropTypeCascade', data: { kind: 'DOMAIN', types: '"email"' } }] },
    { code: 'DROP EXTENSION postgis CASCADE;', errors: [{ messageId: 'dropExtensionCascade', data: { extensions: '"postgis"' } }] },
    { code: 'DROP DATABASE IF EXISTS analytics;', errors: [{ messageId: 'dropDatabase', data: { database: 'analytics' } }] },
  ],
});

describe('what PostgreSQL does', () => {
  it('TRUNCATE … CASCADE empties the tables that reference it; DROP SCHEMA without CASCADE refuses a schema with tables', async () => {
    const db = new PGlite();
    try {
      await db.exec(`
        CREATE TABLE orders (id int PRIMARY KEY);
        CREATE TABLE payments (id int, order_id int REFERENCES orders);
        INSERT INTO orders VALUES (1); INSERT INTO payments VALUES (1, 1);
        TRUNCATE orders CASCADE;`);
      expect((await db.query('SELECT count(*)::int AS n FROM payments')).rows).toEqual([{ n: 0 }]);
      await db.exec('CREATE SCHEMA legacy; CREATE TABLE legacy.invoices (id int);');
      await expect(db.exec('DROP SCHEMA legacy')).rejects.toThrow('cannot drop schema legacy because other objects depend on it');
    } finally {
      await db.close();
    }
  }, 60_000);
});
