/**
 * The parser adapter: the only module that imports libpg-query (PostgreSQL's own grammar,
 * compiled to WebAssembly). It never throws on bad SQL; a statement that does not parse becomes
 * a ParseFailure carrying the byte offset of PostgreSQL's error cursor, and every other
 * statement of the file still parses.
 */
// Before libpg-query: its WebAssembly takes console.log for its output when it loads.
import { releaseConsole, takeParserOutput } from './parser-output.js';
import { loadModule, parseSync, scanSync } from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';
import { LineIndex } from '../source/line-index.js';

// libpg-query has created its module, with our functions for its output: the console is ours again.
releaseConsole();

export type { Node } from '@pgsql/types';

/** A byte range [start, end) in the file's UTF-8 encoding, as the parser reports offsets. */
export type ByteRange = readonly [number, number];

export type TokenKind = 'line-comment' | 'block-comment' | 'semicolon' | 'open-paren' | 'close-paren' | 'comma' | 'word';

/** A lexical token; `start`/`end` are UTF-8 byte offsets, as every parser offset is. */
export interface Token {
  start: number;
  end: number;
  text: string;
  kind: TokenKind;
}

export interface ParsedStatement {
  /** The statement node as libpg-query gives it: `{ NodeType: { …fields } }`. */
  node: Node;
  /** The statement's node type, e.g. `AlterTableStmt`. */
  type: string;
  /** Byte range of the statement text, leading comments and the closing `;` excluded. */
  start: number;
  end: number;
}

export interface ParseFailure {
  message: string;
  /** Byte offset of PostgreSQL's error cursor. */
  offset: number;
  /** Byte range of the statement that failed. */
  start: number;
  end: number;
}

export interface ParsedSource {
  statements: ParsedStatement[];
  failures: ParseFailure[];
  /**
   * Every token of the file in order, comments included. Scanned on first use: most files are
   * linted without ever needing them, and scanning costs more than parsing.
   */
  readonly tokens: Token[];
  /**
   * The tokens that start in [start, end), comments included. A range inside one statement is
   * served by scanning that statement alone while the file has not been scanned whole: a
   * finding in a long file needs the tokens of its statement, not of the file.
   */
  tokensIn(start: number, end: number): Token[];
}

let ready: Promise<void> | undefined;
let loaded = false;

/**
 * Files longer than this (in UTF-16 units) are parsed a chunk at a time. The parser's
 * WebAssembly memory is bounded: a whole 40 MB file exhausts it, and its tree would take
 * gigabytes; a chunk at a time works for any size.
 */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** Loads the WebAssembly parser once per process. */
export function loadParser(): Promise<void> {
  ready ??= loadModule().then(() => {
    loaded = true;
  });
  return ready;
}

/**
 * Parses a file. `lines` is the caller's index of the text, or how to build it, if it has one;
 * most files never need one (only a syntax error or a token lookup does).
 */
export function parseSource(text: string, lines?: LineIndex | (() => LineIndex), chunkSize = CHUNK_SIZE): ParsedSource {
  if (!loaded) throw new Error('migration-lint: the SQL parser is not loaded; await loadParser() first');
  let built = typeof lines === 'function' ? undefined : lines;
  const lineIndex = typeof lines === 'function' ? lines : (): LineIndex => (built ??= new LineIndex(text));
  // Chunks of a quarter of the threshold: the parser's memory grows to fit the largest one.
  if (text.length > chunkSize) return new ChunkedSource(text, lineIndex(), Math.ceil(chunkSize / 4));
  const whole = tryParse(text);
  if (whole.ok) return new LazyTokens(text, whole.stmts, lineIndex);
  return parseStatementByStatement(text, lineIndex());
}

/** A file that parsed whole: tokens, and the trimmed statement ranges that need them, come lazily. */
class LazyTokens implements ParsedSource {
  readonly statements: LazyStatement[];
  readonly failures: ParseFailure[] = [];
  private scanned: Token[] | undefined;

  constructor(
    private readonly text: string,
    stmts: RawStmt[],
    private readonly lines: () => LineIndex,
  ) {
    this.statements = toStatements(stmts, 0, Buffer.byteLength(text), (start, end) => this.tokensOfRange(start, end), { text, lines });
  }

  get tokens(): Token[] {
    this.scanned ??= scan(this.text) ?? [];
    return this.scanned;
  }

