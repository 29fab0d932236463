/**
 * Converts the offsets the parser speaks (UTF-8 bytes, code points) into the positions users
 * see (1-based lines, 1-based UTF-16 columns, as ESLint, SARIF and editors count them).
 * This is the only place that does so.
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

const enum Char {
  LF = 10,
  CR = 13,
}

export class LineIndex {
  readonly text: string;
  /** UTF-16 index where each line starts. */
  private readonly lineStarts: number[];
  /** UTF-8 byte offset where each line starts. */
  private readonly lineByteStarts: number[];
  /** Whether each line is pure ASCII (byte column == UTF-16 column). */
  private readonly lineAscii: boolean[];
  readonly byteLength: number;

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    const byteStarts = [0];
    const ascii: boolean[] = [];
    let bytes = 0;
    let lineIsAscii = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        bytes += 1;
        if (c === Char.LF || c === Char.CR) {
          if (c === Char.CR && text.charCodeAt(i + 1) === Char.LF) {
            i++;
            bytes += 1;
          }
          ascii.push(lineIsAscii);
          lineIsAscii = true;
          starts.push(i + 1);
          byteStarts.push(bytes);
        }
        continue;
      }
      lineIsAscii = false;
      if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          bytes += 4;
          i++;
        } else bytes += 3;
      } else bytes += 3;
    }
    ascii.push(lineIsAscii);
    this.lineStarts = starts;
    this.lineByteStarts = byteStarts;
    this.lineAscii = ascii;
    this.byteLength = bytes;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** UTF-16 index of a UTF-8 byte offset (clamped to the text). */
  indexOfByte(byteOffset: number): number {
    if (byteOffset <= 0) return 0;
    if (byteOffset >= this.byteLength) return this.text.length;
    const line = upperBound(this.lineByteStarts, byteOffset) - 1;
    const lineStart = this.lineStarts[line]!;
    let remaining = byteOffset - this.lineByteStarts[line]!;
    if (this.lineAscii[line]) return lineStart + remaining;
    let i = lineStart;
    while (remaining > 0 && i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c < 0x80) remaining -= 1;
      else if (c < 0x800) remaining -= 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        remaining -= 4;
        i++;
      } else remaining -= 3;
      i++;
    }
    return i;
  }

  /** UTF-8 byte offset of a UTF-16 index. */
  byteOfIndex(index: number): number {
    if (index <= 0) return 0;
    if (index >= this.text.length) return this.byteLength;
    const line = upperBound(this.lineStarts, index) - 1;
    const lineStart = this.lineStarts[line]!;
    let bytes = this.lineByteStarts[line]!;
    if (this.lineAscii[line]) return bytes + (index - lineStart);
    for (let i = lineStart; i < index; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /** UTF-16 index of a 0-based code point index (what libpg-query's error cursor holds). */
  indexOfCodePoint(codePoint: number, fromIndex = 0): number {
    let i = fromIndex;
    let remaining = codePoint;
    while (remaining > 0 && i < this.text.length) {
      const c = this.text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      remaining--;
    }
    return Math.min(i, this.text.length);
  }

  /** 1-based line and UTF-16 column of a UTF-16 index. */
  positionOfIndex(index: number): Position {
    const clamped = Math.max(0, Math.min(index, this.text.length));
    const line = upperBound(this.lineStarts, clamped) - 1;
    return { line: line + 1, column: clamped - this.lineStarts[line]! + 1 };
  }

  positionOfByte(byteOffset: number): Position {
    return this.positionOfIndex(this.indexOfByte(byteOffset));
  }

  /** UTF-16 index of a 1-based line and column (clamped to the line). */
  indexOfPosition(pos: Position): number {
    const line = Math.max(1, Math.min(pos.line, this.lineStarts.length)) - 1;
    const start = this.lineStarts[line]!;
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length + 1;
    return Math.min(start + Math.max(0, pos.column - 1), next - 1);
  }

  /** UTF-16 index just past the last character of a line, line break excluded. */
  lineEndIndex(line: number): number {
    const i = line - 1;
    if (i + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[i + 1]!;
    if (this.text.charCodeAt(end - 1) === Char.LF) end--;
    if (this.text.charCodeAt(end - 1) === Char.CR) end--;
    return end;
  }
}

/** First index whose value is greater than `value` in an ascending array. */
function upperBound(values: number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
