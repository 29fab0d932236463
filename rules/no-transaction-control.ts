import type { ByteRange } from '../src/engine/types.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { FrameworkId } from '../src/migrations/frameworks.js';

type MessageIds = 'beginInRunnerTransaction' | 'endInRunnerTransaction' | 'nestedBegin' | 'unterminatedBegin';

export default defineRule<[], MessageIds>({
  id: 'no-transaction-control',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow BEGIN, COMMIT and ROLLBACK that fight the runner's transaction, nested BEGIN, and a BEGIN never committed",
      recommended: true,
    },
    messages: {
      beginInRunnerTransaction:
        "BEGIN inside {{runner}}'s transaction opens nothing (PostgreSQL only warns \"there is already a transaction in progress\"), and the COMMIT that goes with it commits the runner's transaction early: what follows runs outside any transaction, so a failure leaves the migration half-applied and not recorded as applied. Remove BEGIN and COMMIT: the runner already makes the file atomic.",
      endInRunnerTransaction:
        "{{keyword}} ends {{runner}}'s transaction in the middle of the migration: {{effect}}, the rest runs outside any transaction, and the runner records the migration only at its own COMMIT, so a failure after this line leaves it half-applied and not recorded (the next run repeats what already ran). Remove it, or run this migration outside the runner's transaction.",
      nestedBegin:
        'BEGIN while the BEGIN on line {{line}} is still open does nothing but warn ("there is already a transaction in progress"): the first COMMIT then ends the whole transaction, and the statements after it run outside any transaction. Remove this BEGIN, or use SAVEPOINT for a step that may be rolled back on its own.',
      unterminatedBegin:
        'The BEGIN on line {{line}} is never committed: the file ends inside the transaction. psql and clients that close their connection roll it back silently, undoing every statement after the BEGIN, while a runner that reuses the connection commits it with whatever it runs next. End the file with COMMIT.',
    },
    schema: [],
  },
  create(context) {
    const { transaction } = context.settings;
    const runner = runnerName(context.migrationSet?.framework, transaction);
    /** The runner's own transaction is open (modes that wrap the file), until a COMMIT ends it. */
    let runnerOpen = false;
    /** The file's own BEGIN that is open, when no runner transaction is. */
    let begin: { range: ByteRange } | undefined;
    /** A BEGIN inside the runner's transaction was reported: its COMMIT is part of that report. */
    let reportedBegin = false;
    /** Lines only for reports: most files never need the line index. */
    const lineOf = (byte: number): number => context.sourceCode.lines.positionOfByte(byte).line;

    return {
      File() {
        runnerOpen = transaction === 'per-file' || transaction === 'all';
        begin = undefined;
        reportedBegin = false;
      },
      TransactionStmt(node) {
        const statement = context.statement();
        switch (node.kind) {
          case 'TRANS_STMT_BEGIN':
          case 'TRANS_STMT_START':
            if (begin) {
              context.report({ messageId: 'nestedBegin', data: { line: lineOf(begin.range[0]) } });
            } else if (runnerOpen) {
              if (!reportedBegin) context.report({ messageId: 'beginInRunnerTransaction', data: { runner } });
              reportedBegin = true;
            } else {
              begin = { range: [statement.start, statement.end] };
            }
            return;
          case 'TRANS_STMT_COMMIT':
          case 'TRANS_STMT_ROLLBACK':
          case 'TRANS_STMT_PREPARE': {
            if (begin) {
              if (!node.chain) begin = undefined;
              return;
            }
            if (!runnerOpen) return;
            runnerOpen = false;
            if (reportedBegin) return;
            const keyword = context.sourceCode.tokensIn(statement.start, statement.end)[0]?.text.toUpperCase() ?? 'COMMIT';
            const effect =
              node.kind === 'TRANS_STMT_COMMIT'
                ? transaction === 'all'
                  ? 'what ran before it commits now, with every pending migration before this one'
                  : 'what ran before it commits now'
                : 'what ran before it is rolled back or set aside';
            context.report({ messageId: 'endInRunnerTransaction', data: { keyword, runner, effect } });
            return;
          }
          default:
            // SAVEPOINT, RELEASE, ROLLBACK TO: steps inside a transaction, whoever opened it.
            return;
        }
      },
      'File:exit'() {
        // Only where nothing else ends the transaction: a runner's wrapper ends it with its COMMIT,
        // and golang-migrate's version update commits it (docs/rules/no-transaction-control.md).
        if (begin && transaction === 'none') context.report({ messageId: 'unterminatedBegin', data: { line: lineOf(begin.range[0]) }, range: begin.range });
      },
    };
  },
});

function runnerName(framework: FrameworkId | undefined, transaction: string): string {
  if (framework === 'drizzle') return "drizzle's migrator";
  if (framework === 'prisma') return 'Prisma Migrate';
  if (framework && framework !== 'plain') return framework === 'flyway' ? 'Flyway' : framework;
  return `the runner (transaction: ${transaction})`;
}
