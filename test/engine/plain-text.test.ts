import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { SourceCode } from '../../src/engine/source-code.js';
import { LineIndex } from '../../src/source/line-index.js';

/** The text each ALTER TABLE clause's finding would underline, in order. */
function clauseTexts(sql: string): string[] {
  const lines = new LineIndex(sql);
  const parsed = parseSource(sql, lines);
  const source = new SourceCode(sql, () => lines, parsed);
  const statement = parsed.statements[0]!;
  const cmds = (statement.node as { AlterTableStmt: { cmds: { AlterTableCmd: object }[] } }).AlterTableStmt.cmds;
  return cmds.map((cmd) => source.textOf(source.rangeOf(cmd.AlterTableCmd, statement)));
}

// Findings on an ALTER TABLE clause underline that clause alone. Plain text is read without the
// scanner; a comment inside the statement sends the same statement to the scanner, which must agree.
describe('ALTER TABLE clause ranges', () => {
  beforeAll(loadParser);

  const cases: [string, string, string[]][] = [
    ['two clauses', 'ALTER TABLE t ADD COLUMN a int, ALTER COLUMN b SET NOT NULL;', ['ADD COLUMN a int', 'ALTER COLUMN b SET NOT NULL']],
    [
      'commas inside parentheses and quoted names',
      'ALTER TABLE "public"."my ""table""" ADD CONSTRAINT "c,1" CHECK (a IN (1, 2)), DROP COLUMN "d""x";',
      ['ADD CONSTRAINT "c,1" CHECK (a IN (1, 2))', 'DROP COLUMN "d""x"'],
    ],
    ['ONLY and a spaced schema dot', 'ALTER TABLE ONLY s . t ALTER COLUMN a TYPE numeric(10, 2) USING a::numeric(10,2)', ['ALTER COLUMN a TYPE numeric(10, 2) USING a::numeric(10,2)']],
    [
      'CRLF, non-ASCII names and a string holding quotes, commas and a parenthesis',
      "ALTER TABLE IF EXISTS \"tâble\"\r\n  ADD COLUMN \"é😀\" text DEFAULT 'a, ''b'' (c',\r\n  DROP COLUMN x;\r\n",
      ["ADD COLUMN \"é😀\" text DEFAULT 'a, ''b'' (c'", 'DROP COLUMN x'],
    ],
    ['a bare non-ASCII table name and an E string', "ALTER TABLE café ADD COLUMN n text DEFAULT E'x,y', DROP COLUMN m", ["ADD COLUMN n text DEFAULT E'x,y'", 'DROP COLUMN m']],
    ['a dollar-quoted default', 'ALTER TABLE t ADD COLUMN a text DEFAULT $$a,b$$, DROP COLUMN b;', ['ADD COLUMN a text DEFAULT $$a,b$$', 'DROP COLUMN b']],
    ['an escaped quote', "ALTER TABLE t ADD COLUMN a text DEFAULT E'\\',(', DROP COLUMN b;", ["ADD COLUMN a text DEFAULT E'\\',('", 'DROP COLUMN b']],
    ['a Unicode-escaped name', 'ALTER TABLE U&"t\\0061" ADD COLUMN a int, DROP COLUMN b;', ['ADD COLUMN a int', 'DROP COLUMN b']],
  ];

  it.each(cases)('%s', (_name, sql, expected) => {
    expect(clauseTexts(sql)).toEqual(expected);
    // The same statement with a comment inside, so that only the scanner can read it.
    expect(clauseTexts(sql.replace('ALTER TABLE', 'ALTER /* , ( */ TABLE'))).toEqual(expected);
  });
});

// Fixes insert after a keyword (IF EXISTS after TABLE, CONCURRENTLY after INDEX): the first bare
// word that reads it, never a string or a quoted name that spells it.
describe('finding a keyword in a statement', () => {
  beforeAll(loadParser);

  function wordAt(sql: string, word: string): string | undefined {
    const lines = new LineIndex(sql);
    const parsed = parseSource(sql, lines);
    const source = new SourceCode(sql, () => lines, parsed);
    const statement = parsed.statements[0]!;
    const range = source.findWord(statement.start, statement.end, word);
    return range && `${source.textOf(range)}@${sql.slice(0, source.lines.indexOfByte(range[0])).length}`;
  }

  const cases: [string, string, string, string | undefined][] = [
    ['a keyword', 'DROP TABLE t CASCADE;', 'TABLE', 'TABLE@5'],
    ['any case, after non-ASCII text', "SELECT 'é😀', 1 AS cascade", 'CASCADE', 'cascade@19'],
    ['not in a string or a quoted name', `SELECT 'index', "index", "a""index", in_dex, index FROM t`, 'INDEX', 'index@45'],
    ['not part of a longer word', 'CREATE INDEX index_a ON t (a)', 'INDEX', 'INDEX@7'],
    ['none', "SELECT 'table'", 'TABLE', undefined],
  ];

  it.each(cases)('%s', (_name, sql, word, expected) => {
    expect(wordAt(sql, word)).toBe(expected);
    // After a comment, only the scanner can read the statement: it must agree.
    const commented = sql.replace(' ', ' /* table index cascade */ ');
    const shift = commented.length - sql.length;
    const at = wordAt(commented, word);
    expect(at && at.replace(/@(\d+)$/, (_m, n: string) => `@${Number(n) - shift}`)).toBe(expected);
  });
});
