import { defineRule } from '../src/engine/define-rule.js';
import { refusedInTransactionBlock } from '../src/analysis/transaction-block.js';
import { FEATURES, supports } from '../src/analysis/versions.js';
import type { FrameworkId } from '../src/migrations/frameworks.js';

type MessageIds = 'explicitTransaction' | 'runnerTransaction' | 'implicitTransaction' | 'flywayMixed' | 'unavailable';

/** What each runner offers to run one migration outside its transaction (docs/frameworks-transactions.md). */
const WAY_OUT: Partial<Record<FrameworkId, string>> = {
  drizzle:
    "drizzle's migrator has no way to run a migration outside its transaction (drizzle-orm#860): run the statement outside the migrator (psql in the deploy step), or drop CONCURRENTLY if the table is new or small",
  goose: 'Put it in a migration of its own that starts with `-- +goose NO TRANSACTION`',
  dbmate: 'Put it alone in a migration of its own with `-- migrate:up transaction:false` (dbmate still sends the block as one query, so it must be the only statement)',
  diesel: 'Put it alone in a migration of its own with `run_in_transaction = false` in its metadata.toml (up.sql still goes as one query, so it must be the only statement)',
  popx: 'Put it alone in a migration of its own named `….autocommit.up.sql`',
  flyway: 'Put it in a migration of its own: Flyway runs a migration made only of such statements without a transaction',
};

export default defineRule<[], MessageIds>({
  id: 'no-concurrently-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM and other statements PostgreSQL refuses inside a transaction block, where the runner or the file puts them in one',
      recommended: true,
    },
    messages: {
      explicitTransaction:
        '{{statement}}{{target}} cannot run inside a transaction block, and the BEGIN on line {{line}} opens one: the migration fails with "{{statement}} cannot run inside a transaction block". Move it out of BEGIN … COMMIT, into a migration that runs without a transaction.',
      runnerTransaction:
        '{{statement}}{{target}} cannot run inside a transaction block, and {{runner}} runs this file inside one: the migration fails with "{{statement}} cannot run inside a transaction block". {{wayOut}}.',
      implicitTransaction:
        '{{statement}}{{target}} cannot run inside a transaction block, and {{runner}} sends this file to PostgreSQL as one query: PostgreSQL runs a query of several statements as one implicit transaction block, so the migration fails with "{{statement}} cannot run inside a transaction block". Put {{statement}} alone in a migration file of its own.',
      flywayMixed:
        '{{statement}}{{target}} cannot run inside a transaction block, and this Flyway migration mixes it with statements that can: Flyway refuses the migration ("Detected both transactional and non-transactional statements within the same migration") unless mixed=true, which runs all of it without a transaction. Put {{statement}} in a migration of its own: Flyway runs such a migration without a transaction.',
      unavailable:
        '{{statement}}{{target}} needs PostgreSQL {{since}}; on PostgreSQL {{version}} the migration fails with a syntax error. Use the form without CONCURRENTLY in a quiet window, or set postgresVersion if production runs {{since}} or later.',
    },
    schema: [],
  },
  create(context) {
    const { postgresVersion, transaction } = context.settings;
    const framework = context.migrationSet?.framework;
    /** The BEGIN that opened the transaction the file is in, if the file opened it (lines are worked out only to report). */
    let explicitBegin: { start: number; transactionId: number } | undefined;
    /** The runner's own transaction is still open (a COMMIT in the file ends it). */
    let runnerOpen = false;
    /** Flyway runs a migration made only of refused statements without a transaction. */
    let flywayRunsWithout = false;

    return {
      File() {
        explicitBegin = undefined;
        runnerOpen = transaction === 'per-file' || transaction === 'all';
        const statements = context.sourceCode.statements;
        flywayRunsWithout =
          framework === 'flyway' && transaction === 'per-file' && statements.every((s) => refusedInTransactionBlock(s.node) !== undefined);
      },
      TransactionStmt(node) {
        const statement = context.statement();
        if (node.kind === 'TRANS_STMT_BEGIN' || node.kind === 'TRANS_STMT_START') {
          // A BEGIN inside the runner's transaction opens nothing (no-transaction-control says so).
          if (!runnerOpen) explicitBegin ??= { start: statement.start, transactionId: statement.transactionId };
        } else if (node.kind === 'TRANS_STMT_COMMIT' || node.kind === 'TRANS_STMT_ROLLBACK' || node.kind === 'TRANS_STMT_PREPARE') {
          if (explicitBegin) explicitBegin = undefined;
          else runnerOpen = false;
        }
      },
      Statement(statement) {
        const refused = refusedInTransactionBlock(statement.node);
        if (!refused) return;
        const name = refused.name;
        const target = refused.target ? ` (${refused.target})` : '';
        if (refused.since && !supports(postgresVersion, refused.since)) {
          context.report({ messageId: 'unavailable', data: { statement: name, target, since: FEATURES[refused.since], version: postgresVersion } });
          return;
        }
        if (!statement.inTransaction) return;
        if (explicitBegin?.transactionId === statement.transactionId) {
          context.report({ messageId: 'explicitTransaction', data: { statement: name, target, line: context.sourceCode.lines.positionOfByte(explicitBegin.start).line } });
          return;
        }
        if (transaction === 'implicit') {
          context.report({ messageId: 'implicitTransaction', data: { statement: name, target, runner: runnerName(framework, transaction) } });
          return;
        }
        // Newer Supabase CLIs run such statements on their own; older ones fail in the pipeline.
        if (framework === 'supabase' && transaction === 'per-file') return;
        if (framework === 'flyway' && transaction === 'per-file') {
          if (!flywayRunsWithout) context.report({ messageId: 'flywayMixed', data: { statement: name, target } });
          return;
        }
        const wayOut = (framework && WAY_OUT[framework]) ?? 'Put it in a migration that runs without a transaction';
        context.report({ messageId: 'runnerTransaction', data: { statement: name, target, runner: runnerName(framework, transaction), wayOut } });
      },
    };
  },
});

function runnerName(framework: FrameworkId | undefined, transaction?: string): string {
  switch (framework) {
    case 'drizzle':
      return transaction === 'all' ? "drizzle's migrator (one transaction for every pending migration)" : "drizzle's migrator";
    case 'golang-migrate':
    case 'goose':
    case 'dbmate':
    case 'diesel':
    case 'popx':
      return framework;
    case 'prisma':
      // Engines with prisma-engines#5767 split the file into statements: `"transaction": "none"`.
      return 'Prisma Migrate (until its engine splits statements, prisma-engines#5767)';
    default:
      return transaction === 'all' ? 'the runner (transaction: all)' : transaction === 'implicit' ? 'the runner' : 'the runner (transaction: per-file)';
  }
}
