import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/prefer-bigint-keys.js';

new RuleTester().run(rule, {
  valid: [
    'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), qty integer);',
    { name: 'integer columns that are no key', code: 'CREATE TABLE t (id bigint PRIMARY KEY, count int, rank smallint);' },
    { name: 'serial keys are prefer-identity\'s to report', code: 'CREATE TABLE t (id serial PRIMARY KEY);' },
    { name: 'a foreign key matches the integer key it references', history: ['CREATE TABLE users (id integer PRIMARY KEY);'], code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer REFERENCES users (id));' },
    { name: 'a foreign key to a key of unknown type', code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer REFERENCES users (id));' },
    { name: 'a primary key added over an existing column: its type was made earlier', code: 'ALTER TABLE t ADD PRIMARY KEY (id);' },
    { name: 'ALTER COLUMN … TYPE integer is no new key', code: 'ALTER TABLE t ALTER COLUMN id TYPE integer;' },
    { name: 'a counter within a composite key', code: 'CREATE TABLE steps (run_id bigint, sequence_number integer, PRIMARY KEY (run_id, sequence_number));' },
    { name: 'array columns are no keys', code: 'CREATE TABLE t (ids int[] PRIMARY KEY);' },
  ],
  invalid: [
    {
      name: 'a new table is not exempt',
      code: 'CREATE TABLE orders (\n  id integer PRIMARY KEY,\n  n int GENERATED ALWAYS AS IDENTITY\n);',
      errors: [
        { messageId: 'smallKey', data: { owner: 'orders', column: 'id', type: 'integer', max: '2,147,483,647', bytes: 4 }, line: 2, column: 3, endLine: 2, endColumn: 25 },
        { messageId: 'smallKey', line: 3 },
      ],
    },
    { name: 'a table-level primary key', code: 'CREATE TABLE t (a smallint, b text, PRIMARY KEY (a));', errors: [{ messageId: 'smallKey', data: { owner: 't', column: 'a', type: 'smallint', max: '32,767', bytes: 2 } }] },
    {
      name: 'a foreign key narrower than the bigint key it references',
      history: ['CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);'],
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer, FOREIGN KEY (user_id) REFERENCES users (id));',
      errors: [{ messageId: 'smallForeignKey', data: { owner: 'orders', column: 'user_id', type: 'integer', target: 'users', targetColumn: 'id', max: '2,147,483,647' } }],
    },
    {
      name: 'a self-reference to a bigint key of the same CREATE TABLE',
      code: 'CREATE TABLE nodes (id bigserial PRIMARY KEY, parent_id int REFERENCES nodes (id));',
      errors: [{ messageId: 'smallForeignKey', column: 47 }],
    },
    { code: 'ALTER TABLE t ADD COLUMN id int PRIMARY KEY;', errors: [{ messageId: 'smallKey', line: 1, column: 26 }] },
  ],
});
