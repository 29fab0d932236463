/** Lints a buffer through the language server's modules, as the server would for an open file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from '../../src/lsp/code-actions.js';
import { toDiagnostics } from '../../src/lsp/diagnostics.js';
import { BufferLinter } from '../../src/lsp/lint-buffer.js';

export const linter = new BufferLinter();

/** A fresh folder holding the given files (name → SQL). */
export function migrationFolder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migration-lint-lsp-unit-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

export interface Linted {
  document: TextDocument;
  diagnostics: Diagnostic[];
  actions: () => Promise<CodeAction[]>;
}

export async function lintBuffer(file: string, text: string, version = 1): Promise<Linted> {
  const document = TextDocument.create(pathToFileURL(file).href, 'sql', version, text);
  const lint = await linter.lint(file, text);
  const diagnostics = lint ? toDiagnostics(lint, text, version) : [];
  const relint = async (edited: string) => (await linter.lint(file, edited))?.result.messages.map((m) => m.ruleId) ?? [];
  return { document, diagnostics, actions: () => codeActionsFor(document, diagnostics, relint) };
}

/** The text after applying one code action's edits. */
export function applyAction(document: TextDocument, action: CodeAction | undefined): string {
  if (!action) throw new Error('no such code action');
  const edits: TextEdit[] = action.edit?.changes?.[document.uri] ?? [];
  return TextDocument.applyEdits(document, edits);
}

export async function ruleIdsAfter(file: string, text: string): Promise<(string | number | undefined)[]> {
  return (await lintBuffer(file, text)).diagnostics.map((d) => d.code);
}
