import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/require-unique-index-first.js';

new RuleTester().run(rule, {
  valid: [
    'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;',
    { name: 'a table created in the same migration has no rows', code: 'CREATE TABLE users (id bigint, email text);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\nALTER TABLE users ADD PRIMARY KEY (id);' },
    'ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> \'\');',
    'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);',
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      errors: [{ messageId: 'unique', line: 1, column: 19, endColumn: 64 }],
    },
    {
      name: 'drizzle-kit output, table from an earlier migration',
      history: ['CREATE TABLE "users" ("id" serial PRIMARY KEY, "email" text);'],
      code: 'ALTER TABLE "users" ADD CONSTRAINT "users_email_unique" UNIQUE("email");',
      errors: [{ messageId: 'unique' }],
    },
    {
      name: 'PostgreSQL names an unnamed constraint itself',
      code: 'ALTER TABLE app.users ADD UNIQUE (tenant_id, email), ADD PRIMARY KEY (id);',
      errors: [
        { messageId: 'unique', data: { name: 'users_tenant_id_email_key', table: 'app.users', columns: '"tenant_id", "email"', blocks: 'blocks reads and writes (every query on the table, even SELECT)' } },
        { messageId: 'primaryKey', data: { name: 'users_pkey', table: 'app.users', columns: '"id"', blocks: 'blocks reads and writes (every query on the table, even SELECT)' } },
      ],
    },
    {
      code: 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);',
      errors: [{ messageId: 'exclusion' }],
    },
  ],
});
