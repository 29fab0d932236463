/** ESLint's "stylish" layout: the file path, then `line:col  severity  message  rule-id` rows, then a summary. */
import path from 'node:path';
import { createColors } from 'picocolors';
import { unifiedDiff } from './fix-diff.js';
import type { Formatter } from './types.js';

const plural = (word: string, count: number): string => (count === 1 ? word : `${word}s`);

const text: Formatter = (results, context) => {
  const c = createColors(context.color);
  let output = '\n';
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  let filesFixed = 0;
  for (const result of results) {
    const before = result.output === undefined ? undefined : context.textBeforeFixes?.(result.filePath);
    const shownPath = (path.isAbsolute(result.filePath) ? path.relative(context.cwd, result.filePath) || result.filePath : result.filePath).split(path.sep).join('/');
    const diff = before === undefined ? '' : unifiedDiff(shownPath, before, result.output!);
    if (result.messages.length === 0 && !diff) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    output += `${c.underline(shownPath)}\n`;
    const rows = result.messages.map((m) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? 'error' : 'warning',
      m.message.replace(/([^ ])\.$/, '$1'),
      m.ruleId ?? '',
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const [pos, severity, message, rule] of rows) {
      const sev = severity === 'error' ? c.red(severity!.padEnd(widths[1]!)) : c.yellow(severity!.padEnd(widths[1]!));
      output += `  ${c.dim(pos!.padEnd(widths[0]!))}  ${sev}  ${message!.padEnd(widths[2]!)}  ${c.dim(rule!)}`.trimEnd() + '\n';
    }
    if (diff) {
      // What --fix would write; the problems listed above are the ones left after it.
      filesFixed++;
      if (rows.length > 0) output += '\n';
      output += `${diff.split('\n').map((line) => colourDiffLine(line, c)).join('\n')}`;
      if (!diff.endsWith('\n')) output += '\n';
    }
    output += '\n';
  }
  const total = errors + warnings;
  const fixedNote = filesFixed > 0 ? `${c.bold(`${filesFixed} ${plural('file', filesFixed)} would be changed by --fix (the diff is above; the problems listed are those left after the fixes).`)}\n` : '';
  if (total === 0) return filesFixed > 0 ? `${output}${fixedNote}` : '';
  const summary = `\u2716 ${total} ${plural('problem', total)} (${errors} ${plural('error', errors)}, ${warnings} ${plural('warning', warnings)})`;
  output += `${errors > 0 ? c.bold(c.red(summary)) : c.bold(c.yellow(summary))}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    const line = `  ${fixableErrors} ${plural('error', fixableErrors)} and ${fixableWarnings} ${plural('warning', fixableWarnings)} potentially fixable with the \`--fix\` option.`;
    output += `${errors > 0 ? c.bold(c.red(line)) : c.bold(c.yellow(line))}\n`;
  }
  return `${output}${fixedNote}`;
};

function colourDiffLine(line: string, c: ReturnType<typeof createColors>): string {
  if (line.startsWith('--- ') || line.startsWith('+++ ')) return c.bold(line);
  if (line.startsWith('@@')) return c.cyan(line);
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  return line;
}
export default text;
