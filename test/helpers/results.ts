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

/** A folder of migrations with every kind of finding (non-ASCII, CRLF, a parse error), for CLI reporter tests. */
export const REPORTER_FIXTURE = 'fixtures/reporters/sarif/db/schema changes';

/** How many messages a JSON report holds. */
export function messageCount(json: string): number {
  return (JSON.parse(json) as LintResult[]).reduce((n, r) => n + r.messages.length, 0);
}
