/** Issue 11: text PostgreSQL refuses must never pass, and no input is too large or too broken to lint. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { spawnSync } from 'node:child_process';
import { BIN, cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
import { loadParser, parseSource } from '../../src/parser/index.js';

type JsonResult = { messages: { ruleId: string; line: number; column: number; message: string; fatal?: boolean }[]; output?: string };
const positions = (result: { messages: { ruleId: string | null; line: number; column: number }[] }): [string | null, number, number][] =>
  result.messages.map((m) => [m.ruleId, m.line, m.column]);

describe('text PostgreSQL rejects before parsing', () => {
  it('a NUL byte is one fatal finding at its place, in PostgreSQL words, and nothing after it passes unseen', async () => {
    const result = await lint('SELECT 1;\0\nDROP TABLE users;\n');
    expect(result.messages).toEqual([
      expect.objectContaining({ ruleId: 'parse-error', fatal: true, severity: 2, line: 1, column: 10, message: expect.stringMatching(/^Parse error: invalid byte sequence for encoding "UTF8": 0x00\. /) }),
    ]);
  });

  it('random bytes with an early NUL are a finding, not a silent pass', async () => {
    const dir = project({});
    writeFileSync(path.join(dir, '0001_blob.sql'), Buffer.from([0x47, 0x49, 0x46, 0x00, 0x9c, 0xff, 0x12, 0x00, 0x41]));
    const { code, stdout } = await cli(['-f', 'json', '0001_blob.sql'], { cwd: dir });
    expect(code).toBe(1);
    expect(positions((JSON.parse(stdout) as JsonResult[])[0]!)).toEqual([['parse-error', 1, 4]]);
  });

  it('invalid UTF-8 is one fatal finding at the byte, with the bytes PostgreSQL names; --fix leaves the file as it was', async () => {
    const dir = project({});
    const bytes = Buffer.concat([Buffer.from('DROP TABLE a;\nSELECT 1; -- caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const file = path.join(dir, '0001_latin1.sql');
    writeFileSync(file, bytes);
    const { code, stdout } = await cli(['-f', 'json', '--fix', '0001_latin1.sql'], { cwd: dir });
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout) as JsonResult[];
    expect(result!.messages).toEqual([
      expect.objectContaining({ ruleId: 'parse-error', line: 2, column: 17, fatal: true, message: expect.stringMatching(/^Parse error: invalid byte sequence for encoding "UTF8": 0xe9 0x0a\. .*nothing else in it is linted or fixed/) }),
    ]);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('a real U+FFFD in valid UTF-8 is text like any other: no finding (the reader looks at the bytes again and finds them valid)', async () => {
    const dir = project({});
    writeFileSync(path.join(dir, '0001_replacement.sql'), "SELECT 'not a fault: \uFFFD';\n");
    const { code, stdout } = await cli(['-f', 'json', '0001_replacement.sql'], { cwd: dir });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonResult[])[0]!.messages).toEqual([]);
  });

  it('invalid UTF-8 on standard input is the same finding', { timeout: 30_000 }, () => {
    const input = Buffer.concat([Buffer.from('SELECT 1; -- caf'), Buffer.from([0xe9]), Buffer.from('\nDROP TABLE a;\n')]);
    for (const args of [['--stdin'], ['--stdin', '--stdin-filename', 'db/0001_a.sql']]) {
      const child = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd: project({}), input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(child.status, args.join(' ')).toBe(1);
      expect(positions((JSON.parse(child.stdout) as JsonResult[])[0]!), args.join(' ')).toEqual([['parse-error', 1, 17]]);
    }
  });

  it('names what PostgreSQL names: a sequence cut short, a surrogate, an overlong form', async () => {
    const dir = project({});
    const cases: [number[], string, number][] = [
      [[0x63, 0xc3], '0xc3', 2],
      [[0x78, 0x20, 0xed, 0xa0, 0x80], '0xed 0xa0 0x80', 3],
      [[0xc0, 0x80], '0xc0 0x80', 1],
    ];
    for (const [bytes, named, column] of cases) {
      writeFileSync(path.join(dir, '0001_x.sql'), Buffer.from(bytes));
      const [result] = JSON.parse((await cli(['-f', 'json', '0001_x.sql'], { cwd: dir })).stdout) as JsonResult[];
      expect(result!.messages.map((m) => [m.column, m.message.split('. ')[0]]), named).toEqual([[column, `Parse error: invalid byte sequence for encoding "UTF8": ${named}`]]);
    }
  });

  it('only the whitespace PostgreSQL skips is blank: a no-break space, U+3000, U+2028 or a second BOM is a syntax error', async () => {
    for (const [odd, shown] of [['\u00a0', '\u00a0'], ['\u3000', '\u3000'], ['\u2028', '\u2028'], ['\ufeff', '\ufeff']]) {
      const result = await lint(`SELECT 1;\n${odd}\n`);
      expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.message]), JSON.stringify(odd)).toEqual([['parse-error', 2, 1, `Parse error: syntax error at or near "${shown}"`]]);
    }
    // What PostgreSQL's scanner does skip stays blank.
    expect((await lint('SELECT 1;\n \t\r\f\v\n')).messages).toEqual([]);
  });
});

describe('one broken statement costs one finding', () => {
  it('an unclosed parenthesis: the statements after it are still linted', async () => {
    const result = await lint('CREATE TABLE a (id int;\nCREATE TABLE b (id int);\nDROP TABLE c;\nDROP TABLE d;\n');
    expect(positions(result)).toEqual([
      ['parse-error', 1, 23],
      ['no-bare-drop-table', 3, 1],
      ['no-bare-drop-table', 4, 1],
    ]);
  });

  it('an error inside a BEGIN ATOMIC body is one finding too', async () => {
    const result = await lint('CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELEC 1; END;\nDROP TABLE d;\n');
    expect(positions(result)).toEqual([
      ['parse-error', 1, 59],
      ['no-bare-drop-table', 2, 1],
    ]);
  });
});

describe('long files are parsed a chunk at a time', () => {
  const statement = (i: number): string =>
    i % 7 === 3
      ? `CREATE FUNCTION f${i}() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n`
      : `INSERT INTO t VALUES (${i}, 'a;\n''b;', $q$ x; \n y $q$, E'\\'; z'); /* c;\n d; */ -- e;\n`;
  const text = Array.from({ length: 400 }, (_, i) => statement(i)).join('') + 'DROP TABLE last;\n';

  it('gives the statements a whole parse gives, at the same places', async () => {
    await loadParser();
    const whole = parseSource(text);
    const chunked = parseSource(text, undefined, 2_000);
    expect(whole.failures).toEqual([]);
    expect(chunked.failures).toEqual([]);
    expect(chunked.statements.map((s) => [s.type, s.start, s.end])).toEqual(whole.statements.map((s) => [s.type, s.start, s.end]));
    expect(JSON.stringify(chunked.statements.map((s) => s.node))).toBe(JSON.stringify(whole.statements.map((s) => s.node)));
    expect(chunked.tokens).toEqual(whole.tokens);
  });

  it('finds a syntax error and an unterminated string in a chunk as a whole parse does', async () => {
    await loadParser();
    const broken = `${text}SELEC 1;\n${text}SELECT 'never closed;\nDROP TABLE x;\n`;
    const chunked = parseSource(broken, undefined, 2_000);
    const at = (needle: string): number => Buffer.byteLength(broken.slice(0, broken.indexOf(needle)));
    expect(chunked.failures.map((f) => [f.message, f.offset])).toEqual([
      ['syntax error at or near "SELEC"', at('SELEC 1')],
      ['unterminated quoted string at or near "\'never closed;\nDROP TABLE x;\n"', at("'never closed")],
    ]);
    expect(chunked.statements.length).toBe(2 * parseSource(text).statements.length);
  });

  it('keeps tests for a single 1 MB statement, 100,000 statements and deep nesting', { timeout: 120_000 }, async () => {
    const long = `INSERT INTO t VALUES ${Array.from({ length: 60_000 }, (_, i) => `(${i}, 'row ${i}')`).join(', ')};\nDROP TABLE x;\n`;
    expect(long.length).toBeGreaterThan(1_000_000);
    expect(positions(await lint(long))).toEqual([['no-bare-drop-table', 2, 1]]);
    const many = `${'SELECT 1;\n'.repeat(100_000)}DROP TABLE x;\n`;
    expect(positions(await lint(many))).toEqual([['no-bare-drop-table', 100_001, 1]]);
    const deep = `SELECT ${'('.repeat(500)}1${')'.repeat(500)};\nDROP TABLE x;\n`;
    expect(positions(await lint(deep))).toEqual([['no-bare-drop-table', 2, 1]]);
  });
});
