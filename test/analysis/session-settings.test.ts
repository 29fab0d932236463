/**
 * SessionSettings agrees with PostgreSQL: after each statement of a script, whether it says
 * lock_timeout / statement_timeout is on, and whether TimeZone is UTC, is compared with what
 * PostgreSQL (PGlite) reports. The server's own zone is America/New_York, so a zone the script does
 * not set is not UTC, as the linter assumes of a server it cannot see. "UTC" is what PostgreSQL's
 * rewrite decision says: a timestamp → timestamptz change that keeps the table's file.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { SessionSettings, UTC_ZONES } from '../../src/analysis/session-settings.js';
import { TransactionTracker } from '../../src/analysis/transactions.js';

let db: PGlite;
/** A second database, to ask how a zone changes timestamp → timestamptz without touching the first one's session. */
let lab: PGlite;
beforeAll(async () => {
  await loadParser();
  db = new PGlite({ startParams: [...PGlite.defaultStartParams, '-c', 'TimeZone=America/New_York'] });
  lab = new PGlite();
  await lab.exec('CREATE TABLE events (at timestamp)');
}, 60_000);
afterAll(async () => {
  await db.close();
  await lab.close();
});

const rewriteFree = new Map<string, boolean>();
/** Whether PostgreSQL relabels timestamp → timestamptz in place (no new relfilenode) under this TimeZone. */
async function utcForPostgres(zone: string): Promise<boolean> {
  if (!rewriteFree.has(zone)) {
    const file = "SELECT relfilenode::text AS f FROM pg_class WHERE relname = 'events'";
    await lab.exec('BEGIN');
    await lab.query('SELECT set_config($1, $2, true)', ['TimeZone', zone]);
    const before = (await lab.query<{ f: string }>(file)).rows[0]!.f;
    await lab.exec('ALTER TABLE events ALTER COLUMN at TYPE timestamptz');
    const after = (await lab.query<{ f: string }>(file)).rows[0]!.f;
    await lab.exec('ROLLBACK');
    rewriteFree.set(zone, before === after);
  }
  return rewriteFree.get(zone)!;
}

const SCRIPTS: Record<string, string> = {
  'session SET, then a value of 0': "SET lock_timeout = '5s';\nSET lock_timeout = 0;\nSET lock_timeout TO '2s';\nSET lock_timeout = '0ms';",
  'SET LOCAL lasts until COMMIT': "BEGIN;\nSET LOCAL lock_timeout = '5s';\nSELECT 1;\nCOMMIT;\nSELECT 1;",
  'SET LOCAL outside a transaction block does nothing': "SET LOCAL lock_timeout = '5s';\nSELECT 1;",
  'SET LOCAL over a session value, and back after COMMIT': "SET lock_timeout = '5s';\nBEGIN;\nSET LOCAL lock_timeout = 0;\nSELECT 1;\nCOMMIT;\nSELECT 1;",
  'set_config, local and not': "SELECT set_config('statement_timeout', '1min', false);\nBEGIN;\nSELECT pg_catalog.set_config('lock_timeout', '3s', true);\nCOMMIT;\nSELECT 1;",
  'RESET, DEFAULT and RESET ALL': "SET lock_timeout = '5s';\nRESET lock_timeout;\nSET statement_timeout = '1s';\nSET statement_timeout TO DEFAULT;\nSET lock_timeout = '1s';\nRESET ALL;",
  'a session SET inside a transaction replaces its local value': "BEGIN;\nSET LOCAL lock_timeout = '5s';\nSET lock_timeout = 0;\nSELECT 1;\nCOMMIT;",
  'SET TIME ZONE forms': [
    "SET TIME ZONE 'UTC';",
    'SET TIME ZONE LOCAL;',
    "SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;",
    'SET TIME ZONE DEFAULT;',
    "SET TIME ZONE 'Etc/UTC';",
    'RESET TIME ZONE;',
    'SET TIME ZONE 0;',
    'SET TIME ZONE -5;',
    "SET LOCAL TIME ZONE INTERVAL '0';",
    'SET timezone = utc;',
    "SET TIME ZONE INTERVAL '-03:00' HOUR TO MINUTE;",
    "SET TimeZone TO 'Europe/London';",
    "SET SESSION TIME ZONE 'GMT';",
    'RESET ALL;',
  ].join('\n'),
  'SET LOCAL TimeZone lasts until COMMIT': "BEGIN;\nSET LOCAL TIME ZONE 'UTC';\nSELECT 1;\nCOMMIT;\nSELECT 1;",
  'SET LOCAL TimeZone outside a transaction block does nothing': "SET LOCAL TIME ZONE 'UTC';\nSELECT 1;",
  'ROLLBACK undoes the session SETs of its transaction and ends its SET LOCAL':
    "SET lock_timeout = '5s';\nBEGIN;\nSET lock_timeout = 0;\nSET LOCAL statement_timeout = '1s';\nSET TIME ZONE 'UTC';\nROLLBACK;\nSELECT 1;",
  'COMMIT keeps the session SETs of its transaction': "BEGIN;\nSET TIME ZONE 'UTC';\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nSELECT 1;",
  'set_config for TimeZone; NULL resets': [
    "SELECT set_config('TimeZone', 'UTC', false);",
    "SELECT set_config('lock_timeout', '5s', false);",
    "SELECT set_config('lock_timeout', NULL, false);",
    'BEGIN;',
    "SELECT set_config('TimeZone', 'Europe/Berlin', true);",
    'COMMIT;',
  ].join('\n'),
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
        const sql = script.slice(statement.start, statement.end);
        ours.push(`${sql} → ${['lock_timeout', 'statement_timeout'].map((s) => `${s}=${settings.isSet(s, next)}`).join(' ')} utc=${settings.timeZoneUtc(next)}`);
        await db.exec(sql);
        const row = (await db.query<{ l: string; s: string; z: string }>("SELECT current_setting('lock_timeout') AS l, current_setting('statement_timeout') AS s, current_setting('TimeZone') AS z")).rows[0]!;
        theirs.push(`${sql} → lock_timeout=${row.l !== '0'} statement_timeout=${row.s !== '0'} utc=${await utcForPostgres(row.z)}`);
      }
      expect(ours).toEqual(theirs);
    });
  }

  it('every zone name taken as UTC relabels in place; zones with daylight saving time or an offset do not', async () => {
    for (const zone of [...UTC_ZONES, 'Europe/London', 'Africa/Abidjan', 'Etc/GMT+1', 'America/New_York']) {
      const settings = new SessionSettings();
      const position = { inTransaction: false, transactionId: 1 };
      settings.observe(parseSource(`SET TIME ZONE '${zone}'`).statements[0]!.node, position);
      expect(`${zone}: ${settings.timeZoneUtc(position)}`).toBe(`${zone}: ${await utcForPostgres(zone)}`);
    }
  });

  it('a file sent as one query (golang-migrate) runs in an implicit transaction: SET LOCAL lasts to its end, and no further', async () => {
    await db.exec('RESET ALL');
    const results = await db.exec("SET LOCAL lock_timeout = '5s'; SELECT current_setting('lock_timeout') AS v;");
    expect(results.at(-1)!.rows).toEqual([{ v: '5s' }]);
    expect((await db.query("SELECT current_setting('lock_timeout') AS v")).rows).toEqual([{ v: '0' }]);
  });
});
