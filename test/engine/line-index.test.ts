import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/source/line-index.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('LineIndex', () => {
  it('maps UTF-8 byte offsets to UTF-16 columns with é, € and an astral emoji', () => {
    const text = "-- é € 😀\nSELECT 'x';";
    const lines = new LineIndex(text);
    // 'S' of SELECT: line 2, column 1 whatever came before.
    expect(lines.positionOfByte(bytes('-- é € 😀\n'))).toEqual({ line: 2, column: 1 });
    // The emoji starts after "-- é € " (7 UTF-16 units) and is two units wide.
    expect(lines.positionOfByte(bytes('-- é € '))).toEqual({ line: 1, column: 8 });
    expect(lines.positionOfByte(bytes('-- é € 😀'))).toEqual({ line: 1, column: 10 });
    expect(lines.byteLength).toBe(bytes(text));
  });

  it('round-trips every character boundary between bytes and UTF-16 indices', () => {
    const text = 'aé€😀b\r\nç😀\rz';
    const lines = new LineIndex(text);
    let index = 0;
    for (const ch of text) {
      expect(lines.byteOfIndex(index)).toBe(bytes(text.slice(0, index)));
      expect(lines.indexOfByte(bytes(text.slice(0, index)))).toBe(index);
      index += ch.length;
    }
  });

  it('treats CRLF as one line break and a lone CR as a line break', () => {
    const lines = new LineIndex('a\r\nb\rc\nd');
    expect(lines.lineCount).toBe(4);
    expect(lines.positionOfIndex(3)).toEqual({ line: 2, column: 1 });
    expect(lines.positionOfIndex(5)).toEqual({ line: 3, column: 1 });
    expect(lines.lineEndIndex(1)).toBe(1);
  });

  it("converts libpg-query's code point error cursor", () => {
    const lines = new LineIndex("SELECT '😀😀' FROM;");
    // PostgreSQL reports code point 16 for the ';' here; in UTF-16 it is index 18.
    expect(lines.indexOfCodePoint(16)).toBe(18);
  });
});
