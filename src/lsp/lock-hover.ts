/**
 * Hover over a statement: the locks it takes, from the lock model — which relations, which mode,
 * what that mode blocks, and whether it rewrites or scans. Statements earlier in the buffer are
 * applied first, so tables it created count as new, and so are its SETs (a TimeZone of UTC makes
 * timestamp ↔ timestamptz a catalog change, as the rules say too); earlier migrations are not
 * replayed here.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { parseSource } from '../parser/index.js';
import { LineIndex } from '../source/line-index.js';
import { SchemaState } from '../analysis/schema-state.js';
import { describeLock, locksOf, type LockEffect } from '../analysis/locks.js';
import { TransactionTracker } from '../analysis/transactions.js';
import type { TransactionMode } from '../migrations/frameworks.js';

/**
 * Markdown for the statement at `position` (0-based, as LSP counts), or undefined if it locks
 * nothing. `transaction`: how the file's runner wraps it, which decides what SET LOCAL does.
 */
export function lockHoverText(text: string, position: Position, postgresVersion: number, transaction: TransactionMode = 'none'): string | undefined {
  const lines = new LineIndex(text);
  const byte = lines.byteOfIndex(lines.indexOfPosition({ line: position.line + 1, column: position.character + 1 }));
  const schema = new SchemaState();
  schema.beginMigration();
  const statements = parseSource(text).statements;
  const transactions = new TransactionTracker();
  transactions.beginFile(transaction, statements.length);
  for (const statement of statements) {
    if (byte < statement.start) return undefined;
    const at = transactions.next(statement.node);
    if (byte <= statement.end) {
      const effects = locksOf(statement.node, { postgresVersion, schema, timeZoneUtc: transactions.session(at).timeZoneUtc() });
      return effects.length ? describeEffects(effects, schema, postgresVersion) : undefined;
    }
    schema.apply(statement.node, at.transactionId);
    transactions.afterStatement(statement.node);
  }
  return undefined;
}

function describeEffects(effects: LockEffect[], schema: SchemaState, postgresVersion: number): string {
  const out = [`**Locks** (lock model, PostgreSQL ${postgresVersion}):`];
  for (const e of effects) {
    // A referenced table is read as the plan decides; the model makes no claim about it.
    const work = e.kind === 'referenced table' ? '' : `; ${e.rewrites ? 'rewrites it' : e.empties ? 'empties it' : e.scans ? 'reads every row while holding it' : 'catalog only'}`;
    const fresh = e.kind === 'table' && schema.isNewTable(e.relation) ? ' — created in this file, so nobody waits yet' : '';
    const outside = e.noTransactionBlock ? '; cannot run inside a transaction block' : '';
    out.push(`- \`${e.relation}\` (${e.kind}): **${e.mode}** — ${describeLock(e.mode).plain}${work}${outside}${fresh}`);
  }
  return out.join('\n');
}

/** One hover from the findings' hover and the lock hover, either of which may be missing. */
export function withLocks(findings: Hover | null, locks: string | undefined): Hover | null {
  if (!locks) return findings;
  if (!findings) return { contents: { kind: MarkupKind.Markdown, value: locks } };
  const value = typeof findings.contents === 'object' && 'value' in findings.contents ? findings.contents.value : '';
  return { ...findings, contents: { kind: MarkupKind.Markdown, value: `${value}\n\n---\n\n${locks}` } };
}
