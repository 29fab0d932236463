/**
 * A parsed file as rules see it: its text, tokens and statements, and the ranges of AST nodes.
 * Offsets are UTF-8 bytes throughout; positions for users are made later, by the line index.
 */
import { isComment, type ParsedSource, type ParsedStatement, type Token } from '../parser/index.js';
import type { LineIndex } from '../source/line-index.js';
import type { ByteRange } from '../parser/index.js';
import { afterQualifiedName, commaSeparatedSpans, firstBareWord, isPlainText } from '../parser/plain-text.js';

export class SourceCode {
  readonly text: string;
  readonly statements: readonly ParsedStatement[];
  private readonly parsed: ParsedSource;
  private readonly lineIndex: () => LineIndex;

  constructor(text: string, lines: () => LineIndex, parsed: ParsedSource) {
    this.text = text;
    this.lineIndex = lines;
    this.parsed = parsed;
    this.statements = parsed.statements;
  }

  /** The text's line index (built the first time it is asked for: most files report nothing). */
  get lines(): LineIndex {
    return this.lineIndex();
  }

  /** Every token of the file, comments included (scanned the first time it is asked for). */
  get tokens(): readonly Token[] {
    return this.parsed.tokens;
  }

  /** Tokens that start within [start, end), comments excluded unless asked for. */
  tokensIn(start: number, end: number, withComments = false): Token[] {
    const tokens = this.parsed.tokensIn(start, end);
    return withComments ? tokens : tokens.filter((token) => !isComment(token));
  }

  /**
   * The first keyword or bare name in [start, end) that reads `word` (upper case) in any case:
   * from the text when it is plain (see plain-text.ts), else from the scanner's tokens.
   */
  findWord(start: number, end: number, word: string): ByteRange | undefined {
    const lines = this.lines;
    const from = lines.indexOfByte(start);
    const to = lines.indexOfByte(end);
    if (isPlainText(this.text, from, to)) {
      const span = firstBareWord(this.text, from, to, word);
      return span && [lines.byteOfIndex(span[0]), lines.byteOfIndex(span[1])];
    }
    const token = this.tokensIn(start, end).find((t) => t.text.toUpperCase() === word);
    return token && [token.start, token.end];
  }

  /** The source text of a byte range. */
  textOf(range: ByteRange): string {
    return this.text.slice(this.lines.indexOfByte(range[0]), this.lines.indexOfByte(range[1]));
  }

  /**
   * The byte range of a node inside a statement. ALTER TABLE subcommands get their own clause
   * (`ADD COLUMN …` up to the next top-level comma); other nodes run from their first location
   * to the end of their clause. Nodes with no location fall back to the statement.
   */
  rangeOf(node: object, statement: { node: object; start: number; end: number }): ByteRange {
    const clause = this.alterTableClause(node, statement);
    if (clause) return clause;
    const start = minLocation(node);
    if (start === undefined || start < statement.start || start >= statement.end) return [statement.start, statement.end];
    if (isLeaf(node)) {
      const token = this.tokensIn(start, statement.end)[0];
      if (token && token.start === start) return [token.start, token.end];
    }
    return [start, this.clauseEnd(start, statement.end)];
  }

  /** End of the clause that starts at `start`: the next top-level `,` or unmatched `)`. */
  private clauseEnd(start: number, limit: number): number {
    let depth = 0;
    let end = start;
    for (const token of this.tokensIn(start, limit)) {
      if (token.kind === 'open-paren') depth++;
      else if (token.kind === 'close-paren') {
        if (depth === 0) break;
        depth--;
      } else if (token.kind === 'comma' && depth === 0) break;
      end = token.end;
    }
    return Math.max(end, start);
  }

  private alterTableClause(node: object, statement: { node: object; start: number; end: number }): ByteRange | undefined {
    const alter = (statement.node as { AlterTableStmt?: { cmds?: { AlterTableCmd?: object }[]; relation?: { location?: number } } })
      .AlterTableStmt;
    const index = alter?.cmds?.findIndex((cmd) => cmd.AlterTableCmd === node) ?? -1;
    const nameAt = alter?.relation?.location;
    if (!alter || index < 0 || nameAt === undefined) return undefined;
    // The first clause starts after the table name (`schema.table`).
    const clauses = this.plainClauses(nameAt, statement) ?? this.scannedClauses(nameAt, statement);
    return clauses && clauses.length === alter.cmds!.length ? clauses[index] : undefined;
  }

  /** The clauses after the name at `nameAt`, read from the text when it is plain (see plain-text.ts). */
  private plainClauses(nameAt: number, statement: { start: number; end: number }): ByteRange[] | undefined {
    const lines = this.lines;
    const from = lines.indexOfByte(statement.start);
    const to = lines.indexOfByte(statement.end);
    const name = lines.indexOfByte(nameAt);
    if (name < from || name >= to || !isPlainText(this.text, from, to)) return undefined;
    const spans = commaSeparatedSpans(this.text, afterQualifiedName(this.text, name, to), to);
    return spans.map(([start, end]) => [lines.byteOfIndex(start), lines.byteOfIndex(end)] as const);
  }

  /** The clauses after the name at `nameAt`, from the scanner's tokens. */
  private scannedClauses(nameAt: number, statement: { start: number; end: number }): ByteRange[] | undefined {
    const tokens = this.tokensIn(statement.start, statement.end);
    let i = tokens.findIndex((t) => t.start === nameAt);
    if (i < 0) return undefined;
    i++;
    while (tokens[i]?.text === '.' && tokens[i + 1]) i += 2;
    const clauses: ByteRange[] = [];
    let depth = 0;
    let clauseStart = i;
    for (let j = i; j <= tokens.length; j++) {
      const token = tokens[j];
      if (token?.kind === 'open-paren') depth++;
      else if (token?.kind === 'close-paren') depth--;
      if (!token || (token.kind === 'comma' && depth === 0)) {
        if (clauseStart < j) clauses.push([tokens[clauseStart]!.start, tokens[j - 1]!.end]);
        clauseStart = j + 1;
      }
    }
    return clauses;
  }
}

/** A node with no located children (a constant, a column reference): one token long. */
function isLeaf(node: object): boolean {
  return Object.entries(node).every(([key, field]) => key === 'location' || minLocation(field) === undefined);
}

/** The smallest `location` in a node's subtree, if any. */
export function minLocation(value: unknown): number | undefined {
  let min: number | undefined;
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    for (const [key, field] of Object.entries(v)) {
      if (key === 'location') {
        if (typeof field === 'number' && field >= 0 && (min === undefined || field < min)) min = field;
      } else visit(field);
    }
  };
  visit(value);
  return min;
}
