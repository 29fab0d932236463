/** `--explain`: a rule's docs page rendered for a terminal, and the list of rules without a name. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { cli } from '../helpers/cli.js';

const ESC = '\u001b[';

async function onTerminal(args: string[]): Promise<string> {
  let stdout = '';
  await run(args, { stdout: (t) => (stdout += t), stderr: () => undefined, readStdin: async () => '', cwd: process.cwd(), env: {}, stdoutIsTTY: true });
  return stdout;
}

describe('--explain <rule>', () => {
  it('renders the page for a terminal: no front matter, headings underlined, code blocks indented and labelled', async () => {
    const { code, stdout, stderr } = await cli(['--explain', 'no-bare-drop-table']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^---$/m);
    expect(stdout).not.toContain('description: Disallow DROP TABLE');
    expect(stdout).not.toContain('```');
    expect(stdout).not.toMatch(/^#+ /m);
    expect(stdout.startsWith('no-bare-drop-table\n══════════════════\n\n')).toBe(true);
    expect(stdout).toContain('\nWhy\n───\n\n');
    expect(stdout).toContain('  ✗ incorrect:\n    DROP TABLE legacy_invoices;\n\n  ✓ correct:\n    DROP TABLE IF EXISTS legacy_invoices;\n');
    // Inline code keeps its backticks when there is no colour to set it apart; bold markers go.
    expect(stdout).toContain('- Without `IF EXISTS`, dropping a table');
  });

  it('uses colour only on a terminal (or with --color), never when piped', async () => {
    expect((await cli(['--explain', 'no-bare-drop-table'])).stdout).not.toContain(ESC);
    const tty = await onTerminal(['--explain', 'no-bare-drop-table']);
    expect(tty).toContain(`${ESC}1mno-bare-drop-table${ESC}22m`);
    expect(tty).toContain(`${ESC}36mDROP TABLE legacy_invoices;${ESC}39m`);
    expect(await onTerminal(['--explain', 'no-bare-drop-table', '--no-color'])).not.toContain(ESC);
    expect((await cli(['--explain', 'no-bare-drop-table', '--color'])).stdout).toContain(ESC);
  });

  it('explains parse-error, the engine finding that has a page of its own', async () => {
    const { code, stdout } = await cli(['--explain', 'parse-error']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^parse-error\n═+\n/);
    expect(stdout).toContain('PostgreSQL 18');
  });

  it('without a name lists what it can explain instead of failing on an unknown rule ""', async () => {
    const { code, stdout, stderr } = await cli(['--explain']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: migration-lint --explain <rule>');
    expect(stdout).toMatch(/^no-bare-drop-table +recommended +fixable +Disallow DROP TABLE/m);
    expect(stdout).toMatch(/^parse-error\b/m);
  });

  it('still refuses an unknown rule, with exit 2', async () => {
    const { code, stderr } = await cli(['--explain', 'no-such-rule']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown rule "no-such-rule"');
  });
});
