#!/usr/bin/env node
// Sets the exit code and leaves the process to end on its own, so piped output is not cut off.
import v8 from 'node:v8';

// Before the parser's WebAssembly is compiled: V8's optimising tier would recompile the parser
// on the second CPU while we lint, and the process would then wait up to ~100 ms at exit for
// that work. The baseline tier alone is faster for a linter's short runs (docs/benchmark.md).
// The language server is long-lived and keeps the optimising tier, as does verify, whose
// PostgreSQL (PGlite) is WebAssembly that runs for seconds.
if (process.argv[2] !== 'lsp' && !process.argv.includes('verify')) v8.setFlagsFromString('--liftoff-only');

// One bundled file (scripts/bundle.mjs) loads faster than the ~45 modules of dist/src.
const { run } = await import('../dist/cli.bundle.js');

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
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
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`migration-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
