/** Issue 11: broken configs, plugins and formatters end with exit 2 and one line naming what to fix. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, spawnCli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const SQL = { 'db/0001_a.sql': 'DROP TABLE a;\n' };
const RULE = (create: string): string =>
  `export default { meta: { namespace: 'acme' }, rules: { x: { id: 'x', meta: { type: 'problem', docs: { description: 'x', recommended: false }, messages: { m: 'm' }, schema: [] }, create: ${create} } } };\n`;

/** The first stderr line and the exit code: one line is the promise. */
async function failure(files: Record<string, string>, args: string[], env: Record<string, string> = {}): Promise<[number, string]> {
  const { code, stderr } = await cli(args, { cwd: project({ ...SQL, ...files }), env });
  return [code, stderr];
}

describe('a module that never finishes (the run would end with exit 0 and no report)', () => {
  const hang = 'await new Promise(() => {});\nexport default {};\n';
  for (const [what, files, args, named] of [
    ['a config', { '.migration-lintrc.mjs': hang }, ['db'], '.migration-lintrc.mjs'],
    ['a plugin', { 'acme.mjs': hang, '.migration-lintrc.json': '{ "plugins": ["./acme.mjs"] }' }, ['db'], 'acme.mjs'],
    ['a formatter', { 'fmt.mjs': hang }, ['-f', 'fmt.mjs', 'db'], 'fmt.mjs'],
    ['a formatter whose promise never settles', { 'fmt.mjs': 'export default () => new Promise(() => {});\n' }, ['-f', 'fmt.mjs', 'db'], 'fmt.mjs'],
  ] as const) {
    it(`${what}: exit 2, naming it`, { timeout: 30_000 }, () => {
      const dir = project({ ...SQL, ...files });
      const { code, stdout, stderr } = spawnCli([...args], { cwd: dir });
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^migration-lint: the run ended without a result: the (config|plugin|formatter) \\S*${named.replace('.', '\\.')} never finished \\(it awaits a promise that never settles\\)\\.\\n$`));
      expect(code).toBe(2);
    });
  }
});

describe('config files that cannot be used are errors naming the file, never ignored', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['an empty .migration-lintrc.json', { '.migration-lintrc.json': '' }, '.migration-lintrc.json', 'is empty; write {} for a config with no settings, or delete the file'],
    ['one holding null', { '.migration-lintrc.json': 'null\n' }, '.migration-lintrc.json', 'holds no configuration (null)'],
    ['package.json with "migration-lint": null', { 'package.json': '{ "name": "x", "migration-lint": null }' }, 'package.json', '"migration-lint" must be an object'],
    ['a JSON syntax error, with its reason and position', { '.migration-lintrc.json': '{"rules": {,}}' }, '.migration-lintrc.json', "could not be read: Expected property name or '}' in JSON at position 11"],
    ['a YAML syntax error, with its reason and position', { '.migration-lintrc.yaml': 'rules:\n  a: [\n' }, '.migration-lintrc.yaml', 'could not be read: unexpected end of the stream within a flow collection (3:1)'],
    ['a config whose rules getter throws', { '.migration-lintrc.mjs': 'export default { get rules() { throw new Error("boom"); } };\n' }, '.migration-lintrc.mjs', 'reading the configuration failed: boom'],
    ['a plugin whose rules getter throws', { 'acme.mjs': 'export default { get rules() { throw new Error("bang"); } };\n', '.migration-lintrc.json': '{ "plugins": ["./acme.mjs"] }' }, '.migration-lintrc.json', '"plugins": reading plugin "./acme.mjs" failed: bang'],
    ['a severity "warning"', { '.migration-lintrc.json': '{ "rules": { "no-bare-drop-table": "warning" } }' }, '.migration-lintrc.json', '"rules.no-bare-drop-table": severity "warning" is not one of "off", "warn", "error" (or 0, 1, 2)'],
    ['a severity "ERROR"', { '.migration-lintrc.json': '{ "rules": { "no-bare-drop-table": ["ERROR"] } }' }, '.migration-lintrc.json', 'severity "ERROR" is not one of'],
    ['an unknown rule-option property, named', { '.migration-lintrc.json': '{ "rules": { "no-numbering-gaps": ["error", { "bogus": 1 }] } }' }, '.migration-lintrc.json', '"rules.no-numbering-gaps": invalid options: [0] has an unknown property "bogus"'],
  ];
  it('a JSON syntax error keeps its reason without a colour code frame, also where CI or FORCE_COLOR is set', () => {
    const dir = project({ ...SQL, '.migration-lintrc.json': '{"rules": {,}}' });
    const { code, stderr } = spawnCli(['db'], { cwd: dir, env: { CI: 'true', FORCE_COLOR: '1' } });
    expect(stderr).toBe(
      `migration-lint: invalid configuration in ${path.join(dir, '.migration-lintrc.json')}:\n  - could not be read: Expected property name or '}' in JSON at position 11\n`,
    );
    expect(code).toBe(2);
  });

  for (const [what, files, file, problem] of cases) {
    it(what, async () => {
      const dir = project({ ...SQL, ...files });
      const { code, stderr } = await cli(['db'], { cwd: dir });
      expect(stderr).toContain(`migration-lint: invalid configuration in ${path.join(dir, file)}:\n  - `);
      expect(stderr).toContain(problem);
      expect(stderr.trimEnd().split('\n')).toHaveLength(2);
      expect(code).toBe(2);
    });
  }

  it('an .mjs config with a syntax error reports the syntax error and its line', () => {
    // Spawned: vitest's own module loader would report the syntax error in its words.
    const dir = project({ ...SQL, '.migration-lintrc.mjs': 'export default {\n  rules: {;\n' });
    const { code, stderr } = spawnCli(['db'], { cwd: dir });
    expect(stderr).toBe(`migration-lint: invalid configuration in ${path.join(dir, '.migration-lintrc.mjs')}:\n  - could not be read: Unexpected token ';' (line 2)\n`);
    expect(code).toBe(2);
  });

  it('a folder named .migration-lintrc.json', async () => {
    const dir = project(SQL);
    mkdirSync(path.join(dir, '.migration-lintrc.json'));
    const { code, stderr } = await cli(['db'], { cwd: dir });
    expect(stderr).toBe(`migration-lint: invalid configuration in ${path.join(dir, '.migration-lintrc.json')}:\n  - is a folder, not a config file\n`);
    expect(code).toBe(2);
  });

  it('an unreadable config', () => {
    const dir = project({ ...SQL, '.migration-lintrc.json': '{ "rules": { "no-bare-drop-table": "off" } }' });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, '.migration-lintrc.json'), 0o000);
    // root reads any file: run the command as nobody then.
    const child = spawnSync(process.execPath, [BIN, 'db'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) });
    const { status: code, stderr } = child;
    expect(stderr).toContain(`invalid configuration in ${path.join(dir, '.migration-lintrc.json')}:\n  - `);
    expect(stderr).toMatch(/EACCES/);
    expect(code).toBe(2);
  });

  it('a JSON config that starts with a byte order mark is accepted', async () => {
    const [code, stderr] = await failure({ '.migration-lintrc.json': '\uFEFF{ "rules": { "no-bare-drop-table": "off" } }' }, ['db']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--rule naming a plugin rule no config loads', async () => {
    const [code, stderr] = await failure({}, ['--rule', 'acme/x: warn', 'db']);
    expect(stderr).toMatch(/^migration-lint: invalid configuration in .*:\n {2}- --rule "acme\/x": unknown rule; it is not in any plugin \(no config file applies, so no plugin is loaded\)\n$/);
    expect(code).toBe(2);
    const [withConfig, said] = await failure({ '.migration-lintrc.json': '{}' }, ['--rule', 'acme/x: warn', 'db']);
    expect(said).toContain('--rule "acme/x": unknown rule; it is not in the plugins of ');
    expect(withConfig).toBe(2);
  });
});

describe('failures in extensions and output: one line, the stack only with --debug', () => {
  it('a plugin rule whose create() throws names the rule and the file', async () => {
    const files = { 'acme.mjs': RULE('() => { throw new Error("no create for you"); }'), '.migration-lintrc.json': '{ "plugins": ["./acme.mjs"], "rules": { "acme/x": "error" } }' };
    const dir = project({ ...SQL, ...files });
    const quiet = await cli(['db'], { cwd: dir });
    expect(quiet.stderr).toBe(`migration-lint: rule "acme/x" crashed while starting (create) on ${path.join(dir, 'db', '0001_a.sql')}: no create for you\n`);
    expect(quiet.code).toBe(2);
    expect((await cli(['--debug', 'db'], { cwd: dir })).stderr).toMatch(/no create for you\nError: no create for you\n {4}at /);
    expect((await cli(['db'], { cwd: dir, env: { DEBUG: 'migration-lint' } })).stderr).toMatch(/\n {4}at /);
  });

  it('a formatter that throws', async () => {
    const [code, stderr] = await failure({ 'fmt.mjs': 'export default () => { throw new Error("cannot format"); };\n' }, ['-f', 'fmt.mjs', 'db']);
    expect(stderr).toBe('migration-lint: the formatter "fmt.mjs" failed: cannot format\n');
    expect(code).toBe(2);
  });

  it('-o into a folder that is a file', async () => {
    const dir = project({ ...SQL, 'reports': 'a file' });
    const { code, stderr } = await cli(['-o', 'reports/out.txt', 'db'], { cwd: dir });
    expect(stderr).toMatch(new RegExp(`^migration-lint: cannot write the report to ${path.join(dir, 'reports', 'out.txt').replace(/[.]/g, '\\.')}: .*\\((EEXIST|ENOTDIR)\\)\\.\\n$`));
    expect(code).toBe(2);
  });

  it('a closed output pipe ends the run quietly', { timeout: 30_000 }, async () => {
    const dir = project(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`db/${String(i).padStart(4, '0')}_a.sql`, 'DROP TABLE a;\n'.repeat(20)])));
    writeFileSync(path.join(dir, 'x'), '');
    const child = spawn(process.execPath, [BIN, '-f', 'json', 'db'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|internal error|\n {4}at /);
    expect(code).toBe(1);
  });
});
