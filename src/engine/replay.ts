/**
 * Applies an earlier migration to the schema state without linting it, so the file under lint
 * sees what history built. Unparseable statements are skipped. `file` is the migration's path
 * relative to its set folder, so the state knows which batch built what.
 */
import { parseSource } from '../parser/index.js';
import type { SchemaState } from '../analysis/schema-state.js';
import type { TransactionTracker } from '../analysis/transactions.js';
import type { TransactionMode } from './types.js';
import { fileTransactionMode, inDownSection, readFileLayout, upStatementCount, type FileFormat } from './sections.js';
import { expandTemplates, placeholderTemplates, type TemplateOptions } from '../source/templates.js';
import { withoutBom } from '../source/bom.js';

export function replayText(
  text: string,
  schema: SchemaState,
  transactions: TransactionTracker,
  mode: TransactionMode,
  format?: FileFormat,
  templates?: TemplateOptions,
  file?: string,
): void {
  const raw = withoutBom(text);
  let source = expandTemplates(raw, templates)?.text ?? raw;
  let parsed = parseSource(source);
  // As in lintText: unconfigured template actions are guessed only when the file does not parse.
  const guessed = source === raw && parsed.failures.length > 0 && templates?.guess?.length ? placeholderTemplates(raw, templates.guess) : undefined;
  if (guessed) {
    const reparsed = parseSource(guessed.text);
    if (reparsed.failures.length < parsed.failures.length) {
      source = guessed.text;
      parsed = reparsed;
    }
  }
  const layout = readFileLayout(() => parsed.tokens, format, Buffer.byteLength(source));
  const sameBatch = schema.beginMigration(file);
  transactions.beginFile(fileTransactionMode(mode, layout, format), upStatementCount(layout, [parsed.statements, parsed.failures]), file, sameBatch);
  for (const statement of parsed.statements) {
    if (inDownSection(layout, () => statement.start)) continue;
    const node = statement.node; // once: a long file's statements parse their tree anew each time
    schema.apply(node, transactions.next(node).transactionId);
    transactions.afterStatement(node);
  }
}
