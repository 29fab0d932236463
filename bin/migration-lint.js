#!/usr/bin/env node
// Sets the exit code and leaves the process to end on its own, so piped output is not cut off.
import { run } from '../dist/src/cli.js';

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
