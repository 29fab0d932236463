import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { lint } from '../helpers/lint.js';
import { applyFixes } from '../../src/engine/fixes.js';
import { cli, ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const flyway = (values: Record<string, string> = {}) => ({ templates: { syntax: ['flyway' as const], values } });

describe('templated SQL', () => {
  it('expands Flyway placeholders and reports positions in the file as written', async () => {
    const sql = 'SELECT 1; DROP TABLE ${schema}.legacy; DROP TABLE x;';
    const result = await lint(sql, { only: ['no-bare-drop-table'], ...flyway({ schema: 'a_much_longer_schema_name' }) });
    expect(result.messages.map((m) => [m.column, m.endColumn, m.message.slice(0, 46)])).toEqual([
      [11, 38, 'DROP TABLE "a_much_longer_schema_name.legacy" '],
      [40, 52, 'DROP TABLE "x" deletes the table and its rows '],
    ]);
    // Fixes land in the original text, around the placeholder.
    const { output } = applyFixes(sql, result.messages.map((m) => m.fix!));
    expect(output).toBe('SELECT 1; DROP TABLE IF EXISTS ${schema}.legacy; DROP TABLE IF EXISTS x;');
    expect(result.source).toBe(sql);
  });

  it('an unknown placeholder gives one finding per statement, not a flood, and the statement is still linted', async () => {
    const sql = 'ALTER TABLE ${schema}.users ADD COLUMN ${column} text NOT NULL;\nGRANT SELECT ON ${schema}.users TO ${role};\nSELECT 1;';
    const result = await lint(sql, flyway());
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([
      ['unresolved-placeholder', 1, 13, 1],
      ['no-not-null-without-default', 1, 29, 2],
      ['unresolved-placeholder', 2, 17, 1],
    ]);
    expect(result.messages[0]!.message).toContain('${schema}, ${column}');
  });

  it("knows Flyway's built-in placeholders", async () => {
    const result = await lint('CREATE TABLE ${flyway:defaultSchema}.t (id int);', flyway());
    expect(result.messages).toEqual([]);
  });

  it('expands Go template actions and drops control actions', async () => {
    const sql = '{{ if .Enabled }}\nDROP TABLE {{ .Schema }}.legacy;\n{{ end }}';
    const result = await lint(sql, { only: ['no-bare-drop-table'], templates: { syntax: ['go'], values: { Schema: 'app' } } });
    expect(result.messages.map((m) => [m.line, m.column, m.endColumn])).toEqual([[2, 1, 32]]);
    expect(result.messages[0]!.message).toContain('"app.legacy"');
  });

  it('leaves ${…} alone unless templates are on', async () => {
    const result = await lint("SELECT '${not_a_placeholder}';");
    expect(result.messages).toEqual([]);
  });

  it('Flyway sets expand placeholders by default, with values from the config', async () => {
    const dir = project({
      'db/migration/V1__init.sql': 'CREATE TABLE ${schema}.users (id bigint PRIMARY KEY);\n',
      'db/migration/V2__email.sql': 'ALTER TABLE ${schema}.users ADD COLUMN email text NOT NULL;\n',
      '.migration-lintrc.json': '{ "templates": { "values": { "schema": "app" } } }',
    });
    const { stdout } = await cli(['-f', 'json', 'db/migration'], { cwd: dir });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const v2 = results.find((r) => r.filePath.endsWith('V2__email.sql'))!;
    expect(v2.messages.map((m) => m.ruleId)).toEqual(['no-not-null-without-default']);
    expect(v2.messages[0]!.message).toContain('"app.users"');
    void ROOT;
    void path;
  });

  it('without config, Go template actions become placeholders of the same length: one warning per file, no parse error, exact positions', async () => {
    const action = '{{ index .Options "Namespace" }}';
    const second = `ALTER TABLE ${action}.users ADD COLUMN email text NOT NULL;`;
    const sql = `ALTER TABLE ${action}.users ADD COLUMN nickname text;\n${second}\n`;
    const dir = project({ 'db/migrations/0001_users.sql': sql });
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db/migrations'], { cwd: dir });
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; column: number; endColumn: number; message: string; severity: number }[] }[];
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn, m.severity])).toEqual([
      ['unresolved-placeholder', 1, 13, 13 + action.length, 1],
      // The NOT NULL finding points at the column definition, where it is in the file as written.
      ['no-not-null-without-default', 2, second.indexOf('ADD COLUMN') + 1, second.indexOf(';') + 1, 2],
    ]);
    expect(result!.messages[0]!.message).toContain(`(${action})`);
    expect(result!.messages[0]!.message).toContain('"syntax": ["go"]');
  });

  it('without config, Flyway ${…} outside a Flyway set is guessed the same way, once per file', async () => {
    const sql = 'CREATE TABLE ${schema}.a (id int);\nCREATE TABLE ${schema}.b (id int);\n';
    const dir = project({ 'db/migrations/0001_a.sql': sql });
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db/migrations'], { cwd: dir });
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['unresolved-placeholder', 1, 14]]);
  });

  it('a file that parses as written is left alone: {{…}} in a string is data, not a template', async () => {
    const dir = project({ 'db/migrations/0001_a.sql': "INSERT INTO t (body) VALUES ('Hello {{ .Name }}');\n" });
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db/migrations'], { cwd: dir });
    const [result] = JSON.parse(stdout) as { messages: unknown[] }[];
    expect(result!.messages).toEqual([]);
  });

  it('a guess that does not help the parser is dropped: the parse error stays, with no template warning', async () => {
    const dir = project({ 'db/migrations/0001_a.sql': "INSERT INTO t (body) VALUES ('{{ .Name }}');\nSELEC 1;\n" });
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db/migrations'], { cwd: dir });
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string; line: number }[] }[];
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([['parse-error', 2]]);
  });
});