  tokensIn(start: number, end: number): Token[] {
    if (!this.scanned) {
      const statement = this.statementHolding(start, end);
      if (statement) return slice(statement.rawTokens(), start, end);
    }
    return slice(this.tokens, start, end);
  }

  /** The whole file's tokens once scanned; else the range's own (a statement is lexically whole). */
  private tokensOfRange(start: number, end: number): Token[] {
    if (this.scanned) return slice(this.scanned, start, end);
    return scanRange(this.text, this.lines(), start, end) ?? [];
  }

  private statementHolding(start: number, end: number): LazyStatement | undefined {
    let lo = 0;
    let hi = this.statements.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const statement = this.statements[mid]!;
      if (statement.rawEnd <= start) lo = mid + 1;
      else if (statement.rawStart > start) hi = mid - 1;
      else return end <= statement.rawEnd ? statement : undefined;
    }
    return undefined;
  }
}

/** Tokens of a sorted list that start in [start, end). */
function slice(tokens: Token[], start: number, end: number): Token[] {
  const out: Token[] = [];
  for (let i = firstTokenAt(tokens, start); i < tokens.length && tokens[i]!.start < end; i++) out.push(tokens[i]!);
  return out;
}

/** The text a statement's offsets point into, for trimming its range without the scanner. */
interface StatementText {
  text: string;
  lines: () => LineIndex;
}

/**
 * A statement's range, trimmed (leading comments and the `;` dropped) on first use: from the text
 * alone when the raw range holds no comment, else from the tokens of its raw range (the two kinds
 * of statement differ only in where those tokens come from).
 */
abstract class TrimmedStatement {
  private range: Piece | undefined;

  constructor(
    /** The parser's range: from the end of the previous statement to the end of this one. */
    readonly rawStart: number,
    readonly rawEnd: number,
    private readonly source: StatementText,
  ) {}

  protected abstract rangeTokens(): Token[];

  private trimmed(): Piece {
    this.range ??= trimByText(this.source, this.rawStart, this.rawEnd) ?? trimRange(this.rangeTokens(), this.rawStart, this.rawEnd);
    return this.range;
  }

  get start(): number {
    return this.trimmed().start;
  }

  get end(): number {
    return this.trimmed().end;
  }
}

/** PostgreSQL's blanks (scan.l: `space [ \t\n\r\f\v]`) and the `;` that ends a statement. */
function isBlankOrSemicolon(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x3b;
}

/**
 * Trims a raw range by its text, without the scanner: the range starts between tokens, so the
 * blanks, semicolons and comments before the first token are skipped as PostgreSQL's scanner skips
 * them (scan.l: `--` up to a line break; `/*` up to its closing star and slash, nested). After
 * that, when no `--` or `/*` is left in the range, what follows the last token is only blanks and
 * semicolons (no token ends in `;`: strings, identifiers and dollar quotes end in their quote).
 * Otherwise undefined: the scanner decides. Scanning a statement costs as much as parsing it, and
 * most statements never need it (drizzle-kit's `--> statement-breakpoint` lines lead, not trail).
 */
function trimByText(source: StatementText, rawStart: number, rawEnd: number): Piece | undefined {
  const { text } = source;
  const lines = source.lines();
  const from = lines.indexOfByte(rawStart);
  const to = lines.indexOfByte(rawEnd);
  const first = skipLeadingTrivia(text, from, to);
  if (first === undefined) return undefined;
  if (first === to) return { start: rawStart, end: rawStart };
  // Searched within the range only: an unbounded indexOf would read on to the file's next comment.
  const body = text.slice(first, to);
  if (body.includes('--') || body.includes('/*')) return undefined;
  let last = to;
  while (last > first && isBlankOrSemicolon(text.charCodeAt(last - 1))) last--;
  return { start: lines.byteOfIndex(first), end: lines.byteOfIndex(last) };
}

/** Index of the first character after the blanks, semicolons and comments at `from`; undefined if a comment runs past `to`. */
function skipLeadingTrivia(text: string, from: number, to: number): number | undefined {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isBlankOrSemicolon(c)) {
      i++;
    } else if (c === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      // A line comment ends at the first \n or \r (scan.l: non_newline [^\n\r]).
      while (i < to && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= to) return undefined;
        if (text.charCodeAt(i) === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
          depth++;
          i += 2;
        } else if (text.charCodeAt(i) === 0x2a && text.charCodeAt(i + 1) === 0x2f) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return i;
}

