import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-slow-work-under-lock.js';

const tx = { settings: { transaction: 'per-file' as const } };

new RuleTester().run(rule, {
  valid: [
    { name: 'no transaction: each statement commits and releases its lock', code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';" },
    { name: 'a COMMIT between the lock and the slow work', code: "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nCOMMIT;\nBEGIN;\nUPDATE users SET plan = 'free';\nCOMMIT;" },
    { name: 'the locked table is new in this migration', code: 'CREATE TABLE plans (id bigint);\nALTER TABLE plans ADD COLUMN name text;\nCREATE INDEX users_email ON users (email);', ...tx },
    { name: 'slow work on a new table is fast', code: 'ALTER TABLE users ADD COLUMN plan text;\nCREATE TABLE plans (id bigint);\nCREATE INDEX plans_id ON plans (id);', ...tx },
    { name: 'a weak lock first', code: 'CREATE INDEX CONCURRENTLY a ON users (a);\nALTER TABLE users VALIDATE CONSTRAINT c;', ...tx },
    { name: 'a small UPDATE after the lock', code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'pro' WHERE id = 1;", ...tx },
    { name: 'an index build after another: each blocks writes of its own table, which the index rules report', code: 'CREATE INDEX a_x ON a (x);\nCREATE INDEX b_y ON b (y);', ...tx },
    { name: 'a validating foreign key is its own lock hazard (NOT VALID moves the scan out)', code: 'ALTER TABLE users ADD COLUMN org_id bigint;\nALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id);', ...tx },
    {
      name: 'VALIDATE right after its own ADD … NOT VALID is require-not-valid-constraint\'s finding',
      code: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;',
      ...tx,
    },
    { name: 'a dropped table holds nobody up', code: "DROP TABLE legacy;\nUPDATE users SET plan = 'free';", ...tx },
    { name: 'the slow statement takes as strong a lock itself', code: 'ALTER TABLE users ADD COLUMN plan text;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;', ...tx },
  ],
  invalid: [
    {
      name: 'a backfill after ADD COLUMN in the runner\'s transaction',
      code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';",
      ...tx,
      errors: [
        {
          messageId: 'slowWorkUnderLock',
          line: 2,
          column: 1,
          data: {
            slow: 'UPDATE',
            slowTable: 'users',
            work: 'touches every row (no WHERE clause)',
            mode: 'ACCESS EXCLUSIVE',
            table: 'users',
            line: 1,
            heldAction: 'ADD COLUMN "plan"',
            plain: 'blocks reads and writes (every query on the table, even SELECT)',
          },
        },
      ],
    },
    {
      name: 'a dropped partition leaves its partitioned table and DEFAULT partition locked',
      history: [
        "CREATE TABLE events (id int, region text) PARTITION BY LIST (region);\nCREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');\nCREATE TABLE events_other PARTITION OF events DEFAULT;\nCREATE TABLE users (email text);",
      ],
      code: 'DROP TABLE events_eu;\nCREATE INDEX users_email ON users (email);',
      ...tx,
      errors: [
        {
          messageId: 'slowWorkUnderLock',
          line: 2,
          data: {
            slow: 'CREATE INDEX',
            slowTable: 'users',
            work: 'builds an index (reads every row)',
            mode: 'ACCESS EXCLUSIVE',
            table: 'events',
            line: 1,
            heldAction: 'DROP TABLE "events_eu"',
            plain: 'blocks reads and writes (every query on the table, even SELECT)',
          },
        },
      ],
    },
    {
      name: 'an index build on another table while the first stays locked, in an explicit transaction',
      code: 'BEGIN;\nALTER TABLE orders RENAME COLUMN total TO amount;\nCREATE INDEX users_email ON users (email);\nCOMMIT;',
      errors: [{ messageId: 'slowWorkUnderLock', line: 3, data: { slow: 'CREATE INDEX', slowTable: 'users', work: 'builds an index (reads every row)', mode: 'ACCESS EXCLUSIVE', table: 'orders', line: 2, heldAction: 'RENAME COLUMN "total"', plain: 'blocks reads and writes (every query on the table, even SELECT)' } }],
    },
    {
      name: 'an index on the column just added: reads of the table wait for the build',
      code: 'ALTER TABLE users ADD COLUMN plan text;\nCREATE INDEX users_plan ON users (plan);',
      ...tx,
      errors: [{ messageId: 'slowWorkUnderLock', line: 2 }],
    },
    {
      name: 'DROP INDEX takes ACCESS EXCLUSIVE on the table: the rebuilt index keeps reads waiting',
      history: ['CREATE TABLE users (email text);', 'CREATE INDEX users_email ON users (email);'],
      code: 'DROP INDEX users_email;\nCREATE UNIQUE INDEX users_email ON users (email);',
      ...tx,
      errors: [{ messageId: 'slowWorkUnderLock', line: 2 }],
    },
    {
      name: 'once per held lock: the first slow statement after it',
      code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';\nDELETE FROM sessions;\nALTER TABLE sessions RENAME COLUMN a TO b;\nDELETE FROM tokens;",
      ...tx,
      errors: [
        { messageId: 'slowWorkUnderLock', line: 2 },
        { messageId: 'slowWorkUnderLock', line: 5 },
      ],
    },
    {
      name: 'VALIDATE while another table stays locked',
      code: 'ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
      ...tx,
      errors: [{ messageId: 'slowWorkUnderLock', line: 2, data: { slow: 'VALIDATE CONSTRAINT "orders_user_fk"', slowTable: 'orders', work: 'reads every row', mode: 'ACCESS EXCLUSIVE', table: 'users', line: 1, heldAction: 'RENAME COLUMN "name"', plain: 'blocks reads and writes (every query on the table, even SELECT)' } }],
    },
  ],
});
