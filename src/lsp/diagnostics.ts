/**
 * Lint messages → LSP diagnostics. Our positions are 1-based lines and 1-based UTF-16 columns
 * (end exclusive); LSP's are 0-based lines and 0-based UTF-16 characters, so both drop by one.
 * The engine lints the text without a leading BOM; a buffer that keeps its BOM has every
 * first-line position and every fix offset one code unit further on.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { ConfigError } from '../config/load.js';
import type { LintMessage, Rule } from '../engine/types.js';
import type { BufferLint } from './lint-buffer.js';

export const SOURCE = 'migration-lint';

/** What a diagnostic carries for code actions. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the diagnostic (and its fix offsets) belong to. */
  version: number;
  /** Whether the id names a rule, so a directive can silence it (parse errors cannot be). */
  isRule: boolean;
  /** The rule's fix, in UTF-16 offsets into the buffer as the editor holds it. */
  fix?: { range: [number, number]; text: string };
}

export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

export function toDiagnostics(lint: BufferLint, text: string, version: number): Diagnostic[] {
  const bom = bomLength(text);
  return lint.result.messages.map((message) => toDiagnostic(message, lint.rules, bom, version));
}

function toDiagnostic(message: LintMessage, rules: ReadonlyMap<string, Rule>, bom: number, version: number): Diagnostic {
  const ruleId = message.ruleId ?? 'migration-lint';
  const rule = rules.get(ruleId);
  const position = (line: number, column: number) => ({
    line: Math.max(0, line - 1),
    character: Math.max(0, column - 1) + (line === 1 ? bom : 0),
  });
  const data: DiagnosticData = { ruleId, version, isRule: rule !== undefined };
  if (message.fix) data.fix = { range: [message.fix.range[0] + bom, message.fix.range[1] + bom], text: message.fix.text };
  return {
    range: { start: position(message.line, message.column), end: position(message.endLine, message.endColumn) },
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: ruleId,
    ...(rule?.meta.docs.url ? { codeDescription: { href: rule.meta.docs.url } } : {}),
    source: SOURCE,
    message: message.message,
    data,
  };
}

/** A problem that stopped the lint (a bad config, a crashing rule), shown at the top of the file. */
export function failureDiagnostic(error: unknown): Diagnostic {
  const message =
    error instanceof ConfigError
      ? `Invalid migration-lint configuration in ${error.file}: ${error.problems.join('; ')}`
      : `migration-lint could not lint this file: ${error instanceof Error ? error.message : String(error)}`;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: error instanceof ConfigError ? 'config-error' : 'internal-error',
    source: SOURCE,
    message,
  };
}

export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (diagnostic.source !== SOURCE || !data || typeof data.ruleId !== 'string' || typeof data.version !== 'number') return undefined;
  return data as DiagnosticData;
}
