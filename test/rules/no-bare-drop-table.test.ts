import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-bare-drop-table.js';

new RuleTester().run(rule, {
  valid: [
    'DROP TABLE IF EXISTS legacy_orders;',
    'DROP TABLE IF EXISTS a, b RESTRICT;',
    'DROP VIEW v CASCADE;',
    'DROP INDEX idx;',
    { name: 'a directive with a reason silences it', code: '-- migration-lint-ignore no-bare-drop-table -- retired in #41\nDROP TABLE legacy;' },
  ],
  invalid: [
    {
      code: 'DROP TABLE legacy_orders;',
      errors: [{ messageId: 'missingIfExists', data: { tables: '"legacy_orders"' }, line: 1, column: 1, endLine: 1, endColumn: 25 }],
      output: 'DROP TABLE IF EXISTS legacy_orders;',
    },
    {
      name: 'lower case, schema-qualified, several tables',
      code: 'drop table app.a, b;',
      errors: [{ messageId: 'missingIfExists', data: { tables: '"app.a", "b"' } }],
      output: 'drop table IF EXISTS app.a, b;',
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
