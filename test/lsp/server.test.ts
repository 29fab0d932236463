/**
 * End to end: the built CLI (`node bin/migration-lint.js lsp --stdio`) as an editor sees it,
 * spoken to over JSON-RPC on its stdin/stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionKind,
  createMessageConnection,
  DiagnosticSeverity,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = path.resolve(import.meta.dirname, '..', '..');
const RULE = 'no-bare-drop-table';
const TEXT = '-- café 😀\nDROP TABLE legacy;\n';

let child: ChildProcess;
let client: MessageConnection;
let workDir: string;
let stderr = '';
const published: PublishDiagnosticsParams[] = [];
const shownDocuments: unknown[] = [];
let childExit: Promise<number | null>;

/** Waits for the diagnostics the server publishes for one version of a document. */
async function diagnosticsFor(uri: string, version: number, timeoutMs = 30_000): Promise<Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = published.find((p) => p.uri === uri && p.version === version);
    if (found) return found.diagnostics;
    if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} v${version}; got ${JSON.stringify(published)}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function openDocument(file: string, text: string): string {
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text } });
  return uri;
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.sql', 'sql', 0, text), edits);
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'migration-lint-lsp-'));
  child = spawn(process.execPath, [path.join(root, 'bin', 'migration-lint.js'), 'lsp', '--stdio'], {
    cwd: workDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  childExit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
  });
  client.onRequest('window/showDocument', (params: unknown) => {
    shownDocuments.push(params);
    return { success: true };
  });
  client.listen();
});

