/**
 * Tracks which statements run inside a transaction block, and which block. The runner's mode
 * decides how a file starts (`per-file`: wrapped in one transaction; `all`: every pending file
 * shares one; `none`: each statement commits on its own; `implicit`: the file goes to PostgreSQL as
 * one simple query, which runs several statements as one implicit transaction block and a lone
 * statement on its own); BEGIN/COMMIT/ROLLBACK in the file then move the state as PostgreSQL would.
 */
import type { Node } from '@pgsql/types';
import type { TransactionMode } from '../migrations/frameworks.js';
import { accessExclusiveTables } from './locks-taken.js';
import { SessionSettings, type SessionSnapshot, type SessionView } from './session-settings.js';

export interface TransactionPosition {
  inTransaction: boolean;
  transactionId: number;
}

export interface TransactionSnapshot {
  nextId: number;
  current: number | null;
  /** Tables the open transaction holds ACCESS EXCLUSIVE on, with the file that took the lock. */
  locks?: [string, string][];
  locksOf?: number | null;
  /** The run's session settings (SET, SET LOCAL, set_config) so far. */
  settings?: SessionSnapshot;
}

export class TransactionTracker {
  private nextId = 1;
  private current: number | undefined;
  /** The file being applied (set-relative), for naming where a lock was taken. */
  private file = '';
  /** Tables locked ACCESS EXCLUSIVE by the transaction `locksOf`, with the file that locked them. */
  private locks = new Map<string, string>();
  private locksOf: number | undefined;
  /**
   * The file is one multi-statement simple query: PostgreSQL opens an implicit block for every
   * statement in it, so after a COMMIT the statements that follow share a new block.
   */
  private oneQuery = false;
  /**
   * `all`: a COMMIT or ROLLBACK in a file ended the runner's one transaction, and the runner does
   * not open another (drizzle's migrator): the files after it in the batch run outside any transaction.
   */
  private runnerEnded = false;
  private mode: TransactionMode = 'none';
  /** The settings of the run's database session: see beginFile for when they carry over a file. */
  private settings = new SessionSettings();
  /** Where the statement last given to next() runs. */
  private last: TransactionPosition = { inTransaction: false, transactionId: 0 };
  /**
   * The runner applies every pending migration of a run on one connection, so a session-level SET
   * in one file still holds in the next (golang-migrate; see docs/frameworks-transactions.md).
   */
  private oneSession = false;

  /** Tells the tracker whether the runner keeps one database session for all files of a run. */
  useRunner(runner: { oneSession?: boolean }): void {
    this.oneSession = runner.oneSession === true;
  }

  toJSON(): TransactionSnapshot {
    return { nextId: this.nextId, current: this.current ?? null, locks: [...this.locks], locksOf: this.locksOf ?? null, settings: this.settings.toJSON() };
  }

  static fromJSON(data: TransactionSnapshot): TransactionTracker {
    const tracker = new TransactionTracker();
    tracker.nextId = data.nextId;
    tracker.current = data.current ?? undefined;
    tracker.locks = new Map(data.locks ?? []);
    tracker.locksOf = data.locksOf ?? undefined;
    if (data.settings) tracker.settings = SessionSettings.fromJSON(data.settings);
    return tracker;
  }

  clone(): TransactionTracker {
    const copy = new TransactionTracker();
    copy.nextId = this.nextId;
    copy.current = this.current;
    copy.file = this.file;
    copy.locks = new Map(this.locks);
    copy.locksOf = this.locksOf;
    copy.oneQuery = this.oneQuery;
    copy.runnerEnded = this.runnerEnded;
    copy.mode = this.mode;
    copy.settings = this.settings.clone();
    copy.last = this.last;
    copy.oneSession = this.oneSession;
    return copy;
  }

