/**
 * SessionSettings agrees with PostgreSQL: after each statement of a script, whether it says
 * lock_timeout / statement_timeout is on is compared with what PostgreSQL (PGlite) reports.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { SessionSettings } from '../../src/analysis/session-settings.js';
import { TransactionTracker } from '../../src/analysis/transactions.js';

let db: PGlite;
beforeAll(async () => {
  await loadParser();
  db = new PGlite();
});
afterAll(async () => {
  await db.close();
});

const SCRIPTS: Record<string, string> = {
  'session SET, then a value of 0': "SET lock_timeout = '5s';\nSET lock_timeout = 0;\nSET lock_timeout TO '2s';\nSET lock_timeout = '0ms';",
  'SET LOCAL lasts until COMMIT': "BEGIN;\nSET LOCAL lock_timeout = '5s';\nSELECT 1;\nCOMMIT;\nSELECT 1;",
  'SET LOCAL outside a transaction block does nothing': "SET LOCAL lock_timeout = '5s';\nSELECT 1;",
  'SET LOCAL over a session value, and back after COMMIT': "SET lock_timeout = '5s';\nBEGIN;\nSET LOCAL lock_timeout = 0;\nSELECT 1;\nCOMMIT;\nSELECT 1;",
  'set_config, local and not': "SELECT set_config('statement_timeout', '1min', false);\nBEGIN;\nSELECT pg_catalog.set_config('lock_timeout', '3s', true);\nCOMMIT;\nSELECT 1;",
  'RESET, DEFAULT and RESET ALL': "SET lock_timeout = '5s';\nRESET lock_timeout;\nSET statement_timeout = '1s';\nSET statement_timeout TO DEFAULT;\nSET lock_timeout = '1s';\nRESET ALL;",
  'a session SET inside a transaction replaces its local value': "BEGIN;\nSET LOCAL lock_timeout = '5s';\nSET lock_timeout = 0;\nSELECT 1;\nCOMMIT;",
};

describe('SessionSettings follows PostgreSQL', () => {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(name, async () => {
      await db.exec('RESET ALL');
      const settings = new SessionSettings();
      const tracker = new TransactionTracker();
      const statements = parseSource(script).statements;
      tracker.beginFile('none', statements.length);
      const ours: string[] = [];
      const theirs: string[] = [];
      for (const statement of statements) {
        const position = tracker.next(statement.node);
        settings.observe(statement.node, position);
        // Where the next statement would run: in the open transaction, or in one of its own.
        const open = tracker.toJSON().current;
        const next = open === null ? { inTransaction: false, transactionId: -1 } : { inTransaction: true, transactionId: open };
        ours.push(['lock_timeout', 'statement_timeout'].map((s) => `${s}=${settings.isSet(s, next)}`).join(' '));
        await db.exec(script.slice(statement.start, statement.end));
        const row = (await db.query<{ l: string; s: string }>("SELECT current_setting('lock_timeout') AS l, current_setting('statement_timeout') AS s")).rows[0]!;
        theirs.push(`lock_timeout=${row.l !== '0'} statement_timeout=${row.s !== '0'}`);
      }
      expect(ours).toEqual(theirs);
    });
  }

  it('a file sent as one query (golang-migrate) runs in an implicit transaction: SET LOCAL lasts to its end, and no further', async () => {
    await db.exec('RESET ALL');
    const results = await db.exec("SET LOCAL lock_timeout = '5s'; SELECT current_setting('lock_timeout') AS v;");
    expect(results.at(-1)!.rows).toEqual([{ v: '5s' }]);
    expect((await db.query("SELECT current_setting('lock_timeout') AS v")).rows).toEqual([{ v: '0' }]);
  });
});
