/**
 * Tracks which statements run inside a transaction block, and which block. The runner's mode
 * decides how a file starts (`per-file`: wrapped in one transaction; `all`: every pending file
 * shares one; `none`: each statement commits on its own; `implicit`: the file goes to PostgreSQL as
 * one simple query, which runs several statements as one implicit transaction block and a lone
 * statement on its own); BEGIN/COMMIT/ROLLBACK in the file then move the state as PostgreSQL would.
 */
import type { Node } from '@pgsql/types';
import type { TransactionMode } from '../engine/types.js';

export interface TransactionPosition {
  inTransaction: boolean;
  transactionId: number;
}

export class TransactionTracker {
  private nextId = 1;
  private current: number | undefined;
  /**
   * The file is one multi-statement simple query: PostgreSQL opens an implicit block for every
   * statement in it, so after a COMMIT the statements that follow share a new block.
   */
  private oneQuery = false;
  /**
   * `all`: a COMMIT or ROLLBACK in a file ended the runner's one transaction, and the runner does
   * not open another (drizzle's migrator): the files after it run outside any transaction.
   */
  private runnerEnded = false;
  private mode: TransactionMode = 'none';

  toJSON(): { nextId: number; current: number | null } {
    return { nextId: this.nextId, current: this.current ?? null };
  }

  static fromJSON(data: { nextId: number; current: number | null }): TransactionTracker {
    const tracker = new TransactionTracker();
    tracker.nextId = data.nextId;
    tracker.current = data.current ?? undefined;
    return tracker;
  }

  clone(): TransactionTracker {
    const copy = new TransactionTracker();
    copy.nextId = this.nextId;
    copy.current = this.current;
    copy.oneQuery = this.oneQuery;
    copy.runnerEnded = this.runnerEnded;
    return copy;
  }

  /** History is applied already: what is linted next starts a transaction of its own. */
  endHistory(): void {
    this.current = undefined;
    this.oneQuery = false;
    this.runnerEnded = false;
  }

  /**
   * Called before each file, with the number of statements the runner sends (for `implicit`);
   * `all` keeps a transaction that the previous file left open.
   */
  beginFile(mode: TransactionMode, statements: number): void {
    this.oneQuery = mode === 'implicit' && statements > 1;
    if (mode === 'none' || (mode === 'implicit' && !this.oneQuery)) this.current = undefined;
    else if (mode === 'all' && this.runnerEnded) return;
    else if (mode !== 'all' || this.current === undefined) this.current = this.nextId++;
    this.mode = mode;
  }

  /** The position of a statement; transaction control statements move the state. */
  next(node: Node): TransactionPosition {
    const kind = (node as { TransactionStmt?: { kind?: string; chain?: boolean } }).TransactionStmt;
    if (kind) return this.control(kind.kind, kind.chain === true);
    if (this.current !== undefined) return { inTransaction: true, transactionId: this.current };
    return { inTransaction: false, transactionId: this.nextId++ };
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
