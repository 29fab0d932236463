/** Runs the CLI in-process with captured output, or as a real process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { run } from '../../src/cli.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'migration-lint.js');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** The built CLI as a child process (npm test builds dist/ first). */
export function spawnCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliOutcome {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}
