#!/usr/bin/env node
// Sets the exit code and leaves the process to end on its own, so piped output is not cut off.
import v8 from 'node:v8';

// Short runs are tuned for being short (docs/benchmark.md):
// - Before the parser's WebAssembly is compiled: V8's optimising tier would recompile the parser
//   on the second CPU while we lint, and the process would then wait up to ~100 ms at exit for
//   that work. The baseline tier alone is faster for a linter's short runs.
// - JavaScript is optimised (TurboFan, on a background thread) only once a function has run four
//   times as long as Node 20's V8 asks by default (--interrupt-budget, 66 KB of bytecode). With
//   the default, a cold lint of the 2,275-file corpus spent about a third of its CPU compiling
//   functions that then ran only a little longer; the loops that run for long still get optimised.
// The language server is long-lived and keeps V8's defaults, as does verify, whose PostgreSQL
// (PGlite) is WebAssembly that runs for seconds.
if (process.argv[2] !== 'lsp' && !process.argv.includes('verify')) {
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--interrupt-budget=270336');
}

// One bundled file (scripts/bundle.mjs) loads faster than the ~45 modules of dist/src.
const { run, unfinishedWork } = await import('../dist/cli.bundle.js');

// A reader that closed the pipe (`migration-lint -f json | head -c 10`) wants no more: end quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Node ends the process when nothing is left to wait on, even while a promise is pending: a
// config, plugin or formatter that awaits a promise that never settles would end the run with
// no report and exit code 0. Say which one never finished, and fail.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  const waiting = unfinishedWork();
  const what = waiting.length > 0 ? waiting.join(', ') : 'a promise';
  process.stderr.write(`migration-lint: the run ended without a result: ${what} never finished (it awaits a promise that never settles).\n`);
  process.exitCode = 2;
});

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  // Bytes: the CLI checks them as PostgreSQL would (UTF-8, no NUL) before decoding.
  return Buffer.concat(chunks);
};

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error) => {
    finished = true;
    process.stderr.write(`migration-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
