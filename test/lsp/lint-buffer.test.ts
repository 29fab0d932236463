import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintBuffer, linter, migrationFolder } from './helpers.js';

const SET_NOT_NULL = 'ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n';

describe('linting an editor buffer', () => {
  it('replays the earlier migrations of its folder, and notices when one of them changes', async () => {
    const dir = migrationFolder({
      '0001_check.sql': 'ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\n',
      '0002_validate.sql': 'ALTER TABLE t VALIDATE CONSTRAINT c_nn;\n',
    });
    const file = path.join(dir, '0003_not_null.sql');
    // History validated a NOT NULL check, so SET NOT NULL needs no table scan.
    expect((await lintBuffer(file, SET_NOT_NULL)).diagnostics).toEqual([]);
    // Linting twice must not carry the buffer's own statements into the next lint.
    expect((await lintBuffer(file, SET_NOT_NULL)).diagnostics).toEqual([]);

    writeFileSync(path.join(dir, '0002_validate.sql'), '-- validation postponed\nSELECT 1;\n');
    const codes = (await lintBuffer(file, SET_NOT_NULL)).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['no-not-null-without-default']);
  });

  it('sees the other files of its folder, even before the buffer is saved', async () => {
    const dir = migrationFolder({ '0001_init.sql': 'SELECT 1;\n', '0002_more.sql': 'SELECT 2;\n' });
    const { diagnostics } = await lintBuffer(path.join(dir, '0004_next.sql'), 'SELECT 4;\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['no-numbering-gaps']);
    expect(diagnostics[0]!.message).toContain('0003');
  });

  it('follows the config of its folder, and lints nothing in files the config ignores', async () => {
    const dir = migrationFolder({ '.migration-lintrc.json': JSON.stringify({ ignores: ['legacy/**'], rules: { 'no-bare-drop-table': 'warn' } }) });
    expect((await lintBuffer(path.join(dir, '0001_drop.sql'), 'DROP TABLE t;\n')).diagnostics.map((d) => d.severity)).toEqual([2]);
    expect(await linter.lint(path.join(dir, 'legacy', '0001_drop.sql'), 'DROP TABLE t;\n')).toBeUndefined();
  });
});
