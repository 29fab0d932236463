import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/require-concurrently.js';

new RuleTester().run(rule, {
  valid: [
    'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);',
    'DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;',
    'REINDEX INDEX CONCURRENTLY orders_user_idx;',
    'REINDEX TABLE CONCURRENTLY orders;',
    'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    { name: 'a table created in the same migration has no rows', code: 'CREATE TABLE orders (id bigint, user_id bigint);\nCREATE INDEX orders_user_idx ON orders (user_id);' },
    {
      name: 'an index created in the same migration is not in use yet',
      code: 'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\nDROP INDEX orders_user_idx;',
    },
    { name: 'an index on a table created in the same migration', code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nREINDEX INDEX t_a;\nDROP INDEX t_a;' },
    { name: 'REINDEX CONCURRENTLY needs PostgreSQL 12', code: 'REINDEX INDEX orders_user_idx;', settings: { postgresVersion: 11 } },
    { name: 'DETACH PARTITION CONCURRENTLY needs PostgreSQL 14', code: 'ALTER TABLE events DETACH PARTITION events_2020;', settings: { postgresVersion: 13 } },
    {
      name: 'PostgreSQL refuses DETACH … CONCURRENTLY while the table has a DEFAULT partition',
      history: [
        'CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM (\'2020-01-01\') TO (\'2021-01-01\');\nCREATE TABLE events_rest PARTITION OF events DEFAULT;',
      ],
      code: 'ALTER TABLE events DETACH PARTITION events_2020;',
    },
    {
      name: 'an index on a materialized view created in the same migration',
      code: 'CREATE MATERIALIZED VIEW daily AS SELECT 1 AS n;\nCREATE INDEX daily_n_idx ON daily (n);\nCREATE TABLE copy AS SELECT * FROM orders;\nCREATE INDEX copy_id_idx ON copy (id);',
    },
    { name: 'a materialized view created in the same migration', code: 'CREATE MATERIALIZED VIEW totals AS SELECT 1 AS n;\nREFRESH MATERIALIZED VIEW totals;' },
    { name: 'WITH NO DATA empties the view without running its query', code: 'REFRESH MATERIALIZED VIEW totals WITH NO DATA;' },
    'DROP TABLE orders;',
    {
      name: "DROP INDEX IF EXISTS after DROP CONSTRAINT of the same name: the constraint's index is gone already",
      code: 'ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_name_key;\nDROP INDEX IF EXISTS jobs_name_key;',
    },
    {
      name: 'ON ONLY a partitioned table builds nothing',
      history: ['CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);'],
      code: 'CREATE INDEX events_id_idx ON ONLY events (id);',
    },
  ],
  invalid: [
    {
      code: 'CREATE INDEX orders_user_idx ON orders (user_id);',
      errors: [{ messageId: 'createIndex', line: 1, column: 1, endColumn: 49 }],
      output: 'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);',
    },
    {
      name: 'unique index, schema-qualified, IF NOT EXISTS',
      code: 'create unique index if not exists users_email_key on app.users (lower(email));',
      errors: [{ messageId: 'createIndex' }],
      output: 'create unique index CONCURRENTLY if not exists users_email_key on app.users (lower(email));',
    },
    {
      name: 'the table was created in an earlier migration',
      history: ['CREATE TABLE orders (id bigint, user_id bigint);'],
      code: 'CREATE INDEX orders_user_idx ON orders USING btree (user_id);',
      errors: [{ messageId: 'createIndex' }],
      output: 'CREATE INDEX CONCURRENTLY orders_user_idx ON orders USING btree (user_id);',
    },
    {
      name: 'in a transaction the fix would fail, so none is offered',
      code: 'CREATE INDEX orders_user_idx ON orders (user_id);',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inTransaction' }],
      output: null,
    },
    {
      name: 'an explicit BEGIN puts it in a transaction',
      code: 'BEGIN;\nCREATE INDEX orders_user_idx ON orders (user_id);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', line: 2 }],
      output: null,
    },
    {
      name: 'a partitioned table: CONCURRENTLY would fail, so no fix',
      history: ['CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);', "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"],
      code: 'CREATE INDEX events_id_idx ON events (id);',
      errors: [{ messageId: 'createIndexPartitioned' }],
      output: null,
    },
    {
      code: 'DROP INDEX orders_user_idx;',
      errors: [{ messageId: 'dropIndex' }],
      output: 'DROP INDEX CONCURRENTLY orders_user_idx;',
    },
    {
      name: 'an index from an earlier migration',
      history: ['CREATE TABLE orders (user_id bigint);', 'CREATE INDEX orders_user_idx ON orders (user_id);'],
      code: 'DROP INDEX IF EXISTS orders_user_idx;',
      errors: [{ messageId: 'dropIndex' }],
      output: 'DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;',
    },
    {
      name: 'CONCURRENTLY takes one index and no CASCADE: no fix',
      code: 'DROP INDEX a_idx, b_idx;\nDROP INDEX c_idx CASCADE;',
      errors: [{ messageId: 'dropIndex', line: 1 }, { messageId: 'dropIndex', line: 2 }],
      output: null,
    },
    {
      code: 'REINDEX INDEX orders_user_idx;',
      errors: [{ messageId: 'reindex', data: { what: 'INDEX', name: 'orders_user_idx', table: 'the table of "orders_user_idx"' } }],
      output: 'REINDEX INDEX CONCURRENTLY orders_user_idx;',
    },
    {
      code: 'REINDEX (VERBOSE) TABLE orders;',
      errors: [{ messageId: 'reindex', data: { what: 'TABLE', name: 'orders', table: 'orders' } }],
      output: 'REINDEX (VERBOSE) TABLE CONCURRENTLY orders;',
    },
    {
      code: 'ALTER TABLE events DETACH PARTITION public.events_2020;',
      errors: [{ messageId: 'detachPartition', column: 20 }],
      output: 'ALTER TABLE events DETACH PARTITION public.events_2020 CONCURRENTLY;',
    },
    {
      name: 'DETACH … CONCURRENTLY beside a DEFAULT partition fails',
      history: [
        'CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM (\'2020-01-01\') TO (\'2021-01-01\');\nCREATE TABLE events_rest PARTITION OF events DEFAULT;',
      ],
      code: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;',
      errors: [{ messageId: 'detachConcurrentlyWithDefault', line: 1, column: 20, data: { table: 'events', partition: 'events_2020', defaultPartition: 'events_rest' } }],
    },
    {
      name: 'DETACH PARTITION once the DEFAULT partition is gone',
      history: [
        'CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM (\'2020-01-01\') TO (\'2021-01-01\');\nCREATE TABLE events_rest PARTITION OF events DEFAULT;',
        'ALTER TABLE events DETACH PARTITION events_rest;',
      ],
      code: 'ALTER TABLE events DETACH PARTITION events_2020;',
      errors: [{ messageId: 'detachPartition' }],
      output: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;',
    },
    {
      code: 'REFRESH MATERIALIZED VIEW order_totals;',
      errors: [{ messageId: 'refreshMaterializedView' }],
      output: null,
    },
  ],
});
