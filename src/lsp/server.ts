/**
 * The language server (`migration-lint lsp --stdio`): lints open `.sql` buffers on open, change
 * (debounced) and save, and offers quick fixes and hovers for the findings. This module wires
 * the connection; linting, diagnostics, code actions and hovers live beside it.
 *
 * The connection is built with our own watchdog rather than vscode-languageserver/node's
 * createConnection, which calls process.exit: here `exit` (or the client going away) settles
 * the promise startServer returns, and the CLI returns the exit code like any other command.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection, type WatchDog } from 'vscode-languageserver';
import {
  CodeActionKind,
  createProtocolConnection,
  DidChangeWatchedFilesNotification,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXIT_FATAL, EXIT_OK } from '../exit-codes.js';
import { setRootOf } from '../migrations/migration-set.js';
import { loadParser } from '../parser/index.js';
import { VERSION } from '../package-info.js';
import { codeActionsFor, OPEN_DOCS_COMMAND } from './code-actions.js';
import { failureDiagnostic, toDiagnostics } from './diagnostics.js';
import { hoverAt } from './hover.js';
import { lockHoverText, withLocks } from './lock-hover.js';
import { DEFAULT_POSTGRES_VERSION } from '../config/schema.js';
import { BufferLinter } from './lint-buffer.js';

export interface ServerOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Quiet time after an edit before the buffer is linted again. */
  debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 100;
const PARENT_CHECK_MS = 3000;
const CONFIG_FILE = /^(package\.json|\.?migration-lintrc(\.[a-z]+)?|migration-lint\.config\.[cm]?js)$/i;

