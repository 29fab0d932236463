/**
 * Applies an earlier migration to the schema state without linting it, so the file under lint
 * sees what history built. Unparseable statements are skipped.
 */
import { parseSource } from '../parser/index.js';
import type { SchemaState } from '../analysis/schema-state.js';
import type { TransactionTracker } from '../analysis/transactions.js';
import type { TransactionMode } from './types.js';
import { fileTransactionMode, inDownSection, readFileLayout, upStatementCount, type FileFormat } from './sections.js';
import { expandTemplates, type TemplateOptions } from '../source/templates.js';
import { withoutBom } from '../source/bom.js';

export function replayText(
  text: string,
  schema: SchemaState,
  transactions: TransactionTracker,
  mode: TransactionMode,
  format?: FileFormat,
  templates?: TemplateOptions,
): void {
  const raw = withoutBom(text);
  const source = expandTemplates(raw, templates)?.text ?? raw;
  const parsed = parseSource(source);
  const layout = readFileLayout(() => parsed.tokens, format, Buffer.byteLength(source));
  schema.beginMigration();
  transactions.beginFile(fileTransactionMode(mode, layout, format), upStatementCount(layout, [parsed.statements, parsed.failures]));
  for (const statement of parsed.statements) {
    if (inDownSection(layout, () => statement.start)) continue;
    schema.apply(statement.node, transactions.next(statement.node).transactionId);
  }
}
