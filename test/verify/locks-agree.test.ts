/**
 * The static lock model (src/analysis/locks.ts) against what PostgreSQL does, on the lock rules'
 * own test cases: every RuleTester case with a history (so its tables exist) is applied by
 * verify's runner with --locks observation on PGlite, and for each statement the lock mode the
 * model claims on each existing relation, and whether it rewrites it, must be what pg_locks and
 * pg_class.relfilenode showed; a strong lock (SHARE or stronger) the model does not mention fails
 * too.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { SchemaState } from '../../src/analysis/schema-state.js';
import { TransactionTracker } from '../../src/analysis/transactions.js';
import { replayText } from '../../src/engine/replay.js';
import { lockRank, locksOf, type LockMode } from '../../src/analysis/locks.js';
import { openPglite, type PgliteDatabase } from '../../src/verify/pglite.js';
import { planFile } from '../../src/verify/plan.js';
import { applyFiles } from '../../src/verify/apply.js';

interface Case {
  code: string;
  history?: string[];
  settings?: { postgresVersion?: number };
  name?: string;
}
const captured: { rule: string; cases: Case[] }[] = [];
vi.mock('../../src/rule-tester.js', () => ({
  RuleTester: class {
    run(rule: { id: string }, tests: { valid: (string | Case)[]; invalid: Case[] }): void {
      const cases = [...tests.valid, ...tests.invalid].map((t) => (typeof t === 'string' ? { code: t } : t));
      captured.push({ rule: rule.id, cases });
    }
  },
}));

const LOCK_RULES = [
  'no-blocking-table-commands',
  'no-column-type-rewrite',
  'no-rewriting-add-column',
  'no-uncastable-type-change',
  'require-concurrently',
  'require-not-valid-constraint',
  'require-unique-index-first',
  'no-not-null-without-default',
  'no-unsafe-enum-change',
  'no-bare-drop-table',
];

const KNOWN_GAPS: string[] = [];

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let db: PgliteDatabase;
beforeAll(async () => {
  for (const id of LOCK_RULES) await import(`../rules/${id}.test.ts`);
  await loadParser();
  // timestamp → timestamptz skips the rewrite only when the session's TimeZone is UTC (PostgreSQL
  // 12 release notes), as PGlite's own is; the model claims the rewrite servers elsewhere do for a
  // zone the file did not set, so the server here runs with a zone that has an offset (which RESET
  // and SET TIME ZONE LOCAL return to).
  db = await openPglite(['pg_trgm', 'btree_gist', 'citext'], undefined, 'Europe/Paris');
});
afterAll(async () => {
  await db?.close();
});

const plan = (name: string, text: string) =>
  planFile(`/lock-cases/${name}`, text, { framework: 'plain', configured: 'none', mode: 'none', templates: { syntax: [], values: {} } });

describe('observed locks agree with the static lock model', () => {
  it('on the lock rules’ test cases that have a history', async () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const { rule, cases } of captured) {
      for (const test of cases) {
        if (!test.history?.length || (test.settings?.postgresVersion ?? 18) < 18) continue;
        // A fresh schema, and the session settings an earlier case may have changed.
        await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; RESET ALL;');
        const inputs = [...test.history.map((h, i) => ({ planned: plan(`${i}_history.sql`, h), pending: false })), { planned: plan('9_code.sql', test.code), pending: true }];
        const [outcome] = (await applyFiles(db, inputs, { observeLocks: true })).slice(-1);
        if (outcome!.status !== 'applied') continue; // a case about SQL that PostgreSQL rejects
        const schema = new SchemaState();
        const transactions = new TransactionTracker();
        // The file's own SET TIME ZONE, as the engine follows it (the tracker's session settings); the server's zone (Paris) is not UTC.
        for (const h of test.history) replayText(h, schema, transactions, 'per-file');
        schema.beginMigration();
        const statements = parseSource(test.code).statements;
        // verify applies a plain file statement by statement in autocommit: no transaction around the file.
        transactions.beginFile('none', statements.length);
        statements.forEach((statement, i) => {
          const seen = outcome!.statements![i]!;
          const position = transactions.next(statement.node);
          const { transactionId } = position;
          const claims = locksOf(statement.node, { postgresVersion: 18, schema, timeZoneUtc: transactions.session(position).timeZoneUtc() });
          schema.apply(statement.node, transactionId);
          transactions.afterStatement(statement.node);
          // Each statement runs in a transaction of its own (plain, autocommit), so its locks are its own; CONCURRENTLY is not observable.
          if (!seen.observed) return;
          // The case's name too: two cases that share a line must not merge into one disagreement.
          const where = `${rule}${test.name ? ` (${test.name})` : ''}: ${test.code.split('\n')[i] ?? test.code}`;
          const strongest = (relation: string): LockMode | undefined =>
            seen.locks.filter((l) => l.relation === relation && !l.created).map((l) => l.mode as LockMode).sort((a, b) => lockRank(b) - lockRank(a))[0];
          // A statement's lock and rewrite are the statement's: an ALTER TABLE with several
          // subcommands holds the strongest of their modes, and one rewriting subcommand
          // (TYPE … USING) rewrites the table for all of them (DROP DEFAULT beside it included).
          const claimed = new Map<string, { mode: LockMode; rewrites: boolean; kind: string }>();
          for (const claim of claims) {
            const seenBefore = claimed.get(claim.relation);
            claimed.set(claim.relation, {
              mode: seenBefore && lockRank(seenBefore.mode) > lockRank(claim.mode) ? seenBefore.mode : claim.mode,
              rewrites: !!seenBefore?.rewrites || claim.rewrites,
              kind: seenBefore?.kind ?? claim.kind,
            });
          }
          for (const [relation, claim] of claimed) {
            compared++;
            const observed = strongest(relation);
            if (observed !== claim.mode) disagreements.push(`${where}\n  ${relation}: model ${claim.mode}, PostgreSQL ${observed ?? 'no lock'}`);
            if ((claim.kind === 'table' || claim.kind === 'materialized view') && claim.rewrites !== seen.rewrites.includes(relation)) {
              disagreements.push(`${where}\n  ${relation}: model ${claim.rewrites ? 'rewrites' : 'no rewrite'}, PostgreSQL ${seen.rewrites.includes(relation) ? 'rewrote it' : 'did not rewrite it'}`);
            }
          }
          for (const lock of seen.locks) {
            if (lock.created || lock.kind === 'i' || lockRank(lock.mode as LockMode) < lockRank('SHARE')) continue;
            if (!claims.some((c) => c.relation === lock.relation)) disagreements.push(`${where}\n  ${lock.relation}: PostgreSQL took ${lock.mode}, the model claims nothing`);
          }
        });
      }
    }
    expect(compared, 'cases compared').toBeGreaterThan(20);
    // Where the model and PostgreSQL disagree today, each a gap of the model (src/analysis/locks.ts),
    // reported to its authors; the list must shrink, never grow.
    expect([...new Set(disagreements)].sort()).toEqual([...KNOWN_GAPS].sort());
  });
});
