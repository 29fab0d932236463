import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { ConfigError } from '../../src/config/load.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { LintMessage, LintResult } from '../../src/engine/types.js';
import { failureDiagnostic, toDiagnostics } from '../../src/lsp/diagnostics.js';

const rule = defineRule({ id: 'demo-rule', meta: { type: 'problem', docs: { description: 'demo', recommended: true }, messages: {}, schema: [] }, create: () => ({}) });

function result(messages: LintMessage[]): LintResult {
  return { filePath: '/m/0001.sql', messages, suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

describe('lint messages as LSP diagnostics', () => {
  const warning: LintMessage = { ruleId: 'demo-rule', severity: 1, message: 'careful', line: 2, column: 3, endLine: 2, endColumn: 8, fix: { range: [12, 14], text: 'x' } };
  const parseError: LintMessage = { ruleId: 'parse-error', severity: 2, message: 'Parse error: syntax error at end of input', line: 1, column: 5, endLine: 1, endColumn: 5, fatal: true };

  it('moves 1-based lines and columns to 0-based, and maps severities', () => {
    const [d1, d2] = toDiagnostics({ result: result([warning, parseError]), rules: new Map([['demo-rule', rule]]) }, 'SELECT 1;\nSELECT  2;\n', 7);
    expect(d1).toMatchObject({
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } },
      severity: DiagnosticSeverity.Warning,
      code: 'demo-rule',
      codeDescription: { href: rule.meta.docs.url },
      source: 'migration-lint',
      data: { ruleId: 'demo-rule', version: 7, isRule: true, fix: { range: [12, 14], text: 'x' } },
    });
    expect(d2).toMatchObject({ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, severity: DiagnosticSeverity.Error, code: 'parse-error' });
    expect(d2!.codeDescription).toBeUndefined();
    expect(d2!.data).toMatchObject({ isRule: false });
  });

  it('shifts first-line positions and fix offsets past a BOM the editor kept', () => {
    const onLineOne = { ...warning, line: 1, endLine: 1 };
    const [d] = toDiagnostics({ result: result([onLineOne]), rules: new Map() }, '\uFEFFSELECT 1;', 1);
    expect(d!.range).toEqual({ start: { line: 0, character: 3 }, end: { line: 0, character: 8 } });
    expect(d!.data).toMatchObject({ fix: { range: [13, 15] } });
  });

  it('turns a config error into one error at the top of the file naming the config file and the problem', () => {
    const d = failureDiagnostic(new ConfigError('/repo/.migration-lintrc.json', ['"rules.nope": unknown rule "nope"']));
    expect(d.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect(d.severity).toBe(DiagnosticSeverity.Error);
    expect(d.message).toBe('Invalid migration-lint configuration in /repo/.migration-lintrc.json: "rules.nope": unknown rule "nope"');
  });
});
