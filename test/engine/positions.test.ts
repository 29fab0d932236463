import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { loadParser, parseSource } from '../../src/parser/index.js';

describe('positions in reports', () => {
  it('are exact after non-ASCII text, with end positions', async () => {
    const result = await lint("-- naïve café 😀 comment\nSELECT 'ünïcödé 😀';  DROP TABLE t;", { only: ['no-bare-drop-table'] });
    const [message] = result.messages;
    expect(message).toMatchObject({ line: 2, column: 23, endLine: 2, endColumn: 35 });
  });

  // Statement ranges end at the last token; the closing ';' is not part of the statement.
  it('are exact with CRLF line endings', async () => {
    const result = await lint('SELECT 1;\r\n\r\n  DROP TABLE t;\r\n', { only: ['no-bare-drop-table'] });
    expect(result.messages[0]).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 15 });
  });

  it('ignore a UTF-8 byte order mark, as editors do', async () => {
    const result = await lint('\uFEFFDROP TABLE t;', { only: ['no-bare-drop-table'] });
    expect(result.messages[0]).toMatchObject({ line: 1, column: 1, endColumn: 13 });
    // The fix range points into the text without the BOM.
    expect(result.messages[0]!.fix).toEqual({ range: [10, 10], text: ' IF EXISTS' });
  });

  it("keep drizzle-kit's statement-breakpoint markers out of the way", async () => {
    const sql = 'CREATE TABLE a (id int);\n--> statement-breakpoint\nDROP TABLE b;';
    const result = await lint(sql, { only: ['no-bare-drop-table'] });
    expect(result.messages[0]).toMatchObject({ line: 3, column: 1, endColumn: 13 });
  });

  it('span a statement over several lines', async () => {
    const result = await lint('DROP\n  TABLE\n  t;', { only: ['no-bare-drop-table'] });
    expect(result.messages[0]).toMatchObject({ line: 1, column: 1, endLine: 3, endColumn: 4 });
  });

  it('are the same whether a statement is scanned on its own or with its whole file', async () => {
    await loadParser();
    const sql = "-- naïve 😀\nCREATE TABLE café (id int, note text DEFAULT 'é;x');\n/* 😀 */ ALTER TABLE orders ADD COLUMN n int NOT NULL, DROP COLUMN note;\nDROP TABLE t;";
    const alone = parseSource(sql);
    const whole = parseSource(sql);
    void whole.tokens; // scans the file: later ranges come from the whole-file tokens
    for (const [a, b] of alone.statements.map((s, i) => [s, whole.statements[i]!] as const)) {
      expect([a.start, a.end]).toEqual([b.start, b.end]);
      expect(alone.tokensIn(a.start, a.end)).toEqual(whole.tokensIn(b.start, b.end));
    }
    const alter = await lint(sql, { only: ['no-not-null-without-default'] });
    // The clause after '/* 😀 */ ALTER TABLE orders ': the emoji is two UTF-16 columns.
    expect(alter.messages[0]).toMatchObject({ line: 3, column: 29, endLine: 3, endColumn: 54 });
  });

  // Ranges are trimmed from the text when a statement holds no comment, and by the scanner when
  // it does: both must land on the first and last token, whatever surrounds them.
  it.each([
    ['blanks, stray semicolons and a last statement without one', ';; \t\v\f SELECT 1 ;\r\n;\n  DROP TABLE t  \n', ['SELECT 1', 'DROP TABLE t']],
    ['a string that ends in a semicolon', "SELECT 'a;';\nSELECT \"b;\";", ["SELECT 'a;'", 'SELECT "b;"']],
    ['a dollar quote before the end', 'SELECT $$x;$$ ;', ['SELECT $$x;$$']],
    ['comments around and inside', '-- lead\nSELECT 1 /* mid */ + 2 -- tail\n;\n/* a */ DROP TABLE t -- end', ['SELECT 1 /* mid */ + 2', 'DROP TABLE t']],
    ['comment markers in a string only', "SELECT '--x', '/*y' ;  SELECT 2", ["SELECT '--x', '/*y'", 'SELECT 2']],
    ['non-ASCII text and CRLF', "SELECT 'é😀';\r\n\r\nSELECT 'ü'\r\n", ["SELECT 'é😀'", "SELECT 'ü'"]],
    ['an operator ending in a minus', 'SELECT 1 -\n2;', ['SELECT 1 -\n2']],
    ['nested block comments and line comments that end at \\r', '/* a /* b */ c */ -- x\rSELECT 1;\n--> statement-breakpoint\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['an empty block comment, and a block comment after the last token', '/**/SELECT 3 /*/ x */ ;', ['SELECT 3']],
  ])('trim statements exactly: %s', async (_name, sql, texts) => {
    await loadParser();
    const parsed = parseSource(sql);
    const bytes = Buffer.from(sql);
    expect(parsed.statements.map((s) => bytes.subarray(s.start, s.end).toString())).toEqual(texts);
  });
});
