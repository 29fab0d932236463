import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-bare-drop-table.js';

new RuleTester().run(rule, {
  valid: [
    'DROP TABLE IF EXISTS legacy_orders;',
    'DROP TABLE IF EXISTS a, b RESTRICT;',
    'DROP VIEW v CASCADE;',
    'DROP INDEX idx;',
    { name: 'a table created in this migration holds no data', code: 'CREATE TABLE scratch (id int);\nDROP TABLE scratch CASCADE;' },
    { name: 'a table created earlier in the deploy batch holds no data', history: ['CREATE TABLE scratch (id int);'], batch: 1, code: 'DROP TABLE scratch;' },
    { name: 'a directive with a reason silences it', code: '-- migration-lint-ignore no-bare-drop-table -- retired in #41\nDROP TABLE legacy;' },
  ],
  invalid: [
    {
      name: 'a table from an earlier deploy, dropped next to one of this batch',
      history: ['CREATE TABLE old (id int);', 'CREATE TABLE scratch (id int);'],
      batch: 1,
      code: 'DROP TABLE IF EXISTS scratch, old CASCADE;',
      errors: [{ messageId: 'cascade', data: { tables: '"scratch", "old"' } }],
    },
    {
      name: 'the first statement of a file without a transaction: nothing before it to leave applied',
      code: 'DROP TABLE legacy_orders;',
      errors: [
        {
          messageId: 'missingIfExists',
          data: { tables: '"legacy_orders"', outcome: '' },
          // The data loss and the dependents come first.
          message: /^DROP TABLE "legacy_orders" deletes the table and its rows for good, and fails while a view or a foreign key of another table depends on it\. /,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 25,
        },
      ],
      output: 'DROP TABLE IF EXISTS legacy_orders;',
    },
    {
      name: 'a runner that wraps the file rolls it back: no "halfway"',
      code: 'DROP TABLE legacy_orders;\n',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'missingIfExists', data: { tables: '"legacy_orders"', outcome: ', and the migration rolls back' } }],
      output: 'DROP TABLE IF EXISTS legacy_orders;\n',
    },
    {
      name: 'lower case, schema-qualified, several tables, after another statement of a file without a transaction: halfway',
      code: 'SELECT 1;\ndrop table app.a, b;',
      errors: [{ messageId: 'missingIfExists', data: { tables: '"app.a", "b"', outcome: ': the file runs without a transaction, so the statements before it stay applied and the migration stops halfway' } }],
      output: 'SELECT 1;\ndrop table IF EXISTS app.a, b;',
    },
    {
      code: 'DROP TABLE IF EXISTS users CASCADE;',
      errors: [{ messageId: 'cascade', line: 1, column: 28, endColumn: 35 }],
      output: null,
    },
    {
      name: 'both problems, on the second line of a migration',
      code: 'SELECT 1;\nDROP TABLE users CASCADE;',
      errors: [
        { messageId: 'missingIfExists', line: 2, column: 1 },
        { messageId: 'cascade', line: 2, column: 18 },
      ],
      output: 'SELECT 1;\nDROP TABLE IF EXISTS users CASCADE;',
    },
  ],
});
