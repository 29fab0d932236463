import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const BAD = { 'db/0001_a.sql': 'DROP TABLE a;\nALTER TABLE users ADD COLUMN x int NOT NULL;\n' };
const rulesOf = (stdout: string): string[] => (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));

describe('configuration', () => {
  it('is found from the linted file upward; the nearest one wins', async () => {
    const dir = project({
      ...BAD,
      '.migration-lintrc.json': JSON.stringify({ rules: { 'no-bare-drop-table': 'off' } }),
      'db/.migration-lintrc.yml': 'rules:\n  no-not-null-without-default: warn\n',
    });
    const { code, stdout } = await cli(['-f', 'json', 'db'], { cwd: dir });
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[];
    // db/.migration-lintrc.yml is nearer, so the root file's "off" does not apply.
    expect(result!.messages.map((m) => [m.ruleId, m.severity])).toEqual([
      ['no-bare-drop-table', 2],
      ['no-not-null-without-default', 1],
    ]);
    expect(code).toBe(1);
  });

  it('is found in folders below a linted folder, in every search place, whether the file is found by the folder walk or named', async () => {
    const dir = project({
      'db/a/0001_a.sql': 'DROP TABLE a;',
      'db/a/.config/migration-lintrc.json': JSON.stringify({ rules: { 'no-bare-drop-table': 'warn' } }),
      'db/b/0001_b.sql': 'DROP TABLE b;',
      'db/b/package.json': JSON.stringify({ name: 'b', 'migration-lint': { rules: { 'no-bare-drop-table': 'off' } } }),
      'db/c/0001_c.sql': 'DROP TABLE c;',
    });
    const severities = (stdout: string): Record<string, number[]> =>
      Object.fromEntries((JSON.parse(stdout) as { filePath: string; messages: { severity: number }[] }[]).map((r) => [path.basename(r.filePath), r.messages.map((m) => m.severity)]));
    const expected = { '0001_a.sql': [1], '0001_b.sql': [], '0001_c.sql': [2] };
    expect(severities((await cli(['-f', 'json', 'db'], { cwd: dir })).stdout)).toEqual(expected);
    expect(severities((await cli(['-f', 'json', 'db/a/0001_a.sql', 'db/b/0001_b.sql', 'db/c/0001_c.sql'], { cwd: dir })).stdout)).toEqual(expected);
  });

  it('reads the "migration-lint" key of package.json', async () => {
    const dir = project({ ...BAD, 'package.json': JSON.stringify({ name: 'app', 'migration-lint': { rules: { 'no-bare-drop-table': 'off' } } }) });
    expect(rulesOf((await cli(['-f', 'json', 'db'], { cwd: dir })).stdout)).toEqual(['no-not-null-without-default']);
  });

  it('reads migration-lint.config.mjs, with overrides by glob and options severities as 0/1/2', async () => {
    const dir = project({
      ...BAD,
      'db/0002_b.sql': 'DROP TABLE b;\n',
      'migration-lint.config.mjs': `export default { rules: { 'no-not-null-without-default': 0 }, overrides: [{ files: ['0002_*.sql'], rules: { 'no-bare-drop-table': 1 } }] };`,
    });
    const { stdout } = await cli(['-f', 'json', 'db'], { cwd: dir });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.ruleId}:${m.severity}`)])).toEqual([
      ['0001_a.sql', ['no-bare-drop-table:2']],
      ['0002_b.sql', ['no-bare-drop-table:1']],
    ]);
  });

  it('"extends": "all" and "ignores" apply', async () => {
    const dir = project({ ...BAD, 'db/old/0000_x.sql': 'DROP TABLE z;', '.migration-lintrc.json': JSON.stringify({ extends: 'all', ignores: ['db/old/**'] }) });
    const { stdout } = await cli(['-f', 'json', 'db'], { cwd: dir });
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath))).toEqual([path.join('db', '0001_a.sql')]);
  });

  it('postgresVersion changes what the rules flag', async () => {
    const dir = project({ 'db/0001_a.sql': "ALTER TABLE t ADD COLUMN k text DEFAULT 'a';", '.migration-lintrc.json': '{ "postgresVersion": 10 }' });
    expect(rulesOf((await cli(['-f', 'json', 'db'], { cwd: dir })).stdout)).toEqual(['no-not-null-without-default']);
    expect(rulesOf((await cli(['-f', 'json', '--pg-version', '15', 'db'], { cwd: dir })).stdout)).toEqual([]);
  });

  it('plugins add namespaced rules', async () => {
    const plugin = `export default { meta: { namespace: 'acme' }, rules: { 'no-truncate': {
      id: 'no-truncate', meta: { type: 'problem', docs: { description: 'x', recommended: false, url: 'u' }, messages: { bad: 'TRUNCATE {{t}} is banned.' }, schema: [] },
      create(ctx) { return { TruncateStmt(node) { ctx.report({ messageId: 'bad', data: { t: node.relations[0].RangeVar.relname } }); } }; } } } };`;
    const dir = project({ 'db/0001_a.sql': 'TRUNCATE orders;', 'rules/acme.mjs': plugin, '.migration-lintrc.json': JSON.stringify({ plugins: ['./rules/acme.mjs'], rules: { 'acme/no-truncate': 'error' } }) });
    const { stdout, code } = await cli(['-f', 'json', 'db'], { cwd: dir });
    expect((JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages).toMatchObject([{ ruleId: 'acme/no-truncate', message: 'TRUNCATE orders is banned.' }]);
    expect(code).toBe(1);
  });

  describe('errors exit 2 and name the file, the key and what was expected', () => {
    const cases: [string, string, RegExp][] = [
      ['an unknown key', '{ "rulez": {} }', /unknown key "rulez"; expected one of: extends, rules/],
      ['an unknown rule id, with a suggestion', '{ "rules": { "no-bare-drop-tabel": "error" } }', /"rules.no-bare-drop-tabel": unknown rule "no-bare-drop-tabel"; did you mean "no-bare-drop-table"\?/],
      ['a bad severity', '{ "rules": { "no-bare-drop-table": "fatal" } }', /"rules.no-bare-drop-table": severity "fatal" is not one of "off", "warn", "error"/],
      ['options for a rule without options', '{ "rules": { "no-bare-drop-table": ["error", { "x": 1 }] } }', /"rules.no-bare-drop-table": this rule takes no options/],
      ['a bad postgresVersion', '{ "postgresVersion": "fourteen" }', /"postgresVersion" must be integer/],
      ['a bad transaction mode', '{ "overrides": [{ "files": "*.sql", "transaction": "maybe" }] }', /"overrides\[0\].transaction" must be one of "none", "per-file", "all"/],
      ['JSON that does not parse', '{ "rules": ', /could not be read/],
    ];
    for (const [name, content, expected] of cases) {
      it(name, async () => {
        const dir = project({ ...BAD, '.migration-lintrc.json': content });
        const { code, stdout, stderr } = await cli(['db'], { cwd: dir });
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toContain(path.join(dir, '.migration-lintrc.json'));
        expect(stderr).toMatch(expected);
      });
    }

    it('a missing --config file', async () => {
      const dir = project(BAD);
      const { code, stderr } = await cli(['-c', 'nope.json', 'db'], { cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toContain(path.join(dir, 'nope.json'));
    });

    it('a plugin that cannot be loaded', async () => {
      const dir = project({ ...BAD, '.migration-lintrc.json': '{ "plugins": ["migration-lint-plugin-missing"] }' });
      const { code, stderr } = await cli(['db'], { cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toMatch(/"plugins": cannot load plugin "migration-lint-plugin-missing"/);
    });
  });

  it('--print-config shows what applies to a file, normalised', async () => {
    const dir = project({ ...BAD, '.migration-lintrc.json': '{ "rules": { "no-bare-drop-table": "warn" }, "postgresVersion": 16 }' });
    const { code, stdout } = await cli(['--print-config', 'db/0001_a.sql'], { cwd: dir });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { rules: Record<string, unknown[]>; postgresVersion: number; configFile: string };
    expect(printed.postgresVersion).toBe(16);
    expect(printed.configFile).toBe(path.join(dir, '.migration-lintrc.json'));
    expect(printed.rules['no-bare-drop-table']).toEqual([1]);
    expect(printed.rules['no-unsafe-enum-change']).toEqual([2]);
  });
});
