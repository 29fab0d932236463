import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/require-schema-qualified-names.js';

new RuleTester().run(rule, {
  valid: [
    'CREATE TABLE public.users (id bigint);',
    'ALTER TABLE app.users ADD COLUMN a text;\nCREATE INDEX users_a ON app.users (a);\nDROP TABLE IF EXISTS app.old;',
    "CREATE TYPE app.status AS ENUM ('a');\nDROP TYPE app.status;",
    { name: 'temporary tables', code: 'CREATE TEMP TABLE scratch (id bigint);' },
    { name: 'DML is not checked', code: 'UPDATE users SET a = 1 WHERE id = 1;' },
  ],
  invalid: [
    { code: 'CREATE TABLE users (id bigint);', errors: [{ messageId: 'unqualified', data: { what: 'Table', name: 'users' }, line: 1, column: 14, endColumn: 19 }] },
    { code: 'CREATE INDEX users_a ON users (a);', errors: [{ messageId: 'unqualified', data: { what: 'Table', name: 'users' } }] },
    { code: 'DROP TABLE a, app.b;', errors: [{ messageId: 'unqualified', data: { what: 'Table', name: 'a' } }] },
    { code: "CREATE TYPE status AS ENUM ('a');", errors: [{ messageId: 'unqualified', data: { what: 'Type', name: 'status' } }] },
    { name: 'a new table is not exempt', code: 'CREATE TABLE app.t (id bigint);\nALTER TABLE t ADD COLUMN a text;', errors: [{ messageId: 'unqualified', line: 2 }] },
  ],
});
