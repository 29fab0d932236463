/**
 * Text PostgreSQL refuses before it parses anything: bytes that are not UTF-8, and NUL bytes.
 * The server checks a query's whole text on arrival (pg_any_to_server → pg_verify_mbstr), so
 * one such byte fails the whole file. Found here, on the bytes: once decoded, an invalid byte
 * is a U+FFFD that cannot be told from a real one.
 */
import { isUtf8 } from 'node:buffer';

/** The first byte PostgreSQL rejects, as an index into the decoded text, in PostgreSQL's words. */
export interface TextFault {
  index: number;
  message: string;
}

/** Decodes a file's bytes; `fault` is set when PostgreSQL would reject them. */
export function decodeSqlBytes(bytes: Buffer): { text: string; fault?: TextFault } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes) && !bytes.includes(0)) return { text };
  const at = firstRejectedByte(bytes);
  if (at < 0) return { text };
  return { text, fault: { index: bytes.subarray(0, at).toString('utf8').length, message: invalidSequence(bytes, at) } };
}

/** A NUL in text that is already a string (standard input, an editor buffer). */
export function nulFault(text: string): TextFault | undefined {
  const index = text.indexOf('\0');
  return index < 0 ? undefined : { index, message: 'invalid byte sequence for encoding "UTF8": 0x00' };
}

/** PostgreSQL's pg_utf8_verifystr: the offset of the first byte that is NUL or starts no legal sequence, or -1. */
function firstRejectedByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    if (c < 0x80) {
      if (c === 0) return i;
      i++;
      continue;
    }
    const length = sequenceLength(c);
    if (i + length > bytes.length || !isLegal(bytes, i, length)) return i;
    i += length;
  }
  return -1;
}

/** pg_utf_mblen: the length the first byte announces. */
function sequenceLength(c: number): number {
  if ((c & 0xe0) === 0xc0) return 2;
  if ((c & 0xf0) === 0xe0) return 3;
  if ((c & 0xf8) === 0xf0) return 4;
  return 1;
}

/** pg_utf8_islegal: no overlong forms, no surrogates, nothing above U+10FFFF. */
function isLegal(bytes: Buffer, at: number, length: number): boolean {
  const first = bytes[at]!;
  for (let k = length - 1; k >= 2; k--) {
    const b = bytes[at + k]!;
    if (b < 0x80 || b > 0xbf) return false;
  }
  if (length >= 2) {
    const b = bytes[at + 1]!;
    const [lo, hi] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (b < lo || b > hi) return false;
  }
  return !((first >= 0x80 && first < 0xc2) || first > 0xf4);
}

/** report_invalid_encoding: the bytes of the sequence the first byte announces, as far as the text goes. */
function invalidSequence(bytes: Buffer, at: number): string {
  const shown: string[] = [];
  const length = bytes[at] === 0 ? 1 : sequenceLength(bytes[at]!);
  for (let k = 0; k < length && at + k < bytes.length; k++) shown.push(`0x${bytes[at + k]!.toString(16).padStart(2, '0')}`);
  return `invalid byte sequence for encoding "UTF8": ${shown.join(' ')}`;
}