/**
 * A statement of a long file: its tree is parsed from its own text each time it is asked for
 * (the linter asks once per statement), and dropped after use.
 */
class ReparsedStatement extends TrimmedStatement implements ParsedStatement {
  constructor(
    readonly type: string,
    rawStart: number,
    rawEnd: number,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly tokensOf: (start: number, end: number) => Token[],
  ) {
    super(rawStart, rawEnd, { text, lines: () => lines });
  }

  /** Scanned again on each use: a long file keeps no tokens per statement. */
  protected rangeTokens(): Token[] {
    return this.tokensOf(this.rawStart, this.rawEnd);
  }

  get node(): Node {
    const attempt = tryParse(this.text.slice(this.lines.indexOfByte(this.rawStart), this.lines.indexOfByte(this.rawEnd)));
    // It parsed as part of its chunk; alone it parses the same, so this cannot fail.
    if (!attempt.ok || !attempt.stmts[0]?.stmt) throw new Error(`migration-lint: a statement at byte ${this.rawStart} no longer parses on its own`);
    shiftLocations(attempt.stmts[0], this.rawStart);
    return attempt.stmts[0].stmt;
  }
}

/** A statement whose range is trimmed (leading comments and the `;` dropped) on first use. */
class LazyStatement extends TrimmedStatement implements ParsedStatement {
  readonly type: string;
  private raw: Token[] | undefined;

  constructor(
    readonly node: Node,
    rawStart: number,
    rawEnd: number,
    private readonly tokensOf: (start: number, end: number) => Token[],
    source: StatementText,
  ) {
    super(rawStart, rawEnd, source);
    this.type = Object.keys(node)[0]!;
  }

  /** The tokens of the raw range, comments included. */
  rawTokens(): Token[] {
    this.raw ??= this.tokensOf(this.rawStart, this.rawEnd);
    return this.raw;
  }

  protected rangeTokens(): Token[] {
    return this.rawTokens();
  }
}

type Attempt = { ok: true; stmts: RawStmt[] } | { ok: false; message: string; cursor: number };

/**
 * Only what PostgreSQL's scanner skips is blank (scan.l: `space [ \t\n\r\f\v]`): a no-break
 * space, U+3000, U+2028 or a stray BOM is a syntax error to PostgreSQL, though JavaScript's
 * trim() would drop it.
 */
const BLANK = /^[ \t\n\r\f\v]*$/;

function tryParse(sql: string): Attempt {
  if (BLANK.test(sql)) return { ok: true, stmts: [] };
  try {
    return { ok: true, stmts: parseSync(sql).stmts ?? [] };
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    // Not PostgreSQL's error but the WebAssembly's (out of memory): say what it printed.
    const printed = takeParserOutput();
    return {
      ok: false,
      message: details?.message ?? (error instanceof Error ? error.message : printed || String(error)),
      cursor: details?.cursorPosition ?? 0,
    };
  }
}

function scan(sql: string): Token[] | undefined {
  if (sql === '') return [];
  try {
    return scanSync(sql).tokens.map((t) => ({ start: t.start, end: t.end, text: t.text, kind: kindOf(t.tokenName, t.text) }));
  } catch {
    // The scanner throws on an unterminated quote, identifier or comment.
    return undefined;
  }
}

function kindOf(tokenName: string, text: string): TokenKind {
  if (tokenName === 'SQL_COMMENT') return 'line-comment';
  if (tokenName === 'C_COMMENT') return 'block-comment';
  if (text === ';') return 'semicolon';
  if (text === '(') return 'open-paren';
  if (text === ')') return 'close-paren';
  if (text === ',') return 'comma';
  return 'word';
}

/**
 * The file has a syntax error: split it at top-level semicolons with the scanner's tokens (so
 * semicolons in strings, comments, dollar quotes and BEGIN ATOMIC bodies are not split points)
 * and parse each piece on its own.
 */
function parseStatementByStatement(text: string, lines: LineIndex): ParsedSource {
  const range = { start: 0, end: lines.byteLength };
  const { tokens, swallowedFrom } = recoverTokens(text, lines, range);
  const { statements, failures } = parsePieces(text, lines, tokens, range, swallowedFrom !== undefined);
  return { statements, failures, tokens, tokensIn: (start, end) => slice(tokens, start, end) };
}

