/**
 * Issue 11: one broken statement costs one finding, even when the file also holds text the
 * scanner rejects (an unterminated string after a syntax error left everything between unlinted).
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { spawnCli } from '../helpers/cli.js';
import { loadParser, parseSource } from '../../src/parser/index.js';

const positions = (result: { messages: { ruleId: string | null; line: number; column: number }[] }): [string | null, number, number][] =>
  result.messages.map((m) => [m.ruleId, m.line, m.column]);

/** What a parse gives, in the file's own words: each statement's text, each failure's message and byte offset. */
async function parsed(text: string, chunkSize?: number): Promise<{ statements: string[]; failures: [string, number][] }> {
  await loadParser();
  const source = parseSource(text, undefined, chunkSize);
  const bytes = Buffer.from(text);
  return {
    statements: source.statements.map((s) => bytes.subarray(s.start, s.end).toString()),
    failures: source.failures.map((f) => [f.message, f.offset]),
  };
}

const byteOf = (text: string, needle: string): number => Buffer.byteLength(text.slice(0, text.indexOf(needle)));

describe('a syntax error followed by an unterminated literal', () => {
  it('quotes only the first line of what follows an unterminated literal, however much of the file that is', async () => {
    const rest = Array.from({ length: 200 }, (_, i) => `CREATE TABLE t${i} (id int);`).join('\n');
    const result = await lint(`SELECT 'oops;\n${rest}\n`);
    expect(result.messages).toEqual([expect.objectContaining({ ruleId: 'parse-error', line: 1, column: 8, message: `Parse error: unterminated quoted string at or near "'oops;…"` })]);
    const long = await lint(`SELECT 1;\nSELECT $$${'x'.repeat(100)}`);
    expect(long.messages[0]!.message).toBe(`Parse error: unterminated dollar-quoted string at or near "$$${'x'.repeat(58)}…"`);
  });

  it('lints the statements between them; the literal is its own finding at its start', async () => {
    const result = await lint("CREATE TABLE a (id int;\nDROP TABLE users;\nSELECT 'unterminated;\n");
    expect(positions(result)).toEqual([
      ['parse-error', 1, 23],
      ['no-bare-drop-table', 2, 1],
      ['parse-error', 3, 8],
    ]);
    // PostgreSQL quotes the rest of the file after "at or near"; the report quotes its first line.
    expect(result.messages[2]!.message).toBe(`Parse error: unterminated quoted string at or near "'unterminated;…"`);
  });

  it('keeps positions exact: CRLF, a BOM, characters outside the BMP', async () => {
    const result = await lint("\uFEFFCREATE TABLE a (id int;\r\nSELECT '😀' || x; DROP TABLE users;\r\nSELECT $$ never; closed\r\n");
    expect(positions(result)).toEqual([
      ['parse-error', 1, 23],
      ['no-bare-drop-table', 2, 19],
      ['parse-error', 3, 8],
    ]);
  });

  it('invents no statement inside an unterminated string, dollar quote, quoted identifier or comment', async () => {
    for (const literal of ["'a;", '$q$ a;', '"a;', '/* a;']) {
      const text = `SELEC 1;\nDROP TABLE users;\nSELECT ${literal}\nDROP TABLE orders;\n`;
      expect(await parsed(text), literal).toEqual({
        statements: ['DROP TABLE users'],
        failures: [
          ['syntax error at or near "SELEC"', 0],
          [expect.stringMatching(/^unterminated /), byteOf(text, literal)],
        ],
      });
    }
  });

  it('a token the scanner rejects (123abc, "") is one finding, and scanning goes on after it', async () => {
    const text = "SELECT 1 2;\nSELECT 123abc FROM t;\nSELECT \"\" FROM t;\nDROP TABLE users;\nSELECT 'x;\n";
    expect(await parsed(text)).toEqual({
      statements: ['DROP TABLE users'],
      failures: [
        ['syntax error at or near "2"', byteOf(text, '2;')],
        ['trailing junk after numeric literal at or near "123abc"', byteOf(text, '123abc')],
        ['zero-length delimited identifier at or near """"', byteOf(text, '""')],
        ["unterminated quoted string at or near \"'x;\n\"", byteOf(text, "'x;")],
      ],
    });
  });

  it('semicolons in strings, comments and dollar quotes are not split points', async () => {
    const text = "SELEC 'a;b' FROM t;\nINSERT INTO t VALUES ('c;d', $$ e; f $$); -- g;\n/* h; */ DROP TABLE users;\nSELECT E'i;\n";
    expect(await parsed(text)).toEqual({
      statements: ["INSERT INTO t VALUES ('c;d', $$ e; f $$)", 'DROP TABLE users'],
      failures: [
        ['syntax error at or near "SELEC"', 0],
        ["unterminated quoted string at or near \"E'i;\n\"", byteOf(text, "E'i")],
      ],
    });
  });

  it('a long file parsed a chunk at a time recovers the same way', async () => {
    const good = "INSERT INTO t VALUES (1, 'a;\n''b;', $q$ x; \n y $q$); /* c;\n d; */ -- e;\n";
    const text = `CREATE TABLE a (id int;\n${good.repeat(100)}SELEC 1;\n${good.repeat(100)}DROP TABLE users;\nSELECT 'never closed;\nDROP TABLE x;\n`;
    const whole = await parsed(text);
    expect(whole.statements).toHaveLength(201);
    expect(whole.failures).toEqual([
      ['syntax error at or near ";"', byteOf(text, ';')],
      ['syntax error at or near "SELEC"', byteOf(text, 'SELEC')],
      ["unterminated quoted string at or near \"'never closed;\nDROP TABLE x;\n\"", byteOf(text, "'never closed")],
    ]);
    expect(await parsed(text, 2_000)).toEqual(whole);
  });

  it('many broken statements before the literal are each one finding, in bounded time', { timeout: 20_000 }, async () => {
    const text = `${'SELEC 1;\n'.repeat(20_000)}DROP TABLE users;\nSELECT 'x;\n`;
    const started = performance.now();
    const result = await parsed(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.statements).toEqual(['DROP TABLE users']);
    expect(result.failures).toHaveLength(20_001);
    expect(result.failures.at(-1)).toEqual(["unterminated quoted string at or near \"'x;\n\"", byteOf(text, "'x;")]);
  });

  it('a file ending in an unterminated string gives what it gives without it, and one finding more', { timeout: 30_000 }, async () => {
    // Long enough (~600 kB) that the scan goes window by window and the parser walks only the last one.
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pool = [
      (): string => `INSERT INTO t VALUES (${next(1000)}, 'a;\n''b;', $q$ x; \n y $q$); /* c;\n d; */ -- e;\n`,
      (): string => 'SELEC 1;\n',
      (): string => 'CREATE TABLE a (id int;\n',
      (): string => "SELEC 'a;\nb' FROM t;\n",
      (): string => `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ ${'SELECT 1; '.repeat(next(300))}$$;\n`,
      (): string => `CREATE FUNCTION f( RETURNS int LANGUAGE sql AS $$ ${'SELECT 1;\n'.repeat(next(50))}$$;\n`,
      (): string => `INSERT INTO t VALUES ${Array.from({ length: next(3000) + 1 }, (_, i) => `(${i}, 'r;${i}')`).join(',\n')};\n`,
      (): string => 'DROP TABLE users;\n',
      (): string => "SELECT 'é😀;' ,, 1;\r\n",
    ];
    const text = Array.from({ length: 120 }, () => pool[next(pool.length)]!()).join('');
    const broken = `${text}SELECT 'x;\nDROP TABLE z;\n`;
    expect(text.length).toBeGreaterThan(300_000);
    for (const chunkSize of [undefined, 150_000]) {
      const without = parseSource(text, undefined, chunkSize);
      const withIt = parseSource(broken, undefined, chunkSize);
      expect(withIt.statements.map((s) => [s.type, s.start, s.end])).toEqual(without.statements.map((s) => [s.type, s.start, s.end]));
      expect(withIt.failures).toEqual([
        ...without.failures,
        expect.objectContaining({ message: `unterminated quoted string at or near "'x;\nDROP TABLE z;\n"`, offset: Buffer.byteLength(text) + 7 }),
      ]);
      expect(without.failures.length).toBeGreaterThan(10);
    }
  });

  it('the CLI reports the statement between as it reports any other (fixtures/parse-recovery)', () => {
    const { code, stdout } = spawnCli(['-f', 'json', '--no-cache', 'fixtures/parse-recovery']);
    expect(code).toBe(1);
    const [file] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(positions(file!)).toEqual([
      ['parse-error', 2, 56],
      ['no-bare-drop-table', 3, 48],
      ['parse-error', 4, 27],
    ]);
    expect(file!.messages[2]!.message).toMatch(/^Parse error: unterminated quoted string at or near "'unterminated;/);
  });
});
