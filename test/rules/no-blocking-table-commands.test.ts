import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-blocking-table-commands.js';

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
  ],
});
