/**
 * How a migration runner sends one file to PostgreSQL: the statements of its "up" part, with
 * templates expanded, and the transaction that wraps them.
 *
 * verify sends the statements one at a time, each as its own simple-protocol message, inside
 * the transaction the runner would open. For runners that send a whole file in one message
 * (golang-migrate, Prisma, Supabase, dbmate's `transaction:false`), PostgreSQL runs a
 * multi-statement message as one implicit transaction, so a file of two or more statements gets
 * an explicit one here, and a file of one statement runs on its own — the same outcome,
 * `CREATE INDEX CONCURRENTLY` included, with PostgreSQL's answer tied to one statement
 * (docs/frameworks-transactions.md, "Implicit transactions").
 */
import path from 'node:path';
import type { Node } from '@pgsql/types';
import { parseSource } from '../parser/index.js';
import { expandTemplates, type TemplateOptions } from '../source/templates.js';
import { withoutBom } from '../source/bom.js';
import { inDownSection, readFileLayout } from '../engine/sections.js';
import { FRAMEWORKS, type FrameworkId } from '../migrations/frameworks.js';
import type { TransactionMode } from '../engine/types.js';

/** How a file's statements are wrapped: its own transaction, the run's shared one, or none. */
export type Wrap = 'file' | 'all' | 'none';

export interface PlannedStatement {
  /** The text sent (templates expanded). */
  sql: string;
  /** The statement's range in the file as written (UTF-8 bytes, BOM excluded). */
  start: number;
  end: number;
  /** Maps a byte offset into `sql` to one in the file as written. */
  toOriginal(offset: number, side: 'start' | 'end'): number;
  /** The parse tree, when libpg-query parsed the statement (undefined for a syntax error). */
  node?: Node;
  type?: string;
}

export interface PlannedFile {
  file: string;
  /** The file's text, BOM removed: positions are offsets into it. */
  text: string;
  statements: PlannedStatement[];
  wrap: Wrap;
}

/** Runners that send a whole file (or up section) in one message, by default. */
const WHOLE_FILE: ReadonlySet<FrameworkId> = new Set(['prisma', 'golang-migrate', 'supabase']);

export interface PlanOptions {
  framework: FrameworkId;
  /** The config's `transaction`, when set: it overrides the runner's model. */
  configured: TransactionMode | undefined;
  /** The mode lint uses for this file (framework default, file-name opt-outs, config). */
  mode: TransactionMode;
  templates: TemplateOptions;
}

export function planFile(file: string, raw: string, options: PlanOptions): PlannedFile {
  const text = withoutBom(raw);
  const expanded = expandTemplates(text, options.templates);
  const source = expanded?.text ?? text;
  const parsed = parseSource(source);
  const framework = FRAMEWORKS[options.framework];
  const layout = readFileLayout(() => parsed.tokens, framework, Buffer.byteLength(source));
  const buffer = Buffer.from(source, 'utf8');
  const pieces: { start: number; end: number; node?: Node; type?: string }[] = [
    ...parsed.statements.map((s) => ({ start: s.start, end: s.end, node: s.node, type: s.type })),
    ...parsed.failures.map((f) => ({ start: f.start, end: f.end })),
  ]
    .filter((p) => p.end > p.start && !inDownSection(layout, () => p.start))
    .sort((a, b) => a.start - b.start);
  const statements = pieces.map((p): PlannedStatement => {
    const toOriginal = (offset: number, side: 'start' | 'end'): number => {
      const at = p.start + offset;
      return expanded ? expanded.toOriginal(at, side) : at;
    };
    return {
      sql: buffer.subarray(p.start, p.end).toString('utf8'),
      start: toOriginal(0, 'start'),
      end: toOriginal(p.end - p.start, 'end'),
      toOriginal,
      ...(p.node ? { node: p.node, type: p.type! } : {}),
    };
  });
  return { file, text, statements, wrap: wrapOf(options, path.basename(file), layout.optsOutOfTransaction, statements) };
}

function wrapOf(options: PlanOptions, name: string, optsOut: boolean, statements: PlannedStatement[]): Wrap {
  const implicit = (): Wrap => (statements.length > 1 ? 'file' : 'none');
  if (options.configured === undefined) {
    if (options.framework === 'dbmate' && optsOut) return implicit(); // the up block still goes in one Exec
    if (WHOLE_FILE.has(options.framework)) return implicit();
    // Flyway runs a script that holds a statement PostgreSQL refuses in a transaction without one.
    if (options.framework === 'flyway' && statements.some((s) => s.node && refusesTransaction(s.node))) return 'none';
    if (optsOut || FRAMEWORKS[options.framework].fileOptOut?.(name)) return 'none';
  } else if (optsOut) return 'none';
  return options.mode === 'all' ? 'all' : options.mode === 'per-file' ? 'file' : 'none';
}

/**
 * Statements PostgreSQL refuses inside a transaction block (PreventInTransactionBlock callers),
 * as Flyway's PostgreSQLParser.detectCanExecuteInTransaction recognises them.
 */
export function refusesTransaction(node: Node): boolean {
  const [type, body] = Object.entries(node)[0] as [string, Record<string, unknown>];
  switch (type) {
    case 'IndexStmt':
    case 'DropStmt':
      return body.concurrent === true;
    case 'ReindexStmt':
      return JSON.stringify(body.params ?? []).includes('"concurrently"');
    case 'VacuumStmt':
      return body.is_vacuumcmd === true;
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
    case 'CreateSubscriptionStmt':
      return true;
    default:
      return false;
  }
}
