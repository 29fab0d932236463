/**
 * Punctuation read from the text alone, where PostgreSQL's scanner would say the same. The
 * scanner costs about as much as the parser, and most statements a finding points into are plain
 * enough to read without it. Text is plain when it holds no `$` (dollar quotes, parameters), no
 * `\` (escapes in `E'…'`), no `&` (`U&"…" UESCAPE '…'`) and no comment marker (`--`, `/*`). In
 * such text a string or quoted identifier runs to the next quote of its kind (a doubled quote,
 * scan.l's `xqdouble` and `xddouble`, reads as one ending and the next starting, with nothing
 * between), and outside them every `,`, `(` and `)` is a token of its own (scan.l: `self`).
 * Anything else goes to the scanner. Offsets here are UTF-16 indexes into the text.
 */

/** Whether text[from, to) is plain: no `$`, `\`, `&`, `--` or `/*`. */
export function isPlainText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x5c || c === 0x26) return false;
    if ((c === 0x2d || c === 0x2f) && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      if ((c === 0x2d && next === 0x2d) || (c === 0x2f && next === 0x2a)) return false;
    }
  }
  return true;
}

/** scan.l: `space [ \t\n\r\f\v]`. */
function isBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** scan.l: `ident_cont [A-Za-z\200-\377_0-9\$]` (a non-ASCII character is a run of such bytes). */
function isIdentChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80;
}

/** In plain text, the index after the string or quoted identifier whose opening quote is at `at`. */
function afterQuoted(text: string, at: number, to: number): number {
  const close = text.indexOf(text[at]!, at + 1);
  return close < 0 || close >= to ? to : close + 1;
}

/**
 * In plain text, the index just after the name that starts at `at` and its `.`-joined parts
 * (`schema.table`, `"public"."users"`; blanks allowed around the dots).
 */
export function afterQualifiedName(text: string, at: number, to: number): number {
  let i = at;
  for (;;) {
    // A doubled quote inside a name reads as two quoted runs back to back.
    if (text.charCodeAt(i) === 0x22) while (i < to && text.charCodeAt(i) === 0x22) i = afterQuoted(text, i, to);
    else while (i < to && isIdentChar(text.charCodeAt(i))) i++;
    let j = i;
    while (j < to && isBlank(text.charCodeAt(j))) j++;
    if (j >= to || text.charCodeAt(j) !== 0x2e) return i;
    j++;
    while (j < to && isBlank(text.charCodeAt(j))) j++;
    i = j;
  }
}

/**
 * In plain text, the spans of text[from, to) between top-level commas (outside parentheses,
 * strings and quoted identifiers), each without its surrounding blanks; empty spans are left out.
 */
export function commaSeparatedSpans(text: string, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let spanStart = from;
  let i = from;
  while (i <= to) {
    const c = i < to ? text.charCodeAt(i) : 0x2c;
    if (c === 0x27 || c === 0x22) {
      i = afterQuoted(text, i, to);
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29) depth--;
    else if (c === 0x2c && (depth === 0 || i === to)) {
      let start = spanStart;
      let end = i;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
      while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
      if (start < end) spans.push([start, end]);
      spanStart = i + 1;
    }
    i++;
  }
  return spans;
}

/**
 * In plain text, the span of the first bare word in text[from, to) that reads `upperWord` in any
 * case (outside strings and quoted identifiers, a run of identifier characters is one keyword or
 * identifier token).
 */
export function firstBareWord(text: string, from: number, to: number, upperWord: string): [number, number] | undefined {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x27 || c === 0x22) {
      i = afterQuoted(text, i, to);
    } else if (isIdentChar(c)) {
      const start = i;
      while (i < to && isIdentChar(text.charCodeAt(i))) i++;
      if (i - start === upperWord.length && text.slice(start, i).toUpperCase() === upperWord) return [start, i];
    } else i++;
  }
  return undefined;
}
