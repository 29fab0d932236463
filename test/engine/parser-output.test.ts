/**
 * Issue 11: the parser never writes to our standard output, so `-f json` stays JSON. Running the
 * parser out of memory for real takes a 30 MB statement, 7 s and 700 MB, so the test calls the
 * WebAssembly's own print functions instead (test/helpers/wasm-print-hooks.mjs), in the built CLI.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

describe("the parser's own output", () => {
  it('never reaches standard output: what the WebAssembly prints is kept, and the JSON report stays JSON', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', path.join(ROOT, 'test', 'helpers', 'wasm-print-hooks.mjs'), BIN, '-f', 'json', '--no-cache', 'fixtures/parse-recovery'],
      { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    // Both of the WebAssembly's print functions were called (so the test cannot pass by not printing).
    expect(child.stderr).toMatch(/print hooks called: [2-9]/);
    expect(child.stdout).not.toContain('Terminating');
    expect(child.stderr).not.toContain('Terminating');
    const [file] = JSON.parse(child.stdout) as { messages: { ruleId: string }[] }[];
    expect(file!.messages.map((m) => m.ruleId)).toEqual(['parse-error', 'no-bare-drop-table', 'parse-error']);
    expect(child.status).toBe(1);
  });
});
