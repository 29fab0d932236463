/**
 * Which run-time settings (lock_timeout, statement_timeout, …) a migration has set so far, as
 * PostgreSQL scopes them: `SET` / `set_config(…, false)` last for the session; `SET LOCAL` /
 * `set_config(…, true)` end with their transaction, and outside a transaction block do nothing
 * (PostgreSQL warns `SET LOCAL can only be used in transaction blocks`); `RESET`, `SET … TO
 * DEFAULT` and a value of 0 (which disables a timeout) unset it.
 */
import type { FuncCall, Node, VariableSetStmt } from '@pgsql/types';
import { strings } from './names.js';

interface Position {
  inTransaction: boolean;
  transactionId: number;
}

/** What the settings are as one statement starts: what rules read (StatementInfo.session). */
export interface SessionView {
  /** Whether the setting (lock_timeout, statement_timeout, …) is on (non-zero). */
  isSet(name: string): boolean;
}

export interface SessionSnapshot {
  session: string[];
  local: { transactionId: number; values: [string, boolean][] } | null;
}

type ConstValue = { isnull?: boolean; sval?: { sval?: string }; ival?: { ival?: number }; fval?: { fval?: string }; boolval?: { boolval?: boolean } };

/** `0`, `'0'`, `'0ms'`, `'0 s'`: a timeout of zero disables it. */
function isZero(value: ConstValue | undefined): boolean {
  if (!value) return false;
  if (value.ival) return (value.ival.ival ?? 0) === 0;
  const text = value.sval?.sval ?? value.fval?.fval;
  return text !== undefined && /^\s*0*(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(text) && /0/.test(text);
}

export class SessionSettings {
  /** Settings on for the session. */
  private session = new Set<string>();
  /** Settings changed for one transaction: on (true) or switched off (false) until it ends. */
  private local: { transactionId: number; values: Map<string, boolean> } | undefined;

  clone(): SessionSettings {
    return SessionSettings.fromJSON(this.toJSON());
  }

  toJSON(): SessionSnapshot {
    return { session: [...this.session], local: this.local ? { transactionId: this.local.transactionId, values: [...this.local.values] } : null };
  }

  static fromJSON(data: SessionSnapshot): SessionSettings {
    const settings = new SessionSettings();
    for (const name of data.session) settings.session.add(name);
    if (data.local) settings.local = { transactionId: data.local.transactionId, values: new Map(data.local.values) };
    return settings;
  }

  /** The view of a statement at this position. */
  viewAt(position: Position): SessionView {
    return { isSet: (name) => this.isSet(name, position) };
  }

  /** Whether the setting is on (non-zero) for a statement at this position. */
  isSet(name: string, position: Position): boolean {
    const local = this.local?.transactionId === position.transactionId && position.inTransaction ? this.local.values.get(name) : undefined;
    return local ?? this.session.has(name);
  }

  /** Applies one top-level statement that may change settings. */
  observe(node: Node, position: Position): void {
    const set = (node as { VariableSetStmt?: VariableSetStmt }).VariableSetStmt;
    if (set) {
      if (set.kind === 'VAR_RESET_ALL') {
        this.session.clear();
        this.local = undefined;
        return;
      }
      if (!set.name) return;
      const on = set.kind === 'VAR_SET_VALUE' && !isZero((set.args?.[0] as { A_Const?: ConstValue } | undefined)?.A_Const);
      this.change(set.name, on, set.is_local === true, position);
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
      this.change(key.toLowerCase(), !isZero(value) && !value.isnull, isLocal.boolval?.boolval === true, position);
    }
  }

  private change(name: string, on: boolean, isLocal: boolean, position: Position): void {
    if (isLocal) {
      // Outside a transaction block SET LOCAL has no effect.
      if (!position.inTransaction) return;
      if (this.local?.transactionId !== position.transactionId) this.local = { transactionId: position.transactionId, values: new Map() };
      this.local.values.set(name, on);
      return;
    }
    if (on) this.session.add(name);
    else this.session.delete(name);
    // A session-level SET inside a transaction also replaces that transaction's local value.
    if (this.local?.transactionId === position.transactionId) this.local.values.delete(name);
  }
}
