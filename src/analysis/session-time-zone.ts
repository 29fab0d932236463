/**
 * Whether the session's TimeZone is UTC, as far as a migration file's own `SET [LOCAL] TimeZone`
 * / `SET TIME ZONE` statements tell. PostgreSQL 12+ relabels timestamp ↔ timestamptz without a
 * rewrite when it is (release notes 12); a zone the file never set is the server's or the
 * role's, which the linter cannot see, so it counts as not UTC.
 */
import type { VariableSetStmt } from '@pgsql/types';

/** Time zone names that are UTC (the ones migrations write). */
const UTC_ZONES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'zulu', 'z', 'universal']);

export class SessionTimeZone {
  /** UTC for the session (SET), or for one transaction (SET LOCAL). */
  private utc: { session: boolean; transactionId?: number } = { session: false };

  /** Follows one statement; `transactionId` is the transaction it runs in. */
  observe(node: VariableSetStmt, transactionId: number): void {
    if (node.name?.toLowerCase() !== 'timezone') return;
    const value = (node.args?.[0] as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
    const zone = node.kind === 'VAR_SET_VALUE' ? value : undefined;
    const isUtcZone = !!zone && UTC_ZONES.has(zone.toLowerCase());
    if (node.is_local) this.utc = { ...this.utc, transactionId: isUtcZone ? transactionId : undefined };
    else this.utc = { session: isUtcZone };
  }

  /** Whether a statement of the transaction runs with TimeZone UTC. */
  isUtc(transactionId: number): boolean {
    return this.utc.session || this.utc.transactionId === transactionId;
  }
}
