/**
 * verify --locks on a file that opens its own transaction block (run without one by its runner):
 * what follows BEGIN shares the block until COMMIT, as when the file is applied for real, so a
 * SET LOCAL before an ALTER still applies to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/parser/index.js';
import { openPglite, type PgliteDatabase } from '../../src/verify/pglite.js';
import { planFile } from '../../src/verify/plan.js';
import { applyFiles } from '../../src/verify/apply.js';

let db: PgliteDatabase;
beforeAll(async () => {
  await loadParser();
  db = await openPglite([]);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const plan = (name: string, text: string) =>
  planFile(`/own-block/${name}`, text, { framework: 'plain', configured: 'none', mode: 'none', templates: { syntax: [], values: {} } });

describe('verify --locks and a transaction block the file opens', () => {
  it('keeps SET LOCAL TimeZone for the ALTER of its block: timestamp → timestamptz is not rewritten', async () => {
    await db.exec("SET TimeZone = 'Europe/Paris'");
    const history = plan('1_history.sql', 'CREATE TABLE orders (id int, created timestamp);\nINSERT INTO orders VALUES (1, now());');
    const code = plan(
      '2_code.sql',
      "BEGIN;\nSET LOCAL TimeZone = 'UTC';\nALTER TABLE orders ALTER COLUMN created TYPE timestamptz;\nCOMMIT;\nALTER TABLE orders ALTER COLUMN created TYPE timestamp;",
    );
    const [, outcome] = await applyFiles(db, [{ planned: history, pending: false }, { planned: code, pending: true }], { observeLocks: true });
    expect(outcome!.status).toBe('applied');
    const statements = outcome!.statements!;
    expect(statements.map((s) => s.inTransaction)).toEqual([true, true, true, true, false]);
    expect(statements[2]!.rewrites).toEqual([]);
    // After COMMIT the session zone (Paris) is back: the way back rewrites.
    expect(statements[4]!.rewrites).toEqual(['orders']);
  });
});
