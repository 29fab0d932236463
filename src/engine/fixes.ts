/**
 * Applies rule fixes to a text, as ESLint does: sorted by position, a fix that overlaps one
 * already taken waits for the next pass. Ranges are UTF-16 offsets (the JSON `fix.range`).
 */
import type { FixInfo } from './types.js';

export interface FixOutcome {
  output: string;
  /** Fixes applied in this pass. */
  applied: number;
  /** Fixes left because they overlapped another. */
  skipped: number;
}

export function applyFixes(text: string, fixes: readonly FixInfo[]): FixOutcome {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let cursor = 0;
  let applied = 0;
  let skipped = 0;
  let lastEnd = -1;
  for (const fix of sorted) {
    // Fixes that overlap or touch conflict; the later one waits for another pass.
    if (fix.range[0] <= lastEnd) {
      skipped++;
      continue;
    }
    output += text.slice(cursor, fix.range[0]) + fix.text;
    cursor = fix.range[1];
    lastEnd = fix.range[1];
    applied++;
  }
  output += text.slice(cursor);
  return { output, applied, skipped };
}