  /**
   * Tables the open transaction block already holds ACCESS EXCLUSIVE on (locks last until it
   * ends), with the set-relative file of the statement that took each: earlier in this file, or
   * in an earlier file of the batch under a runner that applies the batch in one transaction.
   */
  heldAccessExclusive(): ReadonlyMap<string, string> {
    return this.current !== undefined && this.current === this.locksOf ? this.locks : EMPTY;
  }

  /**
   * The session's settings as a statement at this position starts: earlier statements of this file,
   * and of earlier files of the run that share its session (see beginFile).
   */
  session(position: TransactionPosition): SessionView {
    return this.settings.viewAt(position);
  }

  /**
   * Called after a statement ran: follows the settings it changed, and remembers the ACCESS
   * EXCLUSIVE locks it took and still holds.
   */
  afterStatement(node: Node): void {
    this.settings.observe(node, this.last);
    if (this.current === undefined) return; // autocommit: the lock went with the statement
    const tables = accessExclusiveTables(node);
    if (tables.length === 0) return;
    if (this.locksOf !== this.current) {
      this.locks = new Map();
      this.locksOf = this.current;
    }
    for (const table of tables) if (!this.locks.has(table)) this.locks.set(table, this.file);
  }

  /** History is applied already: what is linted next starts a transaction of its own. */
  endHistory(): void {
    this.current = undefined;
    // Applied by an earlier run, in a session of its own.
    this.settings = new SessionSettings();
    this.oneQuery = false;
    this.runnerEnded = false;
  }

  /**
   * Called before each file, with the number of statements the runner sends (for `implicit`);
   * `all` keeps a transaction that the previous file left open, unless `sameBatch` is false: the
   * runner applies what is pending together, so files of different deploy batches never share a
   * transaction (undefined: batches unknown).
   */
  beginFile(mode: TransactionMode, statements: number, file = '', sameBatch?: boolean): void {
    this.file = file;
    // Settings carry over from the previous file only within one run (the same deploy batch), and
    // only on the same connection: the one transaction of `all` (and drizzle's migrator keeps its
    // client after a COMMIT in a file), or a runner that keeps one connection for the run.
    // SET LOCAL values end with their transaction either way (SessionSettings keys them by it).
    if (sameBatch !== true || (mode !== 'all' && !this.oneSession)) this.settings = new SessionSettings();
    if (sameBatch === false) this.runnerEnded = false;
    this.oneQuery = mode === 'implicit' && statements > 1;
    if (mode === 'none' || (mode === 'implicit' && !this.oneQuery)) this.current = undefined;
    else if (mode === 'all' && this.runnerEnded) this.current = undefined;
    else if (mode !== 'all' || this.current === undefined || sameBatch === false) this.current = this.nextId++;
    this.mode = mode;
  }

  /** The position of a statement; transaction control statements move the state. */
  next(node: Node): TransactionPosition {
    const kind = (node as { TransactionStmt?: { kind?: string; chain?: boolean } }).TransactionStmt;
    this.last = kind
      ? this.control(kind.kind, kind.chain === true)
      : this.current !== undefined
        ? { inTransaction: true, transactionId: this.current }
        : { inTransaction: false, transactionId: this.nextId++ };
    return this.last;
  }

  private control(kind: string | undefined, chain: boolean): TransactionPosition {
    switch (kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        this.current ??= this.nextId++;
        return { inTransaction: true, transactionId: this.current };
      case 'TRANS_STMT_COMMIT':
      case 'TRANS_STMT_ROLLBACK':
      case 'TRANS_STMT_PREPARE': {
        const ended = this.current ?? this.nextId++;
        if (this.mode === 'all' && this.current !== undefined && !chain) this.runnerEnded = true;
        this.current = chain || this.oneQuery ? this.nextId++ : undefined;
        return { inTransaction: true, transactionId: ended };
      }
      default:
        // SAVEPOINT, RELEASE, ROLLBACK TO: the block goes on.
        return { inTransaction: this.current !== undefined, transactionId: this.current ?? this.nextId++ };
    }
  }
}

const EMPTY: ReadonlyMap<string, string> = new Map();
