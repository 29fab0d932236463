import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-duplicate-assignments.js';

const VALID = [
  "UPDATE orders SET status = 'paid', paid_at = now() WHERE id = 1;",
  'UPDATE orders SET (status, paid_at) = (\'paid\', now()) WHERE id = 1;',
  'UPDATE orders SET tags[1] = \'a\', tags[2] = \'b\';',
  'UPDATE orders SET address.city = \'Oslo\', address.zip = \'0150\';',
  "INSERT INTO orders (id, status) VALUES (1, 'new') ON CONFLICT (id) DO UPDATE SET status = excluded.status;",
];

new RuleTester().run(rule, {
  valid: VALID,
  invalid: [
    {
      code: "UPDATE orders SET status = 'paid', paid_at = now(), status = 'shipped';",
      errors: [{ messageId: 'multipleAssignments', data: { column: 'status', table: 'orders' }, line: 1, column: 53 }],
    },
    {
      name: 'a row assignment and a single one',
      code: "UPDATE app.orders SET (status, paid_at) = ('paid', now()), paid_at = NULL;",
      errors: [{ messageId: 'multipleAssignments', data: { column: 'paid_at', table: 'app.orders' } }],
    },
    { name: 'the whole column and an element of it', code: "UPDATE orders SET tags = '{}', tags[1] = 'a';", errors: [{ messageId: 'multipleAssignments' }] },
    {
      code: "INSERT INTO orders (id, status, status) VALUES (1, 'new', 'paid');",
      errors: [{ messageId: 'columnTwice', data: { column: 'status', table: 'orders' }, line: 1, column: 33 }],
    },
    {
      name: 'ON CONFLICT DO UPDATE',
      code: "INSERT INTO orders (id, status) VALUES (1, 'new') ON CONFLICT (id) DO UPDATE SET status = 'a', status = 'b';",
      errors: [{ messageId: 'multipleAssignments', data: { column: 'status', table: 'orders' } }],
    },
    {
      name: 'MERGE',
      code: "MERGE INTO orders o USING incoming i ON o.id = i.id WHEN MATCHED THEN UPDATE SET status = i.status, status = 'x' WHEN NOT MATCHED THEN INSERT (id, id) VALUES (i.id, i.id);",
      errors: [{ messageId: 'multipleAssignments' }, { messageId: 'columnTwice' }],
    },
  ],
});

describe('what PostgreSQL does with duplicate assignments', () => {
  it('rejects the invalid forms and runs the valid ones', async () => {
    const db = new PGlite();
    try {
      await db.exec(`
        CREATE TYPE address AS (city text, zip text);
        CREATE TABLE orders (id int PRIMARY KEY, status text, paid_at timestamptz, tags text[], address address);
        CREATE TABLE incoming (id int, status text);`);
      for (const sql of VALID) await db.exec(sql);
      await expect(db.exec("UPDATE orders SET status = 'paid', status = 'shipped'")).rejects.toThrow('multiple assignments to same column "status"');
      await expect(db.exec("UPDATE orders SET tags = '{}', tags[1] = 'a'")).rejects.toThrow('multiple assignments to same column "tags"');
      await expect(db.exec("INSERT INTO orders (id, status, status) VALUES (1, 'new', 'paid')")).rejects.toThrow('column "status" specified more than once');
    } finally {
      await db.close();
    }
  }, 60_000);
});
