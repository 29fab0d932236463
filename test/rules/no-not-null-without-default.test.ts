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
    { name: 'constant default on PostgreSQL 11', code: "ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'a';", settings: { postgresVersion: 11 } },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', data: { table: 'users', column: 'email' }, line: 1, column: 19, endLine: 1, endColumn: 49 }],
    },
    {
      name: 'the table was created in an earlier migration',
      history: ['CREATE TABLE users (id bigint PRIMARY KEY);', 'ALTER TABLE users ADD COLUMN name text;'],
      code: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault' }],
    },
    {
      name: 'only the offending clause of a multi-clause ALTER TABLE',
      code: 'ALTER TABLE public.users\n  ADD COLUMN bio text,\n  ADD COLUMN é_mail text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', data: { table: 'users', column: 'é_mail' }, line: 3, column: 3, endLine: 3, endColumn: 34 }],
    },
    {
      code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [{ messageId: 'volatileDefault', data: { table: 'users', column: 'token', culprit: 'gen_random_uuid()' } }],
    },
    {
      name: 'user-defined functions count as volatile',
      code: 'ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT compute_score();',
      errors: [{ messageId: 'volatileDefault', data: { table: 'users', column: 'score', culprit: 'compute_score()' } }],
    },
    { code: 'ALTER TABLE users ADD COLUMN seq bigserial;', errors: [{ messageId: 'volatileDefault' }] },
    {
      name: 'below PostgreSQL 11 every default rewrites',
      code: "ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'a';",
      settings: { postgresVersion: 10 },
      errors: [{ messageId: 'defaultRewritesTable', data: { table: 'users', column: 'kind', version: 10 } }],
    },
    {
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', data: { table: 'users', column: 'email' }, line: 1, column: 19, endColumn: 50 }],
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
