/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): in a workflow run each
 * problem becomes an annotation on the file, shown in the run summary and the PR's diff.
 */
import type { Formatter } from './types.js';
import { displayPath } from './compact.js';

/** Escapes the command's message, where `%`, CR and LF are special. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a `key=value` property, where `:` and `,` also delimit. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = escapeProperty(displayPath(result.filePath, context.cwd));
    for (const m of result.messages) {
      const command = m.severity === 2 ? 'error' : 'warning';
      const properties = [
        `file=${file}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        ...(m.ruleId ? [`title=${escapeProperty(m.ruleId)}`] : []),
      ];
      lines.push(`::${command} ${properties.join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
export default github;
