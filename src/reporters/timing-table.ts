/**
 * The rule timing table that `TIMING=1` prints after a run, as ESLint's does: the rules that took
 * longest, with their share of all rule time. `TIMING=all` lists every rule, `TIMING=<n>` the top n.
 */

/** How many rows the TIMING value asks for; undefined when it asks for none. */
export function timingRows(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '0' || value.toLowerCase() === 'false') return undefined;
  if (value.toLowerCase() === 'all') return Infinity;
  const n = Number(value);
  // ESLint: TIMING=1 (or any non-number) means the top ten.
  return Number.isInteger(n) && n > 1 ? n : 10;
}

export function timingTable(timing: ReadonlyMap<string, number>, rows: number): string {
  const total = [...timing.values()].reduce((sum, ms) => sum + ms, 0);
  const shown = [...timing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, rows);
  const lines = [['Rule', 'Time (ms)', 'Relative'], ...shown.map(([id, ms]) => [id, ms.toFixed(3), `${total > 0 ? ((100 * ms) / total).toFixed(1) : '0.0'}%`])];
  const widths = [0, 1, 2].map((column) => Math.max(...lines.map((line) => line[column]!.length)));
  const row = (line: string[]): string => `${line[0]!.padEnd(widths[0]!)} | ${line[1]!.padStart(widths[1]!)} | ${line[2]!.padStart(widths[2]!)}`;
  // Each cell of the rule spans its column and the blanks beside it: `:----|-----:|----:`.
  const rule = `:${'-'.repeat(widths[0]!)}|${'-'.repeat(widths[1]! + 1)}:|${'-'.repeat(widths[2]!)}:`;
  return [row(lines[0]!), rule, ...lines.slice(1).map(row)].join('\n') + '\n';
}
