/**
 * The database verify applies migrations to, whichever engine runs it: PGlite in-process, or a
 * PostgreSQL server through node-postgres. Both speak the simple query protocol here, so a
 * statement behaves as it does when a migration runner sends it.
 */

/** What PostgreSQL said about a failed statement (an ErrorResponse's fields). */
export interface DatabaseFailure {
  message: string;
  /** SQLSTATE, e.g. `42804`. */
  code?: string;
  detail?: string;
  hint?: string;
  /** 1-based character position of the error in the query text sent, when PostgreSQL gives one. */
  position?: number;
  /** PL/pgSQL context (`PL/pgSQL function … line 3 at SQL statement`). */
  where?: string;
}

export interface Database {
  /** Shown in reports: `PGlite 0.5.17 (PostgreSQL 18.1)`, `PostgreSQL 15.8 at localhost:5432`. */
  readonly description: string;
  /** The server's major version, for messages and the lock model. */
  readonly majorVersion: number;
  /** Runs SQL text as one simple-protocol Query message. */
  exec(sql: string): Promise<void>;
  rows<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** PostgreSQL's error fields from a PGlite or node-postgres error; undefined for other errors. */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & { code?: unknown; detail?: unknown; hint?: unknown; position?: unknown; where?: unknown; severity?: unknown };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  const position = Number(e.position);
  return {
    message: e.message,
    code: e.code,
    ...(typeof e.detail === 'string' && e.detail ? { detail: e.detail } : {}),
    ...(typeof e.hint === 'string' && e.hint ? { hint: e.hint } : {}),
    ...(Number.isInteger(position) && position > 0 ? { position } : {}),
    ...(typeof e.where === 'string' && e.where ? { where: e.where } : {}),
  };
}

/** `message. DETAIL: … HINT: …`, as psql prints an error. */
export function describeFailure(failure: DatabaseFailure): string {
  const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);
  let text = sentence(`${failure.message}${failure.code ? ` (SQLSTATE ${failure.code})` : ''}`);
  if (failure.detail) text += ` DETAIL: ${sentence(failure.detail)}`;
  if (failure.hint) text += ` HINT: ${sentence(failure.hint)}`;
  return text;
}

/** An error of the run itself (cannot connect, missing privilege): exit 2, no stack. */
export class VerifyRunError extends Error {
  override name = 'VerifyRunError';
}

/** Quotes an identifier for PostgreSQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal for PostgreSQL (standard_conforming_strings is on everywhere we run). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