afterAll(async () => {
  if (child.exitCode === null) child.kill();
  client.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

describe('migration-lint lsp --stdio', () => {
  it('initializes with incremental sync, quick fixes, hover and the docs command', async () => {
    const result: InitializeResult = await client.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { window: { showDocument: { support: true } } },
    });
    client.sendNotification('initialized', {});
    expect(result.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: [CodeActionKind.QuickFix] });
    expect(result.capabilities.hoverProvider).toBe(true);
    expect(result.capabilities.executeCommandProvider).toEqual({ commands: ['migration-lint.openDocs'] });
  });

  describe('a DROP TABLE after a line of non-ASCII text', () => {
    let uri: string;
    let diagnostic: Diagnostic;
    let actions: CodeAction[];

    beforeAll(async () => {
      uri = openDocument(path.join(workDir, '0001_drop_legacy.sql'), TEXT);
      const diagnostics = await diagnosticsFor(uri, 1, 60_000);
      expect(diagnostics).toHaveLength(1);
      diagnostic = diagnostics[0]!;
      actions = await client.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
    }, 90_000);

    it('is reported on 0-based line 1, characters 0–17 (the statement without its semicolon)', () => {
      expect(diagnostic.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 17 } });
      expect(diagnostic).toMatchObject({ severity: DiagnosticSeverity.Error, code: RULE, source: 'migration-lint' });
      expect(diagnostic.codeDescription?.href).toMatch(/\/docs\/rules\/no-bare-drop-table\.md$/);
      expect(diagnostic.message).toContain('DROP TABLE "legacy" deletes the table and its rows for good');
    });

    it('offers the rule fix first, as the preferred action, inserting IF EXISTS at the right UTF-16 offset', () => {
      const fix = actions[0]!;
      expect(fix.isPreferred).toBe(true);
      expect(fix.kind).toBe(CodeActionKind.QuickFix);
      expect(editsOf(fix, uri)).toEqual([{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, newText: ' IF EXISTS' }]);
      expect(apply(TEXT, editsOf(fix, uri))).toBe('-- café 😀\nDROP TABLE IF EXISTS legacy;\n');
    });

    it('offers an ignore directive that goes on its own line above the statement', () => {
      const ignore = actions.find((a) => a.title === `Ignore ${RULE} for this statement`);
      expect(ignore).toBeDefined();
      expect(apply(TEXT, editsOf(ignore!, uri))).toBe(`-- café 😀\n-- migration-lint-ignore ${RULE} -- TODO: reason\nDROP TABLE legacy;\n`);
    });

    it('offers the documentation, which the server asks the editor to open', async () => {
      const docs = actions.find((a) => a.title === `Show documentation for ${RULE}`);
      expect(docs?.command).toEqual({ title: `Show documentation for ${RULE}`, command: 'migration-lint.openDocs', arguments: [diagnostic.codeDescription!.href] });
      await client.sendRequest('workspace/executeCommand', { command: docs!.command!.command, arguments: docs!.command!.arguments });
      expect(shownDocuments).toEqual([{ uri: diagnostic.codeDescription!.href, external: true }]);
    });

    it("explains the finding on hover with the rule's reasoning and a docs link", async () => {
      const hover: Hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
      const value = (hover.contents as { value: string }).value;
      expect(value).toContain('Without IF EXISTS');
      expect(value).toContain(`(${diagnostic.codeDescription!.href})`);
      const page = readFileSync(path.join(root, 'docs', 'rules', `${RULE}.md`), 'utf8');
      expect(value).toContain(page.split(/^## Why$/m)[1]!.split(/^## /m)[0]!.trim());
      expect(value).toContain('**Safe workflow**');
      const nothing = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      expect(nothing).toBeNull();
    });

    it('clears the finding once the fix is typed in, and keeps it away with the ignore directive', async () => {
      const fix = editsOf(actions[0]!, uri)[0]!;
      client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: fix.range, text: fix.newText }] });
      expect(await diagnosticsFor(uri, 2)).toEqual([]);

      const ignore = actions.find((a) => a.title === `Ignore ${RULE} for this statement`)!;
      client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: apply(TEXT, editsOf(ignore, uri)) }] });
      expect(await diagnosticsFor(uri, 3)).toEqual([]);

      client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: TEXT }] });
      expect((await diagnosticsFor(uri, 4)).map((d) => d.code)).toEqual([RULE]);
    });
  });

  it('uses the UTF-16 column of a statement that follows non-ASCII text on the same line', async () => {
    const dir = path.join(workDir, 'same-line');
    mkdirSync(dir);
    const uri = openDocument(path.join(dir, '0001_cleanup.sql'), "SELECT 'naïve 😀'; DROP TABLE old_stuff;\n");
    const [diagnostic] = await diagnosticsFor(uri, 1);
    // 19 UTF-16 code units precede DROP (22 UTF-8 bytes would be wrong).
    expect(diagnostic!.range).toEqual({ start: { line: 0, character: 19 }, end: { line: 0, character: 39 } });
  });

  it("replays the folder's earlier migrations, and hovers show the Why section of the rule's docs page", async () => {
    const dir = path.join(workDir, 'enum');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '0001_mood.sql'), "CREATE TYPE mood AS ENUM ('sad', 'happy');\n");
    // The rename is only judged because 0001 (on disk, not open) told the server the enum's values.
    const uri = openDocument(path.join(dir, '0002_rename.sql'), "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n");
    const diagnostics = await diagnosticsFor(uri, 1);
    expect(diagnostics.map((d) => d.code)).toEqual(['no-unsafe-enum-change']);

    const hover: Hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    const value = (hover.contents as { value: string }).value;
    const page = readFileSync(path.join(root, 'docs', 'rules', 'no-unsafe-enum-change.md'), 'utf8');
    const why = page.split(/^## Why$/m)[1]!.split(/^## /m)[0]!.trim();
    expect(value).toContain(why);
    expect(value).not.toContain('## Rule details');
  });

  it('re-lints the other open files of a migration folder when one is saved', async () => {
    const dir = path.join(workDir, 'numbering');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '0001_init.sql'), 'SELECT 1;\n');
    const third = openDocument(path.join(dir, '0003_third.sql'), 'SELECT 3;\n');
    expect((await diagnosticsFor(third, 1)).map((d) => d.code)).toEqual(['no-numbering-gaps']);

    const secondFile = path.join(dir, '0002_second.sql');
    const second = pathToFileURL(secondFile).href;
    client.sendNotification('textDocument/didOpen', { textDocument: { uri: second, languageId: 'sql', version: 1, text: 'SELECT 2;\n' } });
    await diagnosticsFor(second, 1);
    const before = published.length;
    writeFileSync(secondFile, 'SELECT 2;\n');
    client.sendNotification('textDocument/didSave', { textDocument: { uri: second } });
    const deadline = Date.now() + 10_000;
    while (!published.slice(before).some((p) => p.uri === third) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(published.slice(before).find((p) => p.uri === third)?.diagnostics).toEqual([]);
  });

  it('applies the config of the file’s folder', async () => {
    const dir = path.join(workDir, 'warn-only');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.migration-lintrc.json'), JSON.stringify({ rules: { [RULE]: 'warn' } }));
    const uri = openDocument(path.join(dir, '0001_drop.sql'), 'DROP TABLE legacy;\n');
    const diagnostics = await diagnosticsFor(uri, 1);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([[RULE, DiagnosticSeverity.Warning]]);
  });

  it('reports a broken config as one diagnostic at the top, naming the file and the problem', async () => {
    const dir = path.join(workDir, 'broken-config');
    mkdirSync(dir);
    const configFile = path.join(dir, '.migration-lintrc.json');
    writeFileSync(configFile, JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    const uri = openDocument(path.join(dir, '0001_drop.sql'), 'DROP TABLE legacy;\n');
    const diagnostics = await diagnosticsFor(uri, 1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect(diagnostics[0]!.message).toContain(configFile);
    expect(diagnostics[0]!.message).toContain('unknown rule "no-such-rule"');
  });

  it('publishes an empty list when a document closes', async () => {
    const uri = pathToFileURL(path.join(workDir, '0001_drop_legacy.sql')).href;
    const before = published.length;
    client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const deadline = Date.now() + 10_000;
    while (!published.slice(before).some((p) => p.uri === uri && p.diagnostics.length === 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(published.slice(before).find((p) => p.uri === uri)?.diagnostics).toEqual([]);
  });

  it('shuts down and exits with code 0', async () => {
    await client.sendRequest('shutdown');
    client.sendNotification('exit');
    const code = await Promise.race([childExit, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    expect(code).toBe(0);
  });
});
