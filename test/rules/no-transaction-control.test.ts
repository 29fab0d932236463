import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-transaction-control.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'BEGIN … COMMIT in a file the runner does not wrap', code: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;' },
    { name: 'two blocks one after the other', code: 'BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;\nEND;' },
    { name: 'golang-migrate: its README advises BEGIN/COMMIT in a multi-statement file', code: 'BEGIN;\nSELECT 1;\nSELECT 2;\nCOMMIT;', settings: { transaction: 'implicit' } },
    { name: 'golang-migrate: its version update commits what BEGIN left open', code: 'BEGIN;\nSELECT 1;', settings: { transaction: 'implicit' } },
    { name: 'SAVEPOINT inside the runner transaction', code: 'SAVEPOINT s;\nSELECT 1;\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;', settings: { transaction: 'per-file' } },
    { name: 'a stray COMMIT with nothing open only warns', code: 'SELECT 1;\nCOMMIT;' },
    { name: 'goose NO TRANSACTION with its own BEGIN', code: '-- +goose Up\n-- +goose NO TRANSACTION\nBEGIN;\nSELECT 1;\nCOMMIT;', settings: { transaction: 'per-file' }, filename: '00002_x.sql', folder: ['00002_x.sql'], framework: 'goose' },
  ],
  invalid: [
    {
      name: 'BEGIN/COMMIT in a goose file',
      code: '-- +goose Up\nBEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
      settings: { transaction: 'per-file' },
      filename: '00002_x.sql',
      folder: ['00002_x.sql'],
      framework: 'goose',
      errors: [{ messageId: 'beginInRunnerTransaction', data: { runner: 'goose' }, line: 2, column: 1, endLine: 2, endColumn: 6 }],
    },
    {
      name: "drizzle's COMMIT workaround",
      code: 'ALTER TABLE "orders" ADD COLUMN "note" text;--> statement-breakpoint\nCOMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "orders_note_idx" ON "orders" ("note");',
      settings: { transaction: 'all' },
      filename: '0003_x.sql',
      folder: ['0003_x.sql'],
      framework: 'drizzle',
      journal: [{ idx: 0, tag: '0003_x' }],
      errors: [
        {
          messageId: 'endInRunnerTransaction',
          data: { keyword: 'COMMIT', runner: "drizzle's migrator", effect: 'what ran before it commits now, with every pending migration before this one' },
          line: 2,
        },
      ],
    },
    {
      name: 'ROLLBACK in a per-file transaction',
      code: 'SELECT 1;\nrollback;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'endInRunnerTransaction', data: { keyword: 'ROLLBACK', runner: 'the runner (transaction: per-file)', effect: 'what ran before it is rolled back or set aside' } }],
    },
    {
      name: 'nested BEGIN',
      code: 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nSELECT 3;\nCOMMIT;',
      errors: [{ messageId: 'nestedBegin', data: { line: 1 }, line: 3 }],
    },
    {
      name: 'BEGIN never committed',
      code: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\n',
      errors: [{ messageId: 'unterminatedBegin', data: { line: 1 }, line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      name: 'a file that commits its block but opens another one it never ends',
      code: 'BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;',
      errors: [{ messageId: 'unterminatedBegin', data: { line: 4 }, line: 4 }],
    },
  ],
});
