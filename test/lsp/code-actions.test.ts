import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from '../../src/lsp/code-actions.js';
import { applyAction, lintBuffer, migrationFolder, ruleIdsAfter } from './helpers.js';

const DROP = 'no-bare-drop-table';
const GAPS = 'no-numbering-gaps';
const DIRECTIVE = `-- migration-lint-ignore ${DROP} -- TODO: reason`;

describe('language server code actions', () => {
  it('applies the fix at the right place when the buffer keeps a BOM', async () => {
    const file = path.join(migrationFolder(), '0001_drop.sql');
    const { document, diagnostics, actions } = await lintBuffer(file, '\uFEFFDROP TABLE t;\n');
    expect(diagnostics[0]!.range.start).toEqual({ line: 0, character: 1 });
    const all = await actions();
    expect(applyAction(document, all.find((a) => a.isPreferred))).toBe('\uFEFFDROP TABLE IF EXISTS t;\n');
    expect(applyAction(document, all.find((a) => a.title === `Ignore ${DROP} for this statement`))).toBe(`\uFEFF${DIRECTIVE}\nDROP TABLE t;\n`);
  });

  it('does not offer a fix computed for an older version of the buffer', async () => {
    const file = path.join(migrationFolder(), '0001_drop.sql');
    const { document, diagnostics } = await lintBuffer(file, 'DROP TABLE t;\n', 3);
    // A line was typed above: the fix offsets of version 3 would now land in the wrong place.
    const edited = TextDocument.update(document, [{ text: '\nDROP TABLE t;\n' }], 4);
    const actions = await codeActionsFor(edited, diagnostics);
    expect(actions.some((a) => a.isPreferred)).toBe(false);
    expect(actions.map((a) => a.title)).toContain(`Show documentation for ${DROP}`);
  });

  it('indents the directive like the statement and keeps CRLF line ends; the finding goes away', async () => {
    const file = path.join(migrationFolder(), '0001_drop.sql');
    const text = 'BEGIN;\r\n  DROP TABLE t;\r\nCOMMIT;\r\n';
    const { document, actions } = await lintBuffer(file, text);
    const edited = applyAction(document, (await actions()).find((a) => a.title === `Ignore ${DROP} for this statement`));
    expect(edited).toBe(`BEGIN;\r\n  ${DIRECTIVE}\r\n  DROP TABLE t;\r\nCOMMIT;\r\n`);
    expect(await ruleIdsAfter(file, edited)).toEqual([]);
  });

  it('finds the statement a finding is in when another statement shares its line', async () => {
    const file = path.join(migrationFolder(), '0001_drop.sql');
    const { document, actions } = await lintBuffer(file, 'SELECT 1; DROP TABLE t;\n');
    const edited = applyAction(document, (await actions()).find((a) => a.title === `Ignore ${DROP} for this statement`));
    expect(edited).toBe(`SELECT 1; \n${DIRECTIVE}\nDROP TABLE t;\n`);
    expect(await ruleIdsAfter(file, edited)).toEqual([]);
  });

  it('adds the rule to a directive that already precedes the statement', async () => {
    const file = path.join(migrationFolder(), '0001_drop.sql');
    const text = '-- migration-lint-ignore no-not-null-without-default -- backfilled\nDROP TABLE t;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;\n';
    const { document, actions } = await lintBuffer(file, text);
    const edited = applyAction(document, (await actions()).find((a) => a.title === `Ignore ${DROP} for this statement`));
    expect(edited.split('\n')[0]).toBe(`-- migration-lint-ignore no-not-null-without-default, ${DROP} -- backfilled`);
    expect(await ruleIdsAfter(file, edited)).toEqual(['no-not-null-without-default']);
  });

  it('offers only the file directive for a finding about the file itself, and it works', async () => {
    const dir = migrationFolder({ '0001_init.sql': 'CREATE TABLE t (id int);\n' });
    const file = path.join(dir, '0003_more.sql');
    const { document, diagnostics, actions } = await lintBuffer(file, 'CREATE TABLE u (id int);\n');
    expect(diagnostics.map((d) => d.code)).toEqual([GAPS]);
    const all = await actions();
    expect(all.map((a) => a.title)).toEqual([`Ignore ${GAPS} for this file`, `Show documentation for ${GAPS}`]);
    const edited = applyAction(document, all[0]);
    expect(edited).toBe(`-- migration-lint-ignore-file ${GAPS} -- TODO: reason\nCREATE TABLE u (id int);\n`);
    expect(await ruleIdsAfter(file, edited)).toEqual([]);
  });
});
