import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/require-not-valid-constraint.js';

new RuleTester().run(rule, {
  valid: [
    'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
    'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;',
    {
      name: 'validated in a later transaction (each statement commits on its own)',
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
    },
    {
      name: 'validated in a later file, each file its own transaction',
      history: ['ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID;'],
      code: 'ALTER TABLE orders VALIDATE CONSTRAINT c;',
      settings: { transaction: 'per-file' },
    },
    {
      name: 'a table created in the same migration has no rows',
      code: 'CREATE TABLE orders (id bigint, user_id bigint, total int);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);',
      settings: { transaction: 'per-file' },
    },
    'ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);',
    'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE;',
      errors: [{ messageId: 'foreignKey', data: { name: 'orders_user_fk', table: 'orders', referenced: 'users' }, line: 1, column: 20 }],
    },
    {
      name: 'drizzle-kit output on a table from an earlier migration',
      history: ['CREATE TABLE "orders" ("id" serial PRIMARY KEY, "user_id" integer);'],
      code: 'ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;',
      errors: [{ messageId: 'foreignKey' }],
    },
    {
      name: 'the column was added in this migration: NULL everywhere, cannot fail, still scans',
      code: 'ALTER TABLE "orders" ADD COLUMN "larkId" text;\nALTER TABLE "orders" ADD CONSTRAINT "orders_larkId_fk" FOREIGN KEY ("larkId") REFERENCES "lark"("larkId");',
      errors: [{ messageId: 'foreignKeyOnNewColumn', data: { name: 'orders_larkId_fk', table: 'orders', referenced: 'lark', columns: '"larkId"' }, line: 2 }],
    },
    {
      name: 'a partitioned table before PostgreSQL 18: NOT VALID is refused, so it is not suggested',
      history: ['CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);'],
      code: 'ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      settings: { postgresVersion: 17 },
      errors: [{ messageId: 'foreignKeyPartitioned' }],
    },
    {
      name: 'a partitioned table on PostgreSQL 18 takes NOT VALID',
      history: ['CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);'],
      code: 'ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      settings: { postgresVersion: 18 },
      errors: [{ messageId: 'foreignKey' }],
    },
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);',
      errors: [{ messageId: 'check' }],
    },
    {
      name: 'VALIDATE in the same explicit transaction',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\nCOMMIT;',
      errors: [{ messageId: 'validateInSameTransaction', data: { name: 'orders_user_fk', table: 'orders', mode: 'SHARE ROW EXCLUSIVE', blocks: 'blocks writes (INSERT, UPDATE, DELETE); reads go on' }, line: 3 }],
    },
    {
      name: 'the runner wraps the file in one transaction',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'validateInSameTransaction', line: 2 }],
    },
    {
      name: 'one ALTER TABLE adds and validates',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID, VALIDATE CONSTRAINT c;',
      errors: [{ messageId: 'validateInSameTransaction' }],
    },
    {
      name: "drizzle's migrator runs all pending files in one transaction",
      history: ['ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID;'],
      code: 'ALTER TABLE orders VALIDATE CONSTRAINT c;',
      settings: { transaction: 'all' },
      errors: [{ messageId: 'validateInSameTransaction' }],
    },
  ],
});
