/**
 * Applies an earlier migration to the schema state without linting it, so the file under lint
 * sees what history built. Unparseable statements are skipped.
 */
import { parseSource } from '../parser/index.js';
import type { SchemaState } from '../analysis/schema-state.js';
import type { TransactionTracker } from '../analysis/transactions.js';
import type { TransactionMode } from './types.js';

export function replayText(text: string, schema: SchemaState, transactions: TransactionTracker, mode: TransactionMode): void {
  const parsed = parseSource(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  schema.beginMigration();
  transactions.beginFile(mode);
  for (const statement of parsed.statements) {
    schema.apply(statement.node, transactions.next(statement.node).transactionId);
  }
}
