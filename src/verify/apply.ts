/**
 * Applies planned migration files in run order, each in the transaction its runner would open,
 * and stops at the first statement PostgreSQL rejects: that statement becomes an `apply-error`
 * finding at its place in the file, and every later migration is skipped, as the runner would.
 */
import type { LintMessage } from '../engine/types.js';
import { LineIndex } from '../source/line-index.js';
import { databaseFailure, describeFailure, type Database, type DatabaseFailure } from './database.js';
import { startObservation, type Observation } from './observe.js';
import type { PlannedFile, PlannedStatement } from './plan.js';

export type FileStatus = 'applied' | 'failed' | 'skipped' | 'rolled back';

export interface StatementRecord extends Observation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The statement's node type (`AlterTableStmt`), when it parsed. */
  type?: string;
  /** Whether it ran inside the runner's transaction block. */
  inTransaction: boolean;
  /**
   * Whether its locks could be read: false for a statement PostgreSQL refuses in a transaction
   * block (CONCURRENTLY), which holds its locks only while it runs.
   */
  observed: boolean;
}

export interface FileOutcome {
  file: string;
  status: FileStatus;
  /** Whether the file was reported on (pending) or only built the schema (history). */
  pending: boolean;
  messages: LintMessage[];
  /** With `--locks`: what each statement did. */
  statements?: StatementRecord[];
  /** PlannedFile's text (for reporters that show the source). */
  text: string;
}

export interface ApplyInput {
  planned: PlannedFile;
  pending: boolean;
}

export interface ApplyOptions {
  observeLocks: boolean;
  /** Runs before a file is applied, outside its transaction (rows, seeds); may return warnings. */
  beforeFile?: (index: number, input: ApplyInput, inTransaction: boolean) => Promise<LintMessage[]>;
  /** Rewords PostgreSQL's answer where verify knows more (an extension PGlite lacks). */
  explain?: (statement: PlannedStatement, failure: DatabaseFailure) => DatabaseFailure;
}

/** SQLSTATE 25001 active_sql_transaction: "… cannot run inside a transaction block". */
const ACTIVE_SQL_TRANSACTION = '25001';

export async function applyFiles(db: Database, inputs: ApplyInput[], options: ApplyOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = inputs.map((input) => ({ file: input.planned.file, status: 'skipped', pending: input.pending, messages: [], text: input.planned.text }));
  // drizzle: the migrator opens one transaction for every pending file of a run.
  let shared: number[] | undefined;
  let sharedPending = false;
  // COMMIT can fail too (a deferred constraint): the failure belongs to the last file committed.
  const commit = async (files: number[]): Promise<boolean> => {
    try {
      await db.exec('COMMIT');
      return true;
    } catch (error) {
      const failure = databaseFailure(error);
      if (!failure) throw error;
      await db.exec('ROLLBACK').catch(() => undefined);
      const last = files.at(-1)!;
      const planned = inputs[last]!.planned;
      for (const j of files) outcomes[j]!.status = 'rolled back';
      outcomes[last]!.status = 'failed';
      const statement = planned.statements.at(-1) ?? { sql: '', start: 0, end: 0, toOriginal: () => 0 };
      outcomes[last]!.messages.push(applyError(statement, { ...failure, message: `at COMMIT: ${failure.message}`, position: undefined } as DatabaseFailure, new LineIndex(planned.text), inputs.length - last - 1, files.length - 1));
      return false;
    }
  };
  const endShared = async (): Promise<boolean> => {
    const files = shared;
    shared = undefined;
    return files ? commit(files) : true;
  };
  for (let i = 0; i < inputs.length; i++) {
    const { planned, pending } = inputs[i]!;
    const outcome = outcomes[i]!;
    // History was applied by earlier runs: it never shares a transaction with pending files.
    if (shared && (planned.wrap !== 'all' || sharedPending !== pending) && !(await endShared())) {
      for (let j = i; j < inputs.length; j++) outcomes[j]!.status = 'skipped';
      return outcomes;
    }
    if (options.beforeFile) outcome.messages.push(...(await options.beforeFile(i, inputs[i]!, shared !== undefined)));
    if (planned.wrap === 'all' && !shared) {
      await db.exec('BEGIN');
      shared = [];
      sharedPending = pending;
    }
    shared?.push(i);
    if (planned.wrap === 'file') await db.exec('BEGIN');
    const observe = options.observeLocks && pending;
    if (observe) outcome.statements = [];
    const lines = new LineIndex(planned.text);
    let failure: { statement: PlannedStatement; error: DatabaseFailure } | undefined;
    for (const statement of planned.statements) {
      const inTransaction = planned.wrap !== 'none';
      try {
        if (observe) outcome.statements!.push(await runObserved(db, statement, inTransaction, lines));
        else await db.exec(statement.sql);
      } catch (error) {
        const described = databaseFailure(error);
        if (!described) throw error;
        failure = { statement, error: options.explain ? options.explain(statement, described) : described };
        break;
      }
    }
    if (!failure) {
      outcome.status = 'applied';
      if (planned.wrap === 'file' && !(await commit([i]))) break;
      continue;
    }
    // An aborted transaction (the runner's, or one the file opened itself) is rolled back.
    await db.exec('ROLLBACK').catch(() => undefined);
    outcome.status = 'failed';
    const rolledBack = shared ? shared.slice(0, -1) : [];
    for (const j of rolledBack) outcomes[j]!.status = 'rolled back';
    shared = undefined;
    const skipped = inputs.length - i - 1;
    outcome.messages.push(applyError(failure.statement, failure.error, lines, skipped, rolledBack.length));
    break;
  }
  await endShared();
  return outcomes;
}

