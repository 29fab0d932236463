// Data from PostgreSQL's pg_proc (see JSON "source"); regenerate: npm install --no-save @electric-sql/pglite && node scripts/gen-function-volatility.mjs
import data from './builtin-function-volatility.json' with { type: 'json' };

export type Volatility = 'immutable' | 'stable' | 'volatile';

const byName = new Map<string, Volatility>();
for (const v of ['immutable', 'stable', 'volatile'] as const) {
  for (const name of data[v]) byName.set(name, v);
}

/** Volatility of a built-in pg_catalog function; the most volatile overload wins. */
export function builtinVolatility(name: string): Volatility | undefined {
  return byName.get(name.toLowerCase());
}

const RANK: Record<Volatility, number> = { immutable: 0, stable: 1, volatile: 2 };

export interface ExpressionVolatility {
  volatility: Volatility;
  /** The function that made it volatile, e.g. `gen_random_uuid`. */
  culprit?: string;
}

/**
 * How volatile an expression is, from the functions it calls. Unknown (user-defined) functions
 * count as volatile: a linter cannot see their definition, and guessing wrong means a rewrite.
 */
export function expressionVolatility(expr: unknown): ExpressionVolatility {
  let result: ExpressionVolatility = { volatility: 'immutable' };
  const raise = (volatility: Volatility, culprit: string): void => {
    if (RANK[volatility] > RANK[result.volatility]) result = { volatility, culprit };
  };
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const call = record.FuncCall as { funcname?: { String?: { sval?: string } }[] } | undefined;
    if (call) {
      const name = call.funcname?.[call.funcname.length - 1]?.String?.sval ?? '?';
      raise(builtinVolatility(name) ?? 'volatile', name);
    }
    // CURRENT_TIMESTAMP, CURRENT_USER and friends are evaluated once per statement.
    if (record.SQLValueFunction) raise('stable', 'current_timestamp');
    if (record.SubLink) raise('volatile', 'a subquery');
    for (const key in record) visit(record[key]);
  };
  visit(expr);
  return result;
}
