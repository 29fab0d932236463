/**
 * Reads a migration file's layout from its comments, as its framework defines them: which
 * statements belong to the "down" section (`-- +goose Down`, `-- migrate:down`), and whether the
 * file opts out of its runner's transaction (`-- +goose NO TRANSACTION`).
 */
import { isComment, type Token } from '../parser/index.js';
import type { Section } from '../migrations/frameworks.js';
import type { ByteRange, TransactionMode } from './types.js';

export interface FileFormat {
  sectionMarker?: (comment: string) => Section | undefined;
  transactionOptOut?: (comment: string) => boolean;
  sendsFileAsOneQuery?: boolean;
}

export interface FileLayout {
  downRanges: ByteRange[];
  optsOutOfTransaction: boolean;
}

/**
 * The mode a file runs in: the given one, unless the file opts out of its runner's transaction;
 * then `implicit` for a runner that still sends the file as one query (dbmate), else `none`.
 */
export function fileTransactionMode(mode: TransactionMode, layout: FileLayout, format: FileFormat | undefined): TransactionMode {
  if (!layout.optsOutOfTransaction) return mode;
  return format?.sendsFileAsOneQuery ? 'implicit' : 'none';
}

/** How many statements of the file the runner sends (parsed or not): those outside down sections. */
export function upStatementCount(layout: FileLayout, units: readonly (readonly { start: number }[])[]): number {
  let count = 0;
  for (const list of units) {
    if (layout.downRanges.length === 0) count += list.length;
    else for (const unit of list) if (!inDownSection(layout, () => unit.start)) count++;
  }
  return count;
}

/** `tokens` is only asked for when the format has markers: most frameworks have none. */
export function readFileLayout(tokens: () => readonly Token[], format: FileFormat | undefined, byteLength: number): FileLayout {
  const layout: FileLayout = { downRanges: [], optsOutOfTransaction: false };
  if (!format?.sectionMarker && !format?.transactionOptOut) return layout;
  let downStart: number | undefined;
  for (const token of tokens()) {
    if (!isComment(token)) continue;
    if (format.transactionOptOut?.(token.text)) layout.optsOutOfTransaction = true;
    const section = format.sectionMarker?.(token.text);
    if (section === 'down' && downStart === undefined) downStart = token.start;
    else if (section === 'up' && downStart !== undefined) {
      layout.downRanges.push([downStart, token.start]);
      downStart = undefined;
    }
  }
  if (downStart !== undefined) layout.downRanges.push([downStart, byteLength]);
  return layout;
}

/**
 * Whether an offset lies in a down section. The offset is asked for only when the file has down
 * sections: a statement's range is worked out lazily, and most files never need it.
 */
export function inDownSection(layout: FileLayout, offset: () => number): boolean {
  if (layout.downRanges.length === 0) return false;
  const at = offset();
  return layout.downRanges.some(([start, end]) => at >= start && at < end);
}
