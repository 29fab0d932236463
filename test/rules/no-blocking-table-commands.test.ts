import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-blocking-table-commands.js';

const REGIONS = [
  `CREATE TABLE regions (id int, region text) PARTITION BY LIST (region);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu');
CREATE TABLE regions_other PARTITION OF regions DEFAULT;
CREATE TABLE regions_asia (id int, region text);`,
];

new RuleTester().run(rule, {
  valid: [
    'VACUUM orders;',
    'VACUUM (ANALYZE) orders;',
    'VACUUM (FULL false) orders;',
    'ANALYZE orders;',
    { name: 'LOCK TABLE in a weak mode blocks nothing the application does', code: 'BEGIN;\nLOCK TABLE orders IN ROW EXCLUSIVE MODE;\nCOMMIT;' },
    { name: 'a table created in the same migration', code: 'BEGIN;\nCREATE TABLE orders (id int);\nLOCK TABLE orders;\nCOMMIT;\nVACUUM FULL orders;\nCLUSTER orders USING orders_pkey;' },
    { name: 'outside a transaction block PostgreSQL refuses LOCK TABLE itself', code: 'LOCK TABLE orders;' },
    'CLUSTER;',
    { name: 'a partitioned table without a DEFAULT partition', code: "CREATE TABLE events_jp PARTITION OF events FOR VALUES IN ('jp');" },
    { name: 'the DEFAULT partition itself is attached', history: REGIONS, code: 'ALTER TABLE regions DETACH PARTITION regions_other;\nALTER TABLE regions ATTACH PARTITION regions_asia DEFAULT;' },
    {
      name: 'a valid CHECK on the DEFAULT partition may exclude the bound (PostgreSQL then skips the scan)',
      history: [...REGIONS, "ALTER TABLE regions_other ADD CONSTRAINT regions_other_not_jp CHECK (region <> 'jp') NOT VALID;\nALTER TABLE regions_other VALIDATE CONSTRAINT regions_other_not_jp;"],
      code: "CREATE TABLE regions_jp PARTITION OF regions FOR VALUES IN ('jp');",
    },
    {
      name: 'a DEFAULT partition created in the same migration holds no rows',
      code: "CREATE TABLE regions (id int, region text) PARTITION BY LIST (region);\nCREATE TABLE regions_other PARTITION OF regions DEFAULT;\nCREATE TABLE regions_jp PARTITION OF regions FOR VALUES IN ('jp');",
    },
  ],
  invalid: [
    { code: 'VACUUM FULL orders;', errors: [{ messageId: 'vacuumFull', data: { table: 'orders', blocks: 'blocks reads and writes (every query on the table, even SELECT)' }, line: 1, column: 1, endColumn: 19 }] },
    { code: 'VACUUM (FULL, ANALYZE) orders, customers;', errors: [{ messageId: 'vacuumFull' }, { messageId: 'vacuumFull' }] },
    { code: 'CLUSTER orders USING orders_created_idx;', errors: [{ messageId: 'cluster' }] },
    {
      code: 'BEGIN;\nLOCK TABLE orders;\nUPDATE orders SET total = 0 WHERE id = 1;\nCOMMIT;',
      errors: [{ messageId: 'lockTable', data: { table: 'orders', mode: 'ACCESS EXCLUSIVE', blocks: 'blocks reads and writes (every query on the table, even SELECT)' }, line: 2 }],
    },
    {
      name: 'the runner wraps the file in a transaction',
      code: 'LOCK TABLE orders, customers IN SHARE MODE;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'lockTable', data: { table: 'orders", "customers', mode: 'SHARE', blocks: 'blocks writes (INSERT, UPDATE, DELETE); reads go on' } }],
    },
    {
      name: 'CREATE TABLE … PARTITION OF scans the DEFAULT partition with the parent locked',
      history: REGIONS,
      code: "CREATE TABLE regions_jp PARTITION OF regions FOR VALUES IN ('jp');",
      errors: [
        {
          messageId: 'defaultPartitionScan',
          data: { action: 'CREATE TABLE … PARTITION OF', table: 'regions', partition: 'regions_other', waits: '"regions" itself is locked ACCESS EXCLUSIVE too, so every query on it waits' },
          line: 1,
          column: 1,
          endColumn: 66,
        },
      ],
    },
    {
      name: 'ATTACH PARTITION scans the DEFAULT partition',
      history: REGIONS,
      code: "ALTER TABLE regions ATTACH PARTITION regions_asia FOR VALUES IN ('asia');",
      errors: [
        {
          messageId: 'defaultPartitionScan',
          data: { action: 'ATTACH PARTITION', table: 'regions', partition: 'regions_other', waits: 'every query on "regions" that reaches "regions_other" waits' },
          line: 1,
          column: 21,
          endColumn: 73,
        },
      ],
    },
    {
      name: 'a DEFAULT partition attached by an earlier migration, of a table the history never created',
      history: ['CREATE TABLE orders (id int, placed date) PARTITION BY RANGE (placed);', 'ALTER TABLE orders ATTACH PARTITION orders_old DEFAULT;'],
      code: "CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      errors: [
        {
          messageId: 'defaultPartitionScan',
          data: { action: 'CREATE TABLE … PARTITION OF', table: 'orders', partition: 'orders_old', waits: '"orders" itself is locked ACCESS EXCLUSIVE too, so every query on it waits' },
        },
      ],
    },
  ],
});