/** Serves one client until it sends `exit` or closes the stream; resolves with the exit code. */
export function startServer(options: ServerOptions): Promise<number> {
  return new Promise((resolve) => {
    let shutdownReceived = false;
    let parentCheck: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      if (parentCheck) clearInterval(parentCheck);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      connection.dispose();
      resolve(code);
    };
    const watchDog: WatchDog = {
      get shutdownReceived() {
        return shutdownReceived;
      },
      set shutdownReceived(value: boolean) {
        shutdownReceived = value;
      },
      initialize(params) {
        // The LSP way to learn that an editor crashed without closing our stdin.
        const parent = params.processId;
        if (typeof parent !== 'number') return;
        parentCheck = setInterval(() => {
          if (!processExists(parent)) finish(shutdownReceived ? EXIT_OK : 1);
        }, PARENT_CHECK_MS);
        parentCheck.unref();
      },
      exit(code) {
        finish(code);
      },
    };

    const reader = new StreamMessageReader(options.input);
    const writer = new StreamMessageWriter(options.output);
    reader.onClose(() => finish(shutdownReceived ? EXIT_OK : 1));
    const connection = createConnection((logger) => createProtocolConnection(reader, writer, logger), watchDog);
    const documents = new TextDocuments(TextDocument);
    const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;

    let roots: string[] = [];
    let capabilities: ClientCapabilities = {};
    const linter = new BufferLinter(() => roots);
    /** The diagnostics last published per document, for hovers. */
    const published = new Map<string, Diagnostic[]>();
    const timers = new Map<string, NodeJS.Timeout>();
    /** The version each document was last linted (or is being linted) at. */
    const lintedVersion = new Map<string, number>();
    const logged = new Set<string>();

    const logOnce = (message: string): void => {
      if (logged.has(message)) return;
      logged.add(message);
      connection.console.error(message);
    };

    const lintNow = async (uri: string): Promise<void> => {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      const document = documents.get(uri);
      const file = sqlFilePath(uri);
      if (!document || !file) return;
      const version = document.version;
      const text = document.getText();
      lintedVersion.set(uri, version);
      let diagnostics: Diagnostic[];
      try {
        const lint = await linter.lint(file, text);
        diagnostics = lint ? toDiagnostics(lint, text, version) : [];
      } catch (error) {
        diagnostics = [failureDiagnostic(error)];
        logOnce(error instanceof Error ? (error.name === 'ConfigError' ? error.message : (error.stack ?? error.message)) : String(error));
      }
      // A newer lint of an edited (or closed) buffer is on its way; this one is stale.
      if (finished || documents.get(uri)?.version !== version) return;
      published.set(uri, diagnostics);
      await connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
    };
    const lintSoon = (uri: string): void => {
      clearTimeout(timers.get(uri));
      timers.set(uri, setTimeout(() => void lintNow(uri), debounceMs));
    };
    /** Re-lints the open documents of a migration set (its files changed on disk). */
    const lintSet = (root: string, except?: string): void => {
      for (const document of documents.all()) {
        const file = sqlFilePath(document.uri);
        if (file && document.uri !== except && setRootOf(file) === root) lintSoon(document.uri);
      }
    };

    connection.onInitialize((params: InitializeParams): InitializeResult => {
      capabilities = params.capabilities;
      roots = workspaceRoots(params);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          hoverProvider: true,
          executeCommandProvider: { commands: [OPEN_DOCS_COMMAND] },
        },
        serverInfo: { name: 'migration-lint', version: VERSION },
      };
    });

    connection.onInitialized(() => {
      // Config edits and other migrations appearing change results; editors that can watch files tell us.
      if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/{package.json,.migration-lintrc*,migration-lint.config.*}' },
            { globPattern: '**/.config/migration-lintrc*' },
            { globPattern: '**/*.sql' },
          ],
        })
        .catch((error: unknown) => connection.console.warn(`Could not watch config files: ${String(error)}`));
    });

    connection.onDidChangeWatchedFiles(({ changes }) => {
      const files = changes.map((change) => uriToPath(change.uri)).filter((file): file is string => file !== undefined);
      if (files.some((file) => CONFIG_FILE.test(path.basename(file)))) {
        linter.resetConfig();
        logged.clear();
        for (const document of documents.all()) lintSoon(document.uri);
        return;
      }
      for (const root of new Set(files.map(setRootOf))) lintSet(root);
    });

    documents.onDidOpen(({ document }) => void lintNow(document.uri));
    documents.onDidChangeContent(({ document }) => {
      // Opening a document also reports a content change; onDidOpen has linted that version.
      if (lintedVersion.get(document.uri) !== document.version) lintSoon(document.uri);
    });
    documents.onDidSave(({ document }) => {
      void lintNow(document.uri);
      // The saved text is now on disk, where the other files of its set read it.
      const file = sqlFilePath(document.uri);
      if (file) lintSet(setRootOf(file), document.uri);
    });
    documents.onDidClose(({ document }) => {
      clearTimeout(timers.get(document.uri));
      timers.delete(document.uri);
      lintedVersion.delete(document.uri);
      published.delete(document.uri);
      if (sqlFilePath(document.uri)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });

    connection.onCodeAction(async (params) => {
      const document = documents.get(params.textDocument.uri);
      const only = params.context.only;
      if (!document || (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind)))) return [];
      await loadParser();
      const file = sqlFilePath(document.uri);
      const relint = file ? async (text: string) => (await linter.lint(file, text))?.result.messages.map((m) => m.ruleId) ?? [] : undefined;
      return codeActionsFor(document, params.context.diagnostics, relint);
    });

    connection.onHover(async (params) => {
      const findings = hoverAt(params.position, published.get(params.textDocument.uri) ?? []);
      const document = documents.get(params.textDocument.uri);
      const file = sqlFilePath(params.textDocument.uri);
      if (!document || !file) return findings;
      await loadParser();
      const version = await linter.postgresVersion(file).catch(() => DEFAULT_POSTGRES_VERSION);
      const mode = await linter.transactionMode(file).catch(() => 'none' as const);
      return withLocks(findings, lockHoverText(document.getText(), params.position, version, mode));
    });

    connection.onExecuteCommand(async (params) => {
      const url = params.arguments?.[0];
      if (params.command !== OPEN_DOCS_COMMAND || typeof url !== 'string' || !/^https?:\/\//.test(url)) return null;
      if (capabilities.window?.showDocument?.support) await connection.window.showDocument({ uri: url, external: true });
      else void connection.window.showInformationMessage(`Documentation: ${url}`);
      return null;
    });

    documents.listen(connection);
    connection.listen();
  });
}

/** `migration-lint lsp [--stdio]`: serves over stdin/stdout, the only transport. */
export async function runLanguageServer(args: string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout('migration-lint lsp --stdio\n\nRun the language server over stdin/stdout (for editors; see docs/integrations/editors.md).\n');
    return EXIT_OK;
  }
  const unknown = args.filter((arg) => arg !== '--stdio');
  if (unknown.length > 0) {
    io.stderr(`migration-lint lsp: unsupported argument ${unknown.join(' ')}; the language server speaks over --stdio only.\n`);
    return EXIT_FATAL;
  }
  // stdout carries the protocol: anything a dependency logs goes to stderr instead.
  const toStderr = (...values: unknown[]): void => console.error(...values);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  const code = await startServer({ input: process.stdin, output: process.stdout });
  // Stop reading so the process can end once the last response is flushed.
  process.stdin.pause();
  return code;
}

/** The path of a `file:` URI of a `.sql` file; undefined for anything else. */
function sqlFilePath(uri: string): string | undefined {
  const file = uriToPath(uri);
  return file && file.toLowerCase().endsWith('.sql') ? file : undefined;
}

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToPath).filter((root): root is string => root !== undefined);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, we just may not signal it.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