/** The tokens of a range that failed to parse, and where an unterminated literal swallows the rest. */
interface RecoveredTokens {
  tokens: Token[];
  /** Byte offset of an unterminated quote, dollar quote or comment: it runs to the range's end. */
  swallowedFrom?: number;
}

/** UTF-16 units the window of a recovering scan or parse starts with, and the most it grows to while all is well. */
const SCAN_WINDOW = 64 * 1024;
const SCAN_FLOOR = 1024;
const PARSE_WINDOW = 1024;
const WINDOW_MAX = 1024 * 1024;
/** UTF-16 units the search for a broken statement's end may scan in all, so no input makes it quadratic. */
const PROBE_BUDGET = 16 * 1024 * 1024;

/**
 * The scanner's tokens of a range, for splitting it into statements. PostgreSQL's scanner gives
 * no token at all for text holding a scanner error (an unterminated quote, dollar quote or
 * comment, `123abc`, `""`), so then tokens are taken up to that error: an unterminated literal
 * runs to the end of the range, as it does in PostgreSQL (nothing inside it is a statement);
 * another bad token stands as one token of its statement, and scanning goes on after it. Without
 * this, a syntax error earlier in the range (where the whole parse stops) would leave
 * everything up to that literal unlinted.
 *
 * The range is scanned a window at a time, each ending after a line break and kept up to its
 * last semicolon (where the scanner is in a clean state). A window that does not scan either
 * cuts a literal (a larger one will not) or holds the error: when none up to the end of the
 * range scans, the parser finds the error, since only it says where (`scanSync` gives no
 * position). Its first error may be a syntax error before the scanner's; that statement then
 * ends at its first semicolon token and the parser goes on from there.
 */
function recoverTokens(text: string, lines: LineIndex, range: Piece): RecoveredTokens {
  const whole = scanRange(text, lines, range.start, range.end);
  if (whole) return { tokens: whole };
  const tokens: Token[] = [];
  const budget = { left: PROBE_BUDGET };
  const limitIndex = lines.indexOfByte(range.end);
  let pos = range.start;
  let size = SCAN_WINDOW;
  let located = false;
  let growing = false;
  while (pos < range.end) {
    const startIndex = lines.indexOfByte(pos);
    const windowEnd = lines.byteOfIndex(windowEndIndex(text, startIndex, size, limitIndex));
    const atEnd = windowEnd >= range.end;
    if (!located) {
      const scanned = scanRange(text, lines, pos, windowEnd);
      if (scanned && atEnd) {
        append(tokens, scanned);
        return { tokens };
      }
      const last = scanned ? lastSemicolon(scanned) : -1;
      if (last >= 0) {
        append(tokens, scanned!.slice(0, last + 1));
        pos = scanned![last]!.end;
        size = Math.min(size * 2, WINDOW_MAX);
        growing = false;
      } else if (!scanned && !growing && size > SCAN_FLOOR) {
        // Closer in on the error, so that the parser has little to walk.
        size = Math.max(SCAN_FLOOR, size / 4);
      } else if (atEnd) {
        // The error is between here and the end: find it with the parser.
        located = true;
        size = PARSE_WINDOW;
      } else {
        // A statement longer than the window, or a literal the cut falls in.
        growing = true;
        size *= 2;
      }
      continue;
    }
    const attempt = tryParse(text.slice(startIndex, lines.indexOfByte(windowEnd)));
    if (attempt.ok) {
      // Nothing wrong in the window: keep its tokens up to its last semicolon.
      const scanned = atEnd ? undefined : scanRange(text, lines, pos, windowEnd);
      const last = scanned ? lastSemicolon(scanned) : -1;
      if (last >= 0) {
        append(tokens, scanned!.slice(0, last + 1));
        pos = scanned![last]!.end;
        size = Math.min(size * 2, WINDOW_MAX);
      } else if (atEnd) {
        // The rest parses but did not scan: the two disagree; the parse of the pieces has the last word.
        return { tokens, swallowedFrom: pos };
      } else size *= 2;
      continue;
    }
    const cursor = lines.byteOfIndex(lines.indexOfCodePoint(attempt.cursor, startIndex));
    const near = nearText(attempt.message);
    const nearEnd = near === undefined ? undefined : cursor + Buffer.byteLength(near);
    // An error that reaches the window's end may be the cut's doing (a quote closed after it, a
    // statement that goes on): look again with a larger window.
    if (!atEnd && (nearEnd === undefined || nearEnd >= windowEnd)) {
      size *= 2;
      continue;
    }
    size = PARSE_WINDOW;
    if (attempt.message.startsWith('syntax error') || nearEnd === undefined || scanRange(text, lines, cursor, nearEnd)) {
      // A syntax error: the broken statement ends at the first semicolon from it, at any depth.
      const upTo = tokensToSemicolon(text, lines, pos, cursor, range.end, budget);
      if (upTo) {
        append(tokens, upTo);
        pos = upTo.at(-1)!.end;
        continue;
      }
      // None within the budget: the statement runs to the end of the range, as one finding.
      const before = scanRange(text, lines, pos, cursor);
      if (before) append(tokens, before);
      return { tokens, swallowedFrom: before ? cursor : pos };
    }
    // The scanner's error: an unterminated literal swallows the rest; another bad token is one token.
    const before = scanRange(text, lines, pos, cursor);
    if (!before) return { tokens, swallowedFrom: pos };
    append(tokens, before);
    if (attempt.message.startsWith('unterminated')) return { tokens, swallowedFrom: cursor };
    tokens.push({ start: cursor, end: nearEnd, text: near!, kind: 'word' });
    pos = nearEnd;
    located = false;
    growing = false;
    size = SCAN_WINDOW;
  }
  return { tokens };
}

