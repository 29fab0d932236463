/**
 * One problem per line, `path:line:col: error|warning: message [rule-id]`, the shape editors'
 * quickfix lists (Vim's errorformat, Emacs compile mode) read without configuration.
 */
import path from 'node:path';
import type { Formatter } from './types.js';

/** A linted file's path relative to the cwd, with forward slashes (`<text>` stays as is). */
export function displayPath(filePath: string, cwd: string): string {
  const shown = path.isAbsolute(filePath) ? path.relative(cwd, filePath) || filePath : filePath;
  return shown.split(path.sep).join('/');
}

const compact: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    for (const m of result.messages) {
      // A message is one line of the list, whatever it contains.
      const text = m.message.replace(/\s*[\r\n]+\s*/g, ' ');
      lines.push(`${file}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'}: ${text}${m.ruleId ? ` [${m.ruleId}]` : ''}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
export default compact;
