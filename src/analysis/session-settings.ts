/**
 * The session's run-time settings (lock_timeout, statement_timeout, TimeZone, …) as a migration's
 * statements change them, scoped as PostgreSQL scopes them (test/analysis/session-settings.test.ts
 * checks each case with SHOW on PGlite):
 *
 * - `SET x` / `set_config('x', v, false)` last for the session; inside a transaction block a
 *   ROLLBACK undoes them, and they replace that transaction's `SET LOCAL` value;
 * - `SET LOCAL x` / `set_config('x', v, true)` end with their transaction (COMMIT or ROLLBACK), and
 *   outside a transaction block do nothing (PostgreSQL warns `SET LOCAL can only be used in
 *   transaction blocks`);
 * - `RESET x`, `SET x TO DEFAULT`, `SET TIME ZONE LOCAL` and `RESET ALL` go back to the value the
 *   session started with: the server's, database's or role's, which a migration file cannot show,
 *   so it counts as unknown (no timeout; not UTC).
 *
 * Not followed: ROLLBACK TO SAVEPOINT (which undoes the SETs after the savepoint), and SETs inside
 * functions and DO blocks.
 *
 * Values are kept as written; what they mean is asked per setting (`isSet`, `timeZoneUtc`).
 */
import type { FuncCall, Node, VariableSetStmt } from '@pgsql/types';
import { strings } from './names.js';

interface Position {
  inTransaction: boolean;
  transactionId: number;
}

/** What the settings are as one statement starts: what rules read (StatementInfo.session). */
export interface SessionView {
  /** Whether the setting (lock_timeout, statement_timeout, …) is on: set to a value other than 0. */
  isSet(name: string): boolean;
  /**
   * Whether TimeZone is a zone with a fixed offset of zero (UTC, Etc/UTC, GMT, INTERVAL '+00:00', 0):
   * PostgreSQL 12+ then changes timestamp ↔ timestamptz without a rewrite. The lock model takes it.
   */
  timeZoneUtc(): boolean;
}

export interface SessionSnapshot {
  session: [string, string][];
  local: { transactionId: number; values: [string, string | null][] } | null;
  /** The session values before the open transaction block first changed them (a ROLLBACK restores them). */
  undo?: { transactionId: number; values: [string, string][] } | null;
}

type ConstValue = { isnull?: boolean; sval?: { sval?: string }; ival?: { ival?: number }; fval?: { fval?: string }; boolval?: { boolval?: boolean } };

/** A value as written: `5s`, `0`, `UTC`, `interval '+00:00'`; undefined when it is not a constant. */
function valueText(arg: Node | undefined): string | undefined {
  const cast = (arg as { TypeCast?: { arg?: Node; typeName?: { names?: Node[] } } } | undefined)?.TypeCast;
  // SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE: an offset from UTC.
  if (cast) return strings(cast.typeName?.names).at(-1) === 'interval' ? prefixed('interval ', constText((cast.arg as { A_Const?: ConstValue })?.A_Const)) : undefined;
  return constText((arg as { A_Const?: ConstValue } | undefined)?.A_Const);
}

function constText(value: ConstValue | undefined): string | undefined {
  if (!value || value.isnull) return undefined;
  // `SET x = 0` parses as an ival with its 0 left out.
  if (value.ival) return String(value.ival.ival ?? 0);
  return value.sval?.sval ?? value.fval?.fval;
}

function prefixed(prefix: string, text: string | undefined): string | undefined {
  return text === undefined ? undefined : prefix + text;
}

