import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-whole-table-dml.js';

new RuleTester().run(rule, {
  valid: [
    "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
    'DELETE FROM sessions WHERE expires_at < now();',
    { name: 'a table created by this migration', code: "CREATE TABLE plans (id bigint, name text);\nINSERT INTO plans VALUES (1, 'a');\nUPDATE plans SET name = upper(name);" },
    { name: 'IS NULL on a column added with a default', code: "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';\nUPDATE users SET plan = 'pro' WHERE plan IS NULL;" },
    { name: 'IS NULL after the column was written', code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'pro' WHERE id < 100;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;" },
    { name: 'an UPDATE inside a CTE is the query\'s business, not a statement of the migration', code: 'WITH moved AS (UPDATE users SET a = 1 RETURNING id) SELECT count(*) FROM moved;' },
    { name: 'a WHERE that depends on rows', code: 'UPDATE users SET a = 1 WHERE 1 = 1 AND id > 5;' },
  ],
  invalid: [
    { code: "UPDATE users SET plan = 'free';", errors: [{ messageId: 'wholeTable', data: { verb: 'UPDATE', table: 'users', reason: 'no WHERE clause' }, line: 1, column: 1, endColumn: 31 }] },
    { code: 'DELETE FROM audit_log;', errors: [{ messageId: 'wholeTable', data: { verb: 'DELETE', table: 'audit_log', reason: 'no WHERE clause' } }] },
    { code: 'UPDATE app.users SET a = 1 WHERE 1 = 1;', errors: [{ messageId: 'wholeTable', data: { verb: 'UPDATE', table: 'app.users', reason: 'a WHERE clause that is always true' } }] },
    { code: 'DELETE FROM t WHERE true OR id > 1;', errors: [{ messageId: 'wholeTable', data: { verb: 'DELETE', table: 't', reason: 'a WHERE clause that is always true' } }] },
    {
      name: 'the backfill of a column this migration added: every row is NULL',
      code: 'ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = \'free\' WHERE plan IS NULL;',
      errors: [{ messageId: 'wholeTable', line: 2, data: { verb: 'UPDATE', table: 'users', reason: 'WHERE "plan" IS NULL, and "plan" was added empty by this migration' } }],
    },
    { name: 'a table from an earlier migration', history: ['CREATE TABLE users (id bigint, a int);'], code: 'UPDATE users SET a = 0;', errors: 1 },
  ],
});
