import { defineRule } from '../src/engine/define-rule.js';
import type { ByteRange } from '../src/engine/types.js';

type MessageIds = 'tooLong' | 'collision';

/** NAMEDATALEN - 1: the most bytes PostgreSQL keeps of an identifier. */
const MAX_BYTES = 63;

const NON_ASCII = /[^\x00-\x7f]/;
/** ASCII characters that continue an identifier (scan.l: `ident_cont`). */
const IDENT_CHAR = new Uint8Array(128).map((_, c) => Number(/[A-Za-z0-9_$]/.test(String.fromCharCode(c))));

/**
 * Where the text may hold an identifier over 63 bytes: the UTF-16 indexes at which a run of
 * identifier characters, or of characters after a double quote on one line, passes 63 UTF-8
 * bytes. Only statements holding one are read token by token (scanning costs as much as parsing;
 * 5 of the 2,275 corpus files have one). ASCII text (most files) is first checked by a loop that
 * stops at the first such run: half the cost of this one, and of a regular expression.
 */
function longRuns(text: string): number[] {
  if (!NON_ASCII.test(text) && !asciiHasLongRun(text)) return [];
  const found: number[] = [];
  let run = 0;
  let quoted = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // UTF-8 bytes of this UTF-16 unit (a surrogate pair's two units make 4).
    const bytes = c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    if (c === 34) {
      quoted = quoted < 0 ? 0 : -1;
      run = 0;
      continue;
    }
    if (c === 10) quoted = -1;
    else if (quoted >= 0 && quoted <= MAX_BYTES && (quoted += bytes) > MAX_BYTES) found.push(i);
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
    run = word ? run + bytes : 0;
    if (run > MAX_BYTES && run - bytes <= MAX_BYTES) found.push(i);
  }
  return found;
}

/** In ASCII text (one byte a character), whether longRuns would find anything. */
function asciiHasLongRun(text: string): boolean {
  let run = 0;
  let quoted = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (IDENT_CHAR[c] === 1) {
      if (++run > MAX_BYTES || (quoted >= 0 && ++quoted > MAX_BYTES)) return true;
      continue;
    }
    run = 0;
    if (c === 34) quoted = quoted < 0 ? 0 : -1;
    else if (c === 10) quoted = -1;
    else if (quoted >= 0 && ++quoted > MAX_BYTES) return true;
  }
  return false;
}

export default defineRule<[], MessageIds>({
  id: 'no-long-identifiers',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow identifiers longer than 63 bytes, which PostgreSQL silently truncates (two long names can become the same name)',
      recommended: true,
    },
    messages: {
      tooLong:
        'Identifier "{{name}}" is {{bytes}} bytes, and PostgreSQL silently truncates it to 63 ("{{truncated}}"): the object gets a name nobody wrote, a second name that starts with the same 63 bytes collides with it ("already exists"), and tools that compare names (drizzle-kit, Prisma) see a name that differs from the schema. Give it a name of at most 63 bytes.',
      collision:
        'Identifiers "{{name}}" and "{{other}}" (line {{line}}) are both truncated by PostgreSQL to "{{truncated}}": they name the same object, so creating the second fails with "already exists", or a statement meant for one acts on the other. Give both names of at most 63 bytes.',
    },
    schema: [],
  },
  create(context) {
    /** Byte offsets where a long run passes 63 bytes, in order. */
    let marks: number[] = [];
    /** Long identifiers seen in the file, by their truncated form. */
    let seen = new Map<string, { name: string; line: number }>();
    return {
      File() {
        seen = new Map();
        const runs = longRuns(context.sourceCode.text);
        marks = runs.length === 0 ? [] : runs.map((index) => context.sourceCode.lines.byteOfIndex(index));
      },
      Statement(statement) {
        if (!marks.some((mark) => mark >= statement.start && mark < statement.end)) return;
        for (const token of context.sourceCode.tokensIn(statement.start, statement.end)) {
          const name = identifierName(token.text);
          if (name === undefined) continue;
          const bytes = Buffer.byteLength(name);
          if (bytes <= MAX_BYTES) continue;
          const truncated = truncate(name);
          const range: ByteRange = [token.start, token.end];
          const earlier = seen.get(truncated);
          if (earlier?.name === name) continue;
          if (earlier) {
            context.report({ messageId: 'collision', data: { name, other: earlier.name, line: earlier.line, truncated }, range });
            continue;
          }
          seen.set(truncated, { name, line: context.sourceCode.lines.positionOfByte(token.start).line });
          context.report({ messageId: 'tooLong', data: { name, bytes, truncated }, range });
        }
      },
    };
  },
});

/** The identifier a token spells, as PostgreSQL stores it before truncation, or undefined. */
function identifierName(text: string): string | undefined {
  if (text.length > 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replaceAll('""', '"');
  // Unquoted: PostgreSQL folds ASCII letters to lower case.
  if (/^[\p{L}_][\p{L}\p{N}_$]*$/u.test(text)) return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return undefined;
}

/** PostgreSQL's truncation: the longest prefix of whole characters within 63 bytes. */
function truncate(name: string): string {
  let bytes = 0;
  let out = '';
  for (const char of name) {
    bytes += Buffer.byteLength(char);
    if (bytes > MAX_BYTES) break;
    out += char;
  }
  return out;
}
