import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';

const ids = (r: { messages: { ruleId: string | null; line: number }[] }) => r.messages.map((m) => `${m.ruleId}@${m.line}`);

describe('inline directives', () => {
  it('ignore covers the whole next statement, however many lines it spans, and keeps the reason', async () => {
    const sql = '-- migration-lint-ignore no-bare-drop-table -- archived in TICKET-12\nDROP\n  TABLE a\n  CASCADE;\nDROP TABLE b;';
    const result = await lint(sql);
    expect(ids(result)).toEqual(['no-bare-drop-table@5']);
    expect(result.suppressedMessages.map((m) => [m.line, m.suppressions])).toEqual([
      [2, [{ kind: 'directive', justification: 'archived in TICKET-12' }]],
      [4, [{ kind: 'directive', justification: 'archived in TICKET-12' }]],
    ]);
  });

  it('ignore names rules: other rules still report on that statement', async () => {
    const sql = '-- migration-lint-ignore no-unsafe-enum-change\nDROP TABLE a;';
    expect(ids(await lint(sql))).toEqual(['no-bare-drop-table@2']);
  });

  it('block comments work too', async () => {
    expect(ids(await lint('/* migration-lint-ignore no-bare-drop-table */ DROP TABLE a;'))).toEqual([]);
  });

  it('disable … enable covers a range', async () => {
    const sql = 'DROP TABLE a;\n-- migration-lint-disable no-bare-drop-table\nDROP TABLE b;\nDROP TABLE c;\n-- migration-lint-enable no-bare-drop-table\nDROP TABLE d;';
    expect(ids(await lint(sql))).toEqual(['no-bare-drop-table@1', 'no-bare-drop-table@6']);
  });

  it('disable with no list covers every rule until enable', async () => {
    const sql = '-- migration-lint-disable\nDROP TABLE a;\nALTER TABLE users ADD COLUMN x int NOT NULL;\n-- migration-lint-enable\nDROP TABLE b;';
    expect(ids(await lint(sql))).toEqual(['no-bare-drop-table@5']);
  });

  it('ignore-file in the header covers the file; after the first statement it is refused', async () => {
    expect(ids(await lint('-- migration-lint-ignore-file no-bare-drop-table -- legacy cleanup\nDROP TABLE a;\nDROP TABLE b;'))).toEqual([]);
    const late = await lint('DROP TABLE a;\n-- migration-lint-ignore-file no-bare-drop-table\nDROP TABLE b;');
    expect(ids(late)).toEqual(['no-bare-drop-table@1', 'invalid-directive@2', 'no-bare-drop-table@3']);
  });

  it('reports unknown rule names, and an unknown name never widens the directive to every rule', async () => {
    const result = await lint('-- migration-lint-ignore no-bare-drop-tabel\nDROP TABLE a;');
    expect(ids(result)).toEqual(['invalid-directive@1', 'no-bare-drop-table@2']);
    expect(result.messages[0]!.message).toBe("Unknown rule 'no-bare-drop-tabel' in migration-lint-ignore directive.");
    // With one known and one unknown name, only the known one applies.
    const mixed = await lint('-- migration-lint-ignore oops, no-not-null-without-default\nDROP TABLE a;');
    expect(ids(mixed)).toEqual(['invalid-directive@1', 'no-bare-drop-table@2']);
  });

  it('a reason written without the -- separator is not read as rule names that widen the scope', async () => {
    const result = await lint('-- migration-lint-ignore-file because legacy\nDROP TABLE a;');
    expect(ids(result)).toEqual(['invalid-directive@1', 'invalid-directive@1', 'no-bare-drop-table@2']);
  });

  it('reports directives that suppress nothing when asked', async () => {
    const sql = '-- migration-lint-ignore no-bare-drop-table\nDROP TABLE IF EXISTS a;\n-- migration-lint-ignore no-bare-drop-table\nDROP TABLE b;';
    const result = await lint(sql, { reportUnusedDirectives: 2 });
    expect(ids(result)).toEqual(['unused-directive@1']);
    expect(result.messages[0]!.message).toBe("Unused migration-lint-ignore directive (no problems were reported from 'no-bare-drop-table').");
    expect(ids(await lint(sql))).toEqual([]);
  });

  it('are ignored with inline config turned off', async () => {
    expect(ids(await lint('-- migration-lint-ignore no-bare-drop-table\nDROP TABLE a;', { inlineConfig: false }))).toEqual(['no-bare-drop-table@2']);
  });

  it('cannot hide parse errors', async () => {
    expect(ids(await lint('-- migration-lint-disable\nSELEC 1;'))).toEqual(['parse-error@2']);
  });

  it('a transaction directive sets how the file runs', async () => {
    const sql = "-- migration-lint-transaction: per-file\nALTER TYPE status ADD VALUE 'x';";
    const result = await lint(sql, { settings: { postgresVersion: 11, transaction: 'none' } });
    expect(ids(result)).toEqual(['no-unsafe-enum-change@2']);
    const bad = await lint('-- migration-lint-transaction: sometimes\nSELECT 1;');
    expect(ids(bad)).toEqual(['invalid-directive@1']);
  });
});
