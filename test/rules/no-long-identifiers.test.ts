import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-long-identifiers.js';

const FK76 = 'subscription_invoices_billing_account_id_subscription_billing_accounts_id_fk'; // as drizzle-kit names it
const FK63 = FK76.slice(0, 63);
const E32 = 'é'.repeat(32); // 32 characters, 64 bytes

new RuleTester().run(rule, {
  valid: [
    { name: 'exactly 63 bytes', code: `ALTER TABLE "subscription_invoices" ADD CONSTRAINT "${FK63}" FOREIGN KEY ("a") REFERENCES "b"("id");` },
    { name: '31 two-byte characters', code: `CREATE TABLE ${'é'.repeat(31)} (id int);` },
    { name: 'a long string literal is not an identifier', code: `COMMENT ON TABLE t IS '${'x'.repeat(80)}';` },
    { name: 'a long dotted name is several identifiers', code: `SELECT ${'a'.repeat(40)}.${'b'.repeat(40)} FROM ${'a'.repeat(40)};` },
  ],
  invalid: [
    {
      name: 'drizzle-kit foreign key name of 76 bytes',
      code: `ALTER TABLE "subscription_invoices" ADD CONSTRAINT "${FK76}" FOREIGN KEY ("billing_account_id") REFERENCES "public"."billing_accounts"("id");`,
      errors: [{ messageId: 'tooLong', data: { name: FK76, bytes: 76, truncated: FK63 }, line: 1, column: 52, endColumn: 130 }],
    },
    {
      name: 'bytes, not characters, and whole characters kept',
      code: `CREATE TABLE ${E32} (id int);`,
      errors: [{ messageId: 'tooLong', data: { name: E32, bytes: 64, truncated: 'é'.repeat(31) }, column: 14, endColumn: 46 }],
    },
    {
      name: 'unquoted names fold to lower case; the second use of the same name is not reported again',
      code: `CREATE INDEX ${'Orders_'.repeat(10)}idx ON orders (a);\nDROP INDEX ${'orders_'.repeat(10)}idx;`,
      errors: [{ messageId: 'tooLong', data: { name: `${'orders_'.repeat(10)}idx`, bytes: 73, truncated: 'orders_'.repeat(9) }, line: 1 }],
    },
    {
      name: 'a quoted name with spaces, which no run of word characters shows',
      code: `COMMENT ON COLUMN t."${'ab cd, '.repeat(10)}" IS 'x';`,
      errors: [{ messageId: 'tooLong', data: { name: 'ab cd, '.repeat(10), bytes: 70, truncated: 'ab cd, '.repeat(9) }, line: 1 }],
    },
    {
      name: 'two names that truncate to the same one',
      code: `CREATE INDEX ${'x'.repeat(63)}_a ON t (a);\nCREATE INDEX ${'x'.repeat(63)}_b ON t (b);`,
      errors: [
        { messageId: 'tooLong', line: 1 },
        { messageId: 'collision', data: { name: `${'x'.repeat(63)}_b`, other: `${'x'.repeat(63)}_a`, line: 1, truncated: 'x'.repeat(63) }, line: 2 },
      ],
    },
  ],
});

describe('what PostgreSQL does with long identifiers', () => {
  it('truncates to 63 bytes of whole characters, so two long names collide', async () => {
    const db = new PGlite();
    try {
      await db.exec(`CREATE TABLE ${E32} (id int)`);
      const { rows } = await db.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname LIKE 'é%'");
      expect(rows.map((r) => r.relname)).toEqual(['é'.repeat(31)]);
      await db.exec(`CREATE TABLE t (a int, b int); CREATE INDEX ${'x'.repeat(63)}_a ON t (a)`);
      await expect(db.exec(`CREATE INDEX ${'x'.repeat(63)}_b ON t (b)`)).rejects.toThrow(`relation "${'x'.repeat(63)}" already exists`);
    } finally {
      await db.close();
    }
  }, 60_000);
});