function lastSemicolon(tokens: Token[]): number {
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]!.kind !== 'semicolon') last--;
  return last;
}

/** Where a window starting at `start` ends: after a line break, never inside a surrogate pair. */
function windowEndIndex(text: string, start: number, size: number, limit: number): number {
  if (start + size >= limit) return limit;
  const cut = text.lastIndexOf('\n', start + size);
  if (cut > start) return cut + 1;
  const code = text.charCodeAt(start + size - 1);
  return code >= 0xd800 && code <= 0xdbff ? start + size + 1 : start + size;
}

/** The text PostgreSQL quotes in `… at or near "…"`: the token it stopped at, or for an unterminated literal all the rest. */
export function nearText(message: string): string | undefined {
  const marker = ' at or near "';
  const at = message.indexOf(marker);
  return at >= 0 && message.endsWith('"') ? message.slice(at + marker.length, -1) : undefined;
}

/**
 * The tokens from `from` (a clean place: a statement's start) up to the first semicolon token at
 * or after `cursor`, found by scanning up to each `;` in the text in turn until one ends the scan
 * as a token (the others are inside a string, comment or dollar quote). Undefined if none does
 * within the budget.
 */
function tokensToSemicolon(text: string, lines: LineIndex, from: number, cursor: number, limit: number, budget: { left: number }): Token[] | undefined {
  const fromIndex = lines.indexOfByte(from);
  const limitIndex = lines.indexOfByte(limit);
  for (let at = text.indexOf(';', lines.indexOfByte(cursor)); at >= 0 && at < limitIndex; at = text.indexOf(';', at + 1)) {
    budget.left -= at + 1 - fromIndex;
    if (budget.left < 0) return undefined;
    const tokens = scanRange(text, lines, from, lines.byteOfIndex(at + 1));
    if (tokens?.at(-1)?.kind === 'semicolon') return tokens;
  }
  return undefined;
}

/** Appends without spreading: a long file has more tokens than a call may take arguments. */
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

/** The tokens of the byte range [start, end) scanned on their own, at their places in the file; undefined if it does not scan. */
function scanRange(text: string, lines: LineIndex, start: number, end: number): Token[] | undefined {
  const tokens = scan(text.slice(lines.indexOfByte(start), lines.indexOfByte(end)));
  for (const token of tokens ?? []) {
    token.start += start;
    token.end += start;
  }
  return tokens;
}

/**
 * Parses the pieces of a range one by one. A piece that fails ends, for the failure, at the
 * first semicolon at or after PostgreSQL's error cursor, and what follows is split again: an
 * unclosed parenthesis would otherwise make the rest of the file one failing piece, and one
 * broken statement must cost one finding, not the linting of everything after it.
 */
