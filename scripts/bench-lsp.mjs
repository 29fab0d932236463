#!/usr/bin/env node
/**
 * Language server latency (after the build: `node scripts/bench-lsp.mjs`): how long a warm
 * server takes to re-lint a 200-statement migration after an edit. Two numbers:
 *
 *   lint      BufferLinter.lint + diagnostics mapping, in process (what every edit costs)
 *   round     didChange → publishDiagnostics through the real server over in-memory streams,
 *             with the debounce set to 0 (JSON-RPC encoding included)
 *
 * The folder also holds earlier migrations (50, or `--history <n>`), which every lint replays.
 * Prints the median of each in milliseconds; nothing is asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { BufferLinter } = await import(pathToFileURL(path.join(repoRoot, 'dist/src/lsp/lint-buffer.js')).href);
const { toDiagnostics } = await import(pathToFileURL(path.join(repoRoot, 'dist/src/lsp/diagnostics.js')).href);
const { startServer } = await import(pathToFileURL(path.join(repoRoot, 'dist/src/lsp/server.js')).href);

const STATEMENTS = 200;
const historyFlag = process.argv.indexOf('--history');
const HISTORY = historyFlag > 0 ? Number(process.argv[historyFlag + 1]) : 50;
const RUNS = 30;
const WARMUP = 5;

function statement(i) {
  switch (i % 5) {
    case 0:
      return `CREATE TABLE t${i} (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());`;
    case 1:
      return `ALTER TABLE t${i - 1} ADD COLUMN note text;`;
    case 2:
      return `CREATE INDEX t${i - 2}_name ON t${i - 2} (name);`;
    case 3:
      return `ALTER TABLE accounts ALTER COLUMN c${i} SET NOT NULL;`;
    default:
      return `DROP TABLE old_${i};`;
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-bench-lsp-'));
try {
  for (let i = 1; i <= HISTORY; i++) {
    writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}_history.sql`), `CREATE TABLE h${i} (id int);\nALTER TABLE h${i} ADD COLUMN v text;\n`);
  }
  const file = path.join(dir, `${String(HISTORY + 1).padStart(4, '0')}_big.sql`);
  const text = Array.from({ length: STATEMENTS }, (_, i) => `-- step ${i}\n${statement(i)}`).join('\n') + '\n';
  writeFileSync(file, text);

  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };

  // In process: the lint an edit triggers.
  const linter = new BufferLinter();
  const lintTimes = [];
  let findings = 0;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const edited = `${text}-- edit ${run}\n`;
    const start = performance.now();
    const lint = await linter.lint(file, edited);
    findings = toDiagnostics(lint, edited, run).length;
    if (run >= WARMUP) lintTimes.push(performance.now() - start);
  }

  // Through the server: didChange to publishDiagnostics.
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const served = startServer({ input: toServer, output: fromServer, debounceMs: 0 });
  const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  let waiting;
  client.onNotification('textDocument/publishDiagnostics', (params) => waiting?.(params));
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  client.sendNotification('initialized', {});
  const uri = pathToFileURL(file).href;
  const published = (version) =>
    new Promise((resolve) => {
      waiting = (params) => params.version === version && resolve(params);
    });
  let next = published(1);
  client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text } });
  await next;
  const roundTimes = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const version = run + 2;
    next = published(version);
    const start = performance.now();
    client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: `${text}-- edit ${run}\n` }] });
    await next;
    if (run >= WARMUP) roundTimes.push(performance.now() - start);
  }
  await client.sendRequest('shutdown');
  client.sendNotification('exit');
  await served;
  client.dispose();

  console.log(`${STATEMENTS} statements, ${HISTORY} earlier migrations, ${findings} findings, median of ${RUNS} warm runs:`);
  console.log(`  lint   ${median(lintTimes).toFixed(1)} ms`);
  console.log(`  round  ${median(roundTimes).toFixed(1)} ms  (didChange → publishDiagnostics, debounce off)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
