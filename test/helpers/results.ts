/** Builders of lint results for reporter tests. */
import type { LintMessage, LintResult } from '../../src/engine/types.js';

export function result(filePath: string, messages: LintMessage[]): LintResult {
  return { filePath, messages, suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

export const message = (extra: Partial<LintMessage>): LintMessage => ({
  ruleId: 'no-bare-drop-table',
  severity: 2,
  message: 'DROP TABLE "users" has no IF EXISTS.',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 21,
  ...extra,
});
