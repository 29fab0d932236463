import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';

describe('broken SQL', () => {
  it('gives exactly one parse error at the exact place, and the rest is still linted', async () => {
    const sql = 'DROP TABLE a;\nCREATE TABLE ok (id int);\nCREATE TABLEE oops (id int);\nDROP TABLE b;\n';
    const result = await lint(sql);
    const parseErrors = result.messages.filter((m) => m.ruleId === 'parse-error');
    expect(parseErrors).toHaveLength(1);
    expect(parseErrors[0]).toMatchObject({ fatal: true, severity: 2, line: 3, column: 8, message: 'Parse error: syntax error at or near "TABLEE"' });
    expect(result.messages.filter((m) => m.ruleId === 'no-bare-drop-table').map((m) => m.line)).toEqual([1, 4]);
    expect(result.fatalErrorCount).toBe(1);
  });

  it('places the cursor right after astral characters', async () => {
    const result = await lint("SELECT '😀😀' FROM;\nDROP TABLE t;");
    const parseError = result.messages.find((m) => m.ruleId === 'parse-error');
    expect(parseError).toMatchObject({ line: 1, column: 19 });
    expect(result.messages.some((m) => m.ruleId === 'no-bare-drop-table' && m.line === 2)).toBe(true);
  });

  it('does not split at semicolons inside strings, comments, dollar quotes or BEGIN ATOMIC bodies', async () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b'); -- c;d",
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT 2; $$;',
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;',
      '/* x; y */ SELEC 1;',
      'DROP TABLE t;',
    ].join('\n');
    const result = await lint(sql);
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['parse-error', 4],
      ['no-bare-drop-table', 5],
    ]);
  });

  it('reports an unterminated string once; statements before it are still linted', async () => {
    const result = await lint("DROP TABLE a;\nSELECT 'never closed;\nDROP TABLE b;");
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['no-bare-drop-table', 1, 1],
      ['parse-error', 2, 8],
    ]);
    expect(result.messages[1]!.message).toMatch(/unterminated quoted string/);
  });

  it('lints empty and comment-only files without findings', async () => {
    expect((await lint('')).messages).toEqual([]);
    expect((await lint('-- nothing to see\n/* here */\n')).messages).toEqual([]);
  });
});
