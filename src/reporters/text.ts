/** ESLint's "stylish" layout: the file path, then `line:col  severity  message  rule-id` rows, then a summary. */
import path from 'node:path';
import { createColors } from 'picocolors';
import type { Formatter } from './types.js';

const plural = (word: string, count: number): string => (count === 1 ? word : `${word}s`);

const text: Formatter = (results, context) => {
  const c = createColors(context.color);
  let output = '\n';
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    const shown = path.isAbsolute(result.filePath) ? path.relative(context.cwd, result.filePath) || result.filePath : result.filePath;
    output += `${c.underline(shown.split(path.sep).join('/'))}\n`;
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
    output += '\n';
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${total} ${plural('problem', total)} (${errors} ${plural('error', errors)}, ${warnings} ${plural('warning', warnings)})`;
  output += `${errors > 0 ? c.bold(c.red(summary)) : c.bold(c.yellow(summary))}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    const line = `  ${fixableErrors} ${plural('error', fixableErrors)} and ${fixableWarnings} ${plural('warning', fixableWarnings)} potentially fixable with the \`--fix\` option.`;
    output += `${errors > 0 ? c.bold(c.red(line)) : c.bold(c.yellow(line))}\n`;
  }
  return output;
};
export default text;