function parsePieces(text: string, lines: LineIndex, tokens: Token[], range: Piece, tailRunsToEnd: boolean): { statements: ParsedStatement[]; failures: ParseFailure[] } {
  const statements: ParsedStatement[] = [];
  const failures: ParseFailure[] = [];
  const pieces = splitAtSemicolons(tokens, range, tailRunsToEnd);
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const startIndex = lines.indexOfByte(piece.start);
    const sql = text.slice(startIndex, lines.indexOfByte(piece.end));
    const attempt = tryParse(sql);
    if (attempt.ok) {
      for (const raw of attempt.stmts) shiftLocations(raw, piece.start);
      statements.push(...toStatements(attempt.stmts, piece.start, piece.end, (start, end) => slice(tokens, start, end), { text, lines: () => lines }));
      continue;
    }
    const offset = lines.byteOfIndex(lines.indexOfCodePoint(attempt.cursor, startIndex));
    const semicolon = attempt.cursor > 0 ? semicolonFrom(tokens, Math.max(offset, piece.start), piece.end) : undefined;
    const failed = trimRange(tokens, piece.start, semicolon?.start ?? piece.end);
    failures.push({ message: attempt.message, offset: Math.max(offset, failed.start), start: failed.start, end: failed.end });
    if (semicolon) pieces.splice(i + 1, 0, ...splitAtSemicolons(tokens, { start: semicolon.end, end: piece.end }, tailRunsToEnd && i === pieces.length - 1));
  }
  return { statements, failures };
}

/** The first semicolon token in [from, to), at any depth. */
function semicolonFrom(tokens: Token[], from: number, to: number): Token | undefined {
  for (let i = firstTokenAt(tokens, from); i < tokens.length && tokens[i]!.start < to; i++) {
    if (tokens[i]!.kind === 'semicolon') return tokens[i];
  }
  return undefined;
}

/**
 * A long file, parsed a chunk at a time: each chunk ends at the last top-level semicolon of a
 * window of the text (the window scanned with PostgreSQL's scanner, so the cut is never inside
 * a string, comment or dollar quote), and is parsed as a small file is. Tokens are scanned
 * again per statement when asked for, so no chunk's tokens or tree outlive its parse.
 */
class ChunkedSource implements ParsedSource {
  readonly statements: ParsedStatement[] = [];
  readonly failures: ParseFailure[] = [];
  private readonly chunks: Piece[] = [];
  private scanned: Token[] | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    windowSize: number,
  ) {
    let index = 0;
    while (index < text.length) {
      const end = this.chunkEnd(index, windowSize);
      this.parseChunk(index, end);
      index = end;
    }
  }

  /** Where the chunk starting at `index` ends: after the window's last top-level semicolon. */
  private chunkEnd(index: number, windowSize: number): number {
    for (let size = windowSize; ; size *= 2) {
      if (index + size >= this.text.length) return this.text.length;
      // Cut after a line break: never inside a token or a line comment.
      const cut = this.text.lastIndexOf('\n', index + size);
      const windowEnd = cut > index ? cut + 1 : index + size;
      const tokens = scan(this.text.slice(index, windowEnd));
      // Unscannable: the cut fell inside a string, comment or dollar quote; take a larger window.
      if (!tokens) continue;
      const last = topLevelSemicolons(tokens, { start: 0, end: Infinity }).pop();
      // No statement ends in the window: take a larger one.
      if (last) return this.lines.indexOfByte(this.lines.byteOfIndex(index) + last.end);
    }
  }

  private parseChunk(from: number, to: number): void {
    const base = this.lines.byteOfIndex(from);
    const limit = this.lines.byteOfIndex(to);
    this.chunks.push({ start: base, end: limit });
    const sql = this.text.slice(from, to);
    const attempt = tryParse(sql);
    if (attempt.ok) {
      // Only each statement's type and range are kept: its tree is parsed again when the walk
      // reaches it, so the trees of a long file never all live at once.
      const tokensOf = (start: number, end: number): Token[] => this.tokensOfRange(start, end);
      // Only the statements' types and raw ranges are read here, so they need no text to trim by.
      const chunkText = { text: sql, lines: (): LineIndex => new LineIndex(sql) };
      for (const statement of toStatements(attempt.stmts, 0, limit - base, tokensOf, chunkText)) {
        this.statements.push(new ReparsedStatement(statement.type, statement.rawStart + base, statement.rawEnd + base, this.text, this.lines, tokensOf));
      }
      return;
    }
    const { tokens, swallowedFrom } = recoverTokens(this.text, this.lines, { start: base, end: limit });
    const parsed = parsePieces(this.text, this.lines, tokens, { start: base, end: limit }, swallowedFrom !== undefined);
    append(this.statements, parsed.statements);
    append(this.failures, parsed.failures);
  }

  get tokens(): Token[] {
    this.scanned ??= this.chunks.flatMap((chunk) => this.tokensOfRange(chunk.start, chunk.end));
    return this.scanned;
  }

  tokensIn(start: number, end: number): Token[] {
    return this.scanned ? slice(this.scanned, start, end) : this.tokensOfRange(start, end);
  }

  /** The tokens of a range that is lexically whole (a statement, a chunk), scanned on their own. */
  private tokensOfRange(start: number, end: number): Token[] {
    return scanRange(this.text, this.lines, start, end) ?? [];
  }
}

