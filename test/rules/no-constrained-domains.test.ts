import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-constrained-domains.js';

new RuleTester().run(rule, {
  valid: [
    'CREATE DOMAIN email AS text;',
    { name: 'DEFAULT and COLLATE do not constrain', code: 'CREATE DOMAIN code AS text COLLATE "C" DEFAULT \'x\' NULL;' },
    { name: 'dropping a domain constraint checks nothing', code: 'ALTER DOMAIN email DROP CONSTRAINT email_check;' },
    'ALTER DOMAIN email DROP NOT NULL;',
  ],
  invalid: [
    {
      code: "CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');",
      errors: [{ messageId: 'createWithConstraint', data: { domain: 'email', kind: 'NOT NULL and CHECK' }, line: 1, column: 1 }],
    },
    { code: 'CREATE DOMAIN app.qty AS int CONSTRAINT positive CHECK (VALUE > 0);', errors: [{ messageId: 'createWithConstraint', data: { domain: 'app.qty', kind: 'CHECK' } }] },
    { code: 'ALTER DOMAIN qty ADD CONSTRAINT positive CHECK (VALUE > 0);', errors: [{ messageId: 'addConstraint', data: { domain: 'qty', action: 'ADD CONSTRAINT' } }] },
    { name: 'NOT VALID only postpones the check', code: 'ALTER DOMAIN qty ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;', errors: [{ messageId: 'addConstraint' }] },
    { code: 'ALTER DOMAIN qty SET NOT NULL;', errors: [{ messageId: 'addConstraint', data: { domain: 'qty', action: 'SET NOT NULL' } }] },
  ],
});

describe('what PostgreSQL does with domain constraints (the rule\'s claims)', () => {
  it('ALTER DOMAIN ADD CONSTRAINT takes a SHARE lock on each table using the domain and checks its rows; a NOT NULL domain reads NULL through an outer join', async () => {
    const db = new PGlite();
    await db.exec(`CREATE DOMAIN qty AS int; CREATE TABLE lines (n qty); INSERT INTO lines VALUES (1), (0);
      CREATE DOMAIN required AS int NOT NULL; CREATE TABLE p (id int); CREATE TABLE c (pid int, v required);
      INSERT INTO p VALUES (1); INSERT INTO c VALUES (2, 5);`);
    await db.exec('BEGIN');
    await expect(db.exec('ALTER DOMAIN qty ADD CONSTRAINT positive CHECK (VALUE >= 0)')).resolves.toBeDefined();
    const locks = await db.query<{ rel: string; mode: string }>(
      "SELECT relation::regclass::text AS rel, mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'lines'::regclass",
    );
    expect(locks.rows).toEqual([{ rel: 'lines', mode: 'ShareLock' }]);
    await db.exec('ROLLBACK');
    await expect(db.exec('ALTER DOMAIN qty ADD CONSTRAINT positive CHECK (VALUE > 0)')).rejects.toThrow('contains values that violate the new constraint');
    expect((await db.query('SELECT c.v FROM p LEFT JOIN c ON c.pid = p.id')).rows).toEqual([{ v: null }]);
    await db.close();
  });
});
