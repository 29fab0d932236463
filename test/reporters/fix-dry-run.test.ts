/** `--fix-dry-run` with the text format shows the fixes it would make, as a unified diff per file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const BEFORE = 'SELECT 1;\nDROP TABLE x;\nDROP TABLE y CASCADE;\nSELECT 2;\n';

describe('--fix-dry-run, text format', () => {
  it('shows a unified diff per fixed file, under the problems left after the fixes, and writes nothing', async () => {
    const dir = project({ 'db/0001_a.sql': BEFORE, 'db/0002_b.sql': 'DROP TABLE z;\n', 'db/0003_c.sql': 'SELECT 3;\n' });
    const { code, stdout, stderr } = await cli(['--fix-dry-run', 'db'], { cwd: dir });
    // Outside git, the one note about deploy batches is all stderr holds.
    expect(stderr.replace(/^migration-lint: .* is not in a git work tree, .*\n/m, '')).toBe('');
    expect(stdout).toBe(
      [
        '',
        'db/0001_a.sql',
        '  3:24  error  DROP TABLE "y" CASCADE also drops every view, foreign key and other object that depends on it, without naming them. Drop the dependent objects explicitly, then the table without CASCADE  no-bare-drop-table',
        '',
        '--- a/db/0001_a.sql',
        '+++ b/db/0001_a.sql',
        '@@ -1,4 +1,4 @@',
        ' SELECT 1;',
        '-DROP TABLE x;',
        '-DROP TABLE y CASCADE;',
        '+DROP TABLE IF EXISTS x;',
        '+DROP TABLE IF EXISTS y CASCADE;',
        ' SELECT 2;',
        '',
        'db/0002_b.sql',
        '--- a/db/0002_b.sql',
        '+++ b/db/0002_b.sql',
        '@@ -1,1 +1,1 @@',
        '-DROP TABLE z;',
        '+DROP TABLE IF EXISTS z;',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '2 files would be changed by --fix (the diff is above; the problems listed are those left after the fixes).',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
    expect(readFileSync(path.join(dir, 'db/0001_a.sql'), 'utf8')).toBe(BEFORE);
    // Deterministic: the same run prints the same bytes.
    expect((await cli(['--fix-dry-run', 'db'], { cwd: dir })).stdout).toBe(stdout);
  });

  it('shows the diff for piped-in SQL too, and a file whose every problem is fixable', async () => {
    const { code, stdout } = await cli(['--fix-dry-run', '--stdin', '--stdin-filename', 'db/0001_x.sql'], { cwd: project({}), stdin: 'DROP TABLE q;\n' });
    expect(stdout).toContain('db/0001_x.sql\n--- a/db/0001_x.sql\n+++ b/db/0001_x.sql\n@@ -1,1 +1,1 @@\n-DROP TABLE q;\n+DROP TABLE IF EXISTS q;\n');
    expect(stdout).toContain('1 file would be changed by --fix');
    expect(code).toBe(0);
  });

  it('shows no diff without --fix-dry-run, nor with --fix (which writes the files instead)', async () => {
    const dir = project({ 'db/0001_a.sql': BEFORE });
    const plain = await cli(['db'], { cwd: dir });
    expect(plain.stdout).not.toContain('+++ ');
    expect(plain.stdout).toContain('2 errors and 0 warnings potentially fixable');
    const fixed = await cli(['--fix', 'db'], { cwd: dir });
    expect(fixed.stdout).not.toContain('+++ ');
    expect(readFileSync(path.join(dir, 'db/0001_a.sql'), 'utf8')).toBe('SELECT 1;\nDROP TABLE IF EXISTS x;\nDROP TABLE IF EXISTS y CASCADE;\nSELECT 2;\n');
  });

  it('leaves the JSON report as ESLint has it: the fixed text as "output", no diff', async () => {
    const dir = project({ 'db/0001_a.sql': 'DROP TABLE z;\n' });
    const results = JSON.parse((await cli(['--fix-dry-run', '-f', 'json', 'db'], { cwd: dir })).stdout) as { output?: string }[];
    expect(results[0]!.output).toBe('DROP TABLE IF EXISTS z;\n');
  });
});