interface Piece {
  start: number;
  end: number;
}

function splitAtSemicolons(tokens: Token[], range: Piece, tailRunsToEnd: boolean): Piece[] {
  const pieces: Piece[] = [];
  let start = range.start;
  for (const semicolon of topLevelSemicolons(tokens, range)) {
    pieces.push({ start, end: semicolon.start });
    start = semicolon.end;
  }
  pieces.push({ start, end: range.end });
  // Pieces holding only whitespace and comments are not statements.
  return pieces.filter((p, i) => (tailRunsToEnd && i === pieces.length - 1) || hasCode(tokens, p));
}

/** The semicolons of a range that end a statement: not inside parentheses or a BEGIN ATOMIC body. */
function topLevelSemicolons(tokens: Token[], range: Piece): Token[] {
  const found: Token[] = [];
  let parens = 0;
  let atomic = 0;
  let cases = 0;
  for (let i = firstTokenAt(tokens, range.start); i < tokens.length && tokens[i]!.start < range.end; i++) {
    const token = tokens[i]!;
    if (token.kind === 'open-paren') parens++;
    else if (token.kind === 'close-paren') parens = Math.max(0, parens - 1);
    else if (token.kind === 'word') {
      const word = token.text.toUpperCase();
      if (word === 'ATOMIC' && tokens[i - 1]?.text.toUpperCase() === 'BEGIN') atomic++;
      else if (atomic > 0 && word === 'CASE') cases++;
      else if (atomic > 0 && word === 'END') {
        if (cases > 0) cases--;
        else atomic--;
      }
    } else if (token.kind === 'semicolon' && parens === 0 && atomic === 0) found.push(token);
  }
  return found;
}

function hasCode(tokens: Token[], piece: Piece): boolean {
  for (let i = firstTokenAt(tokens, piece.start); i < tokens.length && tokens[i]!.start < piece.end; i++) {
    if (!isComment(tokens[i]!)) return true;
  }
  return false;
}

function toStatements(
  stmts: RawStmt[],
  base: number,
  limit: number,
  tokensOf: (start: number, end: number) => Token[],
  source: StatementText,
): LazyStatement[] {
  const out: LazyStatement[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const raw = stmts[i]!;
    if (!raw.stmt) continue;
    // libpg-query omits stmt_location when it is 0 and stmt_len for the last statement.
    const rawStart = raw.stmt_location ?? base;
    const rawEnd = raw.stmt_len !== undefined && raw.stmt_len > 0 ? rawStart + raw.stmt_len : nextStart(stmts, i, limit);
    out.push(new LazyStatement(raw.stmt, rawStart, rawEnd, tokensOf, source));
  }
  return out;
}

function nextStart(stmts: RawStmt[], i: number, limit: number): number {
  const next = stmts[i + 1];
  return next?.stmt_location ?? limit;
}

/** Narrows a byte range to its first and last code tokens (comments, blanks and `;` dropped). */
function trimRange(tokens: Token[], start: number, end: number): Piece {
  let first = -1;
  let last = -1;
  for (let i = firstTokenAt(tokens, start); i < tokens.length && tokens[i]!.start < end; i++) {
    const token = tokens[i]!;
    if (isComment(token) || token.kind === 'semicolon') continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return { start, end: start };
  return { start: tokens[first]!.start, end: tokens[last]!.end };
}

/** Index of the first token that starts at or after `offset`. */
export function firstTokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function isComment(token: Token): boolean {
  return token.kind === 'line-comment' || token.kind === 'block-comment';
}

/** Re-bases the `location` fields of a piece parsed on its own onto the whole file. */
function shiftLocations(value: unknown, offset: number): void {
  if (offset === 0 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) shiftLocations(item, offset);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if ((key === 'location' || key === 'stmt_location') && typeof field === 'number' && field >= 0) {
      record[key] = field + offset;
    } else if (field !== null && typeof field === 'object') shiftLocations(field, offset);
  }
}