async function runObserved(db: Database, statement: PlannedStatement, inTransaction: boolean, lines: LineIndex): Promise<StatementRecord> {
  const at = range(statement, lines);
  const base = { ...at, ...(statement.type ? { type: statement.type } : {}) };
  if (!inTransaction) {
    // A statement that commits on its own holds its locks only while it runs: it is run in a
    // transaction of its own so they can be read, unless PostgreSQL refuses that (CONCURRENTLY).
    await db.exec('BEGIN');
    try {
      const seen = await observed(db, statement);
      await db.exec('COMMIT');
      return { ...base, ...seen, inTransaction: false, observed: true };
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      if (databaseFailure(error)?.code !== ACTIVE_SQL_TRANSACTION) throw error;
    }
    await db.exec(statement.sql);
    return { ...base, locks: [], rewrites: [], rebuiltIndexes: [], inTransaction: false, observed: false };
  }
  return { ...base, ...(await observed(db, statement)), inTransaction: true, observed: true };
}

async function observed(db: Database, statement: PlannedStatement): Promise<Observation> {
  const observation = await startObservation(db);
  await db.exec(statement.sql);
  return observation.finish();
}

function range(statement: PlannedStatement, lines: LineIndex): { line: number; column: number; endLine: number; endColumn: number } {
  const start = lines.positionOfByte(statement.start);
  const end = lines.positionOfByte(statement.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The fatal finding for a statement PostgreSQL rejected, at PostgreSQL's error position when it gives one. */
export function applyError(statement: PlannedStatement, error: DatabaseFailure, lines: LineIndex, skipped: number, rolledBack: number): LintMessage {
  let start = statement.start;
  if (error.position !== undefined) {
    // PostgreSQL counts characters (code points) from 1 in the text it was sent.
    const prefix = Array.from(statement.sql).slice(0, error.position - 1).join('');
    start = statement.toOriginal(Buffer.byteLength(prefix), 'start');
  }
  const from = lines.positionOfByte(start);
  const to = lines.positionOfByte(Math.max(start, statement.end));
  let message = `PostgreSQL: ${describeFailure(error)}`;
  if (rolledBack > 0) message += ` The runner's shared transaction rolls back the ${rolledBack} earlier ${rolledBack === 1 ? 'migration' : 'migrations'} of this run with it.`;
  if (skipped > 0) message += ` ${skipped} later ${skipped === 1 ? 'migration was' : 'migrations were'} not applied.`;
  return {
    ruleId: 'apply-error',
    severity: 2,
    fatal: true,
    message,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
  };
}
