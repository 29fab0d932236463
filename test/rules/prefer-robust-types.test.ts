import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/prefer-robust-types.js';

describe('what PostgreSQL does with json and varchar(n) (the rule\'s claims)', () => {
  it('json has no equality operator; a value over varchar(n) fails the write', async () => {
    const db = new PGlite();
    await db.exec(`CREATE TABLE t (a json, b jsonb, c varchar(3)); INSERT INTO t VALUES ('{"x":1}', '{"x":1}', 'abc')`);
    for (const query of ['SELECT DISTINCT a FROM t', 'SELECT a FROM t UNION SELECT a FROM t', 'SELECT a FROM t GROUP BY a']) {
      await expect(db.query(query)).rejects.toThrow('could not identify an equality operator for type json');
    }
    await expect(db.query('SELECT DISTINCT b FROM t')).resolves.toBeDefined();
    await expect(db.query("INSERT INTO t (c) VALUES ('abcd')")).rejects.toThrow('value too long for type character varying(3)');
    await db.close();
  });
});

new RuleTester().run(rule, {
  valid: [
    'CREATE TABLE users (id bigint, email text, created_at timestamptz, note varchar);',
    { name: 'the internal one-byte "char" type is not char(n)', code: 'CREATE TABLE flags (f "char");' },
    { name: 'casts in expressions are not column types', code: "SELECT 'a'::varchar(3), now()::timestamp;" },
    { name: 'a type of the same name in another schema', code: 'CREATE TABLE t (a app.varchar, b app.timestamp);' },
    { name: 'options switch each check off', code: 'CREATE TABLE t (a varchar(5), b timestamp, c char(2), d json);', options: [{ varchar: false, timestamp: false, char: false, json: false }] },
    'CREATE TABLE events (payload jsonb);',
    { name: 'ALTER COLUMN … TYPE to text', code: 'ALTER TABLE users ALTER COLUMN email TYPE text;' },
    { name: 'function parameters are not columns', code: 'CREATE FUNCTION f(a varchar(3)) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;' },
  ],
  invalid: [
    {
      name: 'a new table is not exempt: style is about what a migration creates',
      code: 'CREATE TABLE users (\n  id bigint,\n  email varchar(255) NOT NULL,\n  created_at timestamp DEFAULT now()\n);',
      errors: [
        { messageId: 'varchar', data: { owner: 'users', column: 'email', length: 255 }, line: 3, column: 3, endLine: 3, endColumn: 30 },
        { messageId: 'timestamp', data: { owner: 'users', column: 'created_at' }, line: 4, column: 3 },
      ],
    },
    {
      code: 'ALTER TABLE app.users ADD COLUMN code char(3), ADD COLUMN seen_at timestamp(3) without time zone;',
      errors: [
        { messageId: 'char', data: { owner: 'app.users', column: 'code', length: 3 }, line: 1, column: 34 },
        { messageId: 'timestamp', data: { owner: 'app.users', column: 'seen_at' } },
      ],
    },
    { name: 'char alone is char(1)', code: 'CREATE TABLE t (c character);', errors: [{ messageId: 'char', data: { owner: 't', column: 'c', length: 1 } }] },
    { name: 'ALTER COLUMN … TYPE names the column on the command', code: 'ALTER TABLE users ALTER COLUMN email TYPE character varying(320);', errors: [{ messageId: 'varchar', data: { owner: 'users', column: 'email', length: 320 } }] },
    { name: 'arrays and pg_catalog spellings', code: 'CREATE TABLE t (tags varchar(20)[], at pg_catalog.timestamp);', errors: [{ messageId: 'varchar' }, { messageId: 'timestamp' }] },
    { code: 'ALTER TABLE events ADD COLUMN payload json, ADD COLUMN meta "json";', errors: [{ messageId: 'json', data: { owner: 'events', column: 'payload' } }, { messageId: 'json', data: { owner: 'events', column: 'meta' } }] },
    { name: 'composite types', code: 'CREATE TYPE address AS (zip char(5));', errors: [{ messageId: 'char', data: { owner: 'address', column: 'zip', length: 5 } }] },
    { name: 'one check on, the others off', code: 'CREATE TABLE t (a varchar(5), b timestamp);', options: [{ varchar: false }], errors: [{ messageId: 'timestamp' }] },
  ],
});