/** `0`, `'0'`, `'0ms'`, `'0 s'`: a timeout of zero disables it. */
function isZero(text: string): boolean {
  return /^\s*0*(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(text) && /0/.test(text);
}

/**
 * Zone names with a fixed offset of zero, as PostgreSQL's tz database has them (each checked on
 * PGlite: the timestamp → timestamptz change keeps the table's file). Others, such as
 * Europe/London, have daylight saving time and do not count.
 */
export const UTC_ZONES: ReadonlySet<string> = new Set(['utc', 'etc/utc', 'uct', 'etc/uct', 'gmt', 'etc/gmt', 'gmt0', 'etc/gmt0', 'gmt+0', 'etc/gmt+0', 'gmt-0', 'etc/gmt-0', 'greenwich', 'etc/greenwich', 'universal', 'etc/universal', 'zulu', 'etc/zulu']);

/** Whether a TimeZone value as written is a fixed offset of zero. */
function isUtcZone(text: string): boolean {
  const interval = /^interval (.*)$/.exec(text);
  // An interval or a number of hours: an offset from UTC.
  if (interval) return /^\s*[+-]?0*(\.0*)?(:0+)*\s*$/.test(interval[1]!) && /0/.test(interval[1]!);
  if (/^[+-]?[\d.]+$/.test(text)) return Number(text) === 0;
  return UTC_ZONES.has(text.toLowerCase());
}

export class SessionSettings {
  /** Values set for the session, by lower-case setting name. */
  private session = new Map<string, string>();
  /** Values set for one transaction (null: its default) until it ends. */
  private local: { transactionId: number; values: Map<string, string | null> } | undefined;
  /** The session values as the transaction block `transactionId` found them, while it changes them. */
  private undo: { transactionId: number; values: Map<string, string> } | undefined;

  clone(): SessionSettings {
    return SessionSettings.fromJSON(this.toJSON());
  }

  toJSON(): SessionSnapshot {
    return {
      session: [...this.session],
      local: this.local ? { transactionId: this.local.transactionId, values: [...this.local.values] } : null,
      undo: this.undo ? { transactionId: this.undo.transactionId, values: [...this.undo.values] } : null,
    };
  }

  static fromJSON(data: SessionSnapshot): SessionSettings {
    const settings = new SessionSettings();
    settings.session = new Map(data.session);
    if (data.local) settings.local = { transactionId: data.local.transactionId, values: new Map(data.local.values) };
    if (data.undo) settings.undo = { transactionId: data.undo.transactionId, values: new Map(data.undo.values) };
    return settings;
  }

  /** The view of a statement at this position. */
  viewAt(position: Position): SessionView {
    return new SettingsAt(this, position);
  }

  /** Whether the setting is on (set, and not to 0) for a statement at this position. */
  isSet(name: string, position: Position): boolean {
    const value = this.valueAt(name, position);
    return value !== undefined && !isZero(value);
  }

  /** Whether TimeZone is a fixed offset of zero for a statement at this position. */
  timeZoneUtc(position: Position): boolean {
    const value = this.valueAt('timezone', position);
    return value !== undefined && isUtcZone(value);
  }

  private valueAt(name: string, position: Position): string | undefined {
    if (position.inTransaction && this.local?.transactionId === position.transactionId && this.local.values.has(name)) {
      return this.local.values.get(name) ?? undefined;
    }
    return this.session.get(name);
  }

  /** Applies one top-level statement that may change settings, run at `position`. */
  observe(node: Node, position: Position): void {
    const set = (node as { VariableSetStmt?: VariableSetStmt }).VariableSetStmt;
    if (set) {
      if (set.kind === 'VAR_RESET_ALL') {
        for (const name of [...this.session.keys()]) this.change(name, undefined, false, position);
        this.local = undefined;
        return;
      }
      if (!set.name) return;
      // DEFAULT, LOCAL (SET TIME ZONE LOCAL) and RESET: the value the session started with.
      const value = set.kind === 'VAR_SET_VALUE' ? valueText(set.args?.[0]) : set.kind === 'VAR_SET_DEFAULT' || set.kind === 'VAR_RESET' ? undefined : null;
      // Other kinds (SET x FROM CURRENT in a function, …) leave the value as it was for the file.
      if (value === null) return;
      this.change(set.name.toLowerCase(), value ?? undefined, set.is_local === true, position);
      return;
    }
    const transaction = (node as { TransactionStmt?: { kind?: string } }).TransactionStmt;
    if (transaction) {
      // The transaction ended: its SET LOCAL values are keyed by it and lapse by themselves; a
      // ROLLBACK also undoes its session-level SETs.
      const rolledBack = transaction.kind === 'TRANS_STMT_ROLLBACK';
      const ended = rolledBack || transaction.kind === 'TRANS_STMT_COMMIT' || transaction.kind === 'TRANS_STMT_PREPARE';
      if (ended && this.undo?.transactionId === position.transactionId) {
        if (rolledBack) this.session = this.undo.values;
        this.undo = undefined;
      }
      return;
    }
    // SELECT set_config('lock_timeout', '5s', is_local), possibly among other targets.
    const select = (node as { SelectStmt?: { targetList?: Node[] } }).SelectStmt;
    for (const target of select?.targetList ?? []) {
      const call = (target as { ResTarget?: { val?: { FuncCall?: FuncCall } } }).ResTarget?.val?.FuncCall;
      const name = strings(call?.funcname);
      if (!call || name.at(-1) !== 'set_config' || (name.length === 2 && name[0] !== 'pg_catalog')) continue;
      const [setting, value, isLocal] = (call.args ?? []).map((a) => (a as { A_Const?: ConstValue }).A_Const);
      const key = setting?.sval?.sval;
      if (!key || !value || !isLocal) continue;
      // set_config(x, NULL, …) goes back to the default, as RESET does.
      this.change(key.toLowerCase(), constText(value), isLocal.boolval?.boolval === true, position);
    }
  }

  /** `value` undefined: back to the session's starting value. */
  private change(name: string, value: string | undefined, isLocal: boolean, position: Position): void {
    if (isLocal) {
      // Outside a transaction block SET LOCAL has no effect.
      if (!position.inTransaction) return;
      if (this.local?.transactionId !== position.transactionId) this.local = { transactionId: position.transactionId, values: new Map() };
      this.local.values.set(name, value ?? null);
      return;
    }
    if (position.inTransaction && this.undo?.transactionId !== position.transactionId) {
      this.undo = { transactionId: position.transactionId, values: new Map(this.session) };
    }
    if (value === undefined) this.session.delete(name);
    else this.session.set(name, value);
    // A session-level SET inside a transaction also replaces that transaction's local value.
    if (this.local?.transactionId === position.transactionId) this.local.values.delete(name);
  }
}

/** A class, not a literal with closures: one is made for every statement linted. */
class SettingsAt implements SessionView {
  constructor(
    private readonly settings: SessionSettings,
    private readonly position: Position,
  ) {}

  isSet(name: string): boolean {
    return this.settings.isSet(name, this.position);
  }

  timeZoneUtc(): boolean {
    return this.settings.timeZoneUtc(this.position);
  }
}
