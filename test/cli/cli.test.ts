import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync, cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, spawnCli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');
type JsonResult = { filePath: string; messages: { ruleId: string; line: number; column: number; severity: number; fix?: unknown }[]; errorCount: number; warningCount: number; output?: string };

describe('the README quick start: migration-lint fixtures/demo', () => {
  it('prints findings from all four rules with line:column, and exits 1', () => {
    const { code, stdout, stderr } = spawnCli(['fixtures/demo']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    for (const rule of ['no-unsafe-enum-change', 'no-not-null-without-default', 'no-bare-drop-table', 'no-numbering-gaps']) expect(stdout).toContain(rule);
    expect(stdout).toContain('fixtures/demo/0004_drop_legacy_invoices.sql');
    expect(stdout).toMatch(/^ {2}2:30 {2}error {2}DROP TABLE "legacy_invoices" CASCADE/m);
    expect(stdout).toMatch(/✖ 9 problems \(9 errors, 0 warnings\)/);
    expect(stdout).not.toMatch(/\u001b\[/); // no colour when not on a terminal
  });

  it('-f json gives the ESLint JSON shape', () => {
    const { code, stdout } = spawnCli(['-f', 'json', 'fixtures/demo']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results.map((r) => path.basename(r.filePath as string))).toEqual(['0000_init.sql', '0001_customer_contact.sql', '0002_order_status.sql', '0004_drop_legacy_invoices.sql']);
    for (const result of results) {
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount']));
      expect(path.isAbsolute(result.filePath as string)).toBe(true);
    }
    const drop = results[3]!.messages as Record<string, unknown>[];
    expect(drop[1]).toEqual({
      ruleId: 'no-bare-drop-table',
      severity: 2,
      message: expect.stringContaining('DROP TABLE "legacy_invoices" deletes the table and its rows for good'),
      messageId: 'missingIfExists',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 37,
      fix: { range: [69, 69], text: ' IF EXISTS' },
    });
    expect(results[3]!.fixableErrorCount).toBe(1);
  });

  it('the built command (a bundle) knows every rule of rules/ and reports like the sources', async () => {
    const ids = readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.ts')).map((f) => path.basename(f, '.ts'));
    const listed = spawnCli(['--list-rules']).stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0]);
    expect(listed).toEqual(ids.sort());
    const fromSources = await cli(['-f', 'json', 'fixtures/demo']);
    expect(spawnCli(['-f', 'json', 'fixtures/demo']).stdout).toBe(fromSources.stdout);
  });

  it('is deterministic: the same input gives a byte-identical report', () => {
    expect(spawnCli(['-f', 'json', 'fixtures/demo']).stdout).toBe(spawnCli(['-f', 'json', 'fixtures/demo/0002_order_status.sql', 'fixtures/demo']).stdout);
  });
});

describe('exit codes', () => {
  it('0 when clean, 0 with warnings only, 1 over --max-warnings', async () => {
    const dir = project({ 'db/0001_a.sql': 'DROP TABLE IF EXISTS a;\n', 'db/0002_b.sql': 'DROP TABLE b;\n' });
    expect((await cli(['db/0001_a.sql'], { cwd: dir })).code).toBe(0);
    const warn = await cli(['--rule', 'no-bare-drop-table: warn', 'db'], { cwd: dir });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('warning');
    const strict = await cli(['--rule', 'no-bare-drop-table: warn', '--max-warnings', '0', 'db'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('too many warnings (maximum: 0)');
  });

  it('1 for a parse error alone', async () => {
    const dir = project({ 'x.sql': 'SELEC 1;' });
    const { code, stdout } = await cli(['x.sql'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain('1:1  error  Parse error: syntax error at or near "SELEC"  parse-error');
  });

  it('2 for usage errors, unknown rules, unmatched patterns and unreadable files, with the reason on stderr', async () => {
    const dir = project({ 'a.sql': 'SELECT 1;', 'locked/b.sql': 'SELECT 1;' });
    const cases: [string[], RegExp][] = [
      [['--no-such-flag', 'a.sql'], /Unknown argument/i],
      [['--rule', 'no-such-rule: error', 'a.sql'], /unknown rule "no-such-rule"/],
      [['--rule', 'no-bare-drop-table: loud', 'a.sql'], /severity "loud"/],
      [['missing/*.sql'], /No files matching the pattern "missing\/\*\.sql"/],
      [['--pg-version', '3', 'a.sql'], /--pg-version must be a PostgreSQL major version/],
      [['-f', 'nope-format', 'a.sql'], /cannot load formatter "nope-format"/],
      [[], /no files to lint/],
    ];
    for (const [args, message] of cases) {
      const outcome = await cli(args, { cwd: dir });
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stdout).toBe('');
    }
    if (process.getuid?.() !== 0) {
      chmodSync(path.join(dir, 'locked/b.sql'), 0);
      const unreadable = await cli(['locked/b.sql'], { cwd: dir });
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toContain(path.join(dir, 'locked/b.sql'));
    }
  });

  it('2 for a file that vanished between listing and reading', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;' });
    const { code, stderr } = await cli([path.join(dir, 'db', 'ghost.sql')], { cwd: dir, env: {} }).catch(() => ({ code: -1, stderr: '' }));
    // A path that does not exist is an unmatched pattern.
    expect(code).toBe(2);
    expect(stderr).toContain('ghost.sql');
  });
});

describe('options', () => {
  it('-o writes the report even when the exit code is 1, and prints nothing', async () => {
    const dir = project({ 'a.sql': 'DROP TABLE a;' });
    const { code, stdout } = await cli(['-f', 'json', '-o', 'out/report.json', 'a.sql'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect((JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as JsonResult[])[0]!.errorCount).toBe(1);
  });

  it('--quiet reports errors only', async () => {
    const dir = project({ 'a.sql': 'DROP TABLE a;\nALTER TABLE t ADD COLUMN x int NOT NULL;' });
    const { stdout, code } = await cli(['-f', 'json', '--quiet', '--rule', 'no-bare-drop-table: warn', 'a.sql'], { cwd: dir });
    expect((JSON.parse(stdout) as JsonResult[])[0]!.messages.map((m) => m.ruleId)).toEqual(['no-not-null-without-default']);
    expect(code).toBe(1);
  });

  it('--rule takes options as JSON and turns rules off', async () => {
    const dir = project({ 'a.sql': 'DROP TABLE a;' });
    expect((await cli(['--rule', 'no-bare-drop-table: off', 'a.sql'], { cwd: dir })).code).toBe(0);
    expect((await cli(['--rule', 'no-bare-drop-table: ["warn"]', 'a.sql'], { cwd: dir })).code).toBe(0);
  });

  it('--stdin with --stdin-filename uses that name for config and folder context', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;', 'db/.migration-lintrc.json': '{ "rules": { "no-bare-drop-table": "warn" } }' });
    const { code, stdout } = await cli(['--stdin', '--stdin-filename', 'db/0003_c.sql', '-f', 'json'], { cwd: dir, stdin: 'DROP TABLE a;' });
    const [result] = JSON.parse(stdout) as JsonResult[];
    expect(result!.filePath).toBe(path.join(dir, 'db', '0003_c.sql'));
    expect(result!.messages.map((m) => `${m.ruleId}:${m.severity}`)).toEqual(['no-bare-drop-table:1', 'no-numbering-gaps:2']);
    expect(code).toBe(1);
  });

  it('--stdin without a name lints as <text>, through the real process', () => {
    const { code, stdout } = spawnCli(['--stdin', '-f', 'json'], { input: 'DROP TABLE a;' });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonResult[])[0]!.filePath).toBe('<text>');
  });

  it('--list-rules, --explain, --version and --help', async () => {
    const list = await cli(['--list-rules']);
    expect(list.stdout).toMatch(/^no-bare-drop-table +recommended +fixable +Disallow DROP TABLE/m);
    expect(list.stdout).toMatch(/^require-timeouts +strict +Require lock_timeout/m);
    expect(list.stdout).toMatch(/^prefer-robust-types +style +Prefer text/m);
    expect(list.stdout).toMatch(/^require-schema-qualified-names +all +Require schema-qualified/m);
    const explain = await cli(['--explain', 'no-bare-drop-table']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^no-bare-drop-table\n═+\n/);
    expect((await cli(['--explain', 'nope'])).code).toBe(2);
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect((await cli(['--help'])).stdout).toContain('--max-warnings');
  });

  it('--cache-location puts the replay cache where CI can keep it; --no-cache writes none', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 30; i++) files[`db/${String(i).padStart(4, '0')}_t${i}.sql`] = `CREATE TABLE t${i} (id int);\n`;
    files['db/0031_add.sql'] = 'ALTER TABLE t1 ADD COLUMN n int NOT NULL;\n';
    const dir = project(files);
    const first = await cli(['-f', 'json', '--no-cache', '--cache-location', '.ci-cache', 'db/0031_add.sql'], { cwd: dir });
    expect(existsSync(path.join(dir, '.ci-cache'))).toBe(false);
    const second = await cli(['-f', 'json', '--cache-location', '.ci-cache', 'db/0031_add.sql'], { cwd: dir });
    expect(readdirSync(path.join(dir, '.ci-cache'))).toHaveLength(1);
    const third = await cli(['-f', 'json', '--cache-location', '.ci-cache', 'db/0031_add.sql'], { cwd: dir });
    // The NOT NULL column on a table from the first migration is found with and without the cache.
    for (const run of [first, second, third]) expect((JSON.parse(run.stdout) as JsonResult[])[0]!.messages.map((m) => m.ruleId)).toEqual(['no-not-null-without-default']);
  });

  it('the built command reuses the results of an unchanged folder, with a report identical to a fresh lint', () => {
    const dir = project({ 'cache/.keep': '' });
    const env = { TMPDIR: path.join(dir, 'cache') };
    const fresh = spawnCli(['-f', 'sarif', '--no-cache', 'fixtures/demo'], { env });
    expect(readdirSync(path.join(dir, 'cache'))).toEqual(['.keep']);
    const first = spawnCli(['-f', 'sarif', 'fixtures/demo'], { env });
    // The default folder is the user's own: migration-lint-cache-<uid> where there are uids.
    const [folder] = readdirSync(path.join(dir, 'cache')).filter((f) => f.startsWith('migration-lint-cache'));
    expect(readdirSync(path.join(dir, 'cache', folder!)).filter((f) => f.startsWith('results-'))).toHaveLength(1);
    const second = spawnCli(['-f', 'sarif', 'fixtures/demo'], { env });
    expect([first.code, second.code]).toEqual([1, 1]);
    expect(second.stdout).toBe(fresh.stdout);
    expect(first.stdout).toBe(fresh.stdout);
  });

  it('a folder is searched for .sql files of any case, skipping node_modules', async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;', 'db/sub/0002_b.SQL': 'SELECT 2;', 'node_modules/pkg/x.sql': 'DROP TABLE x;', 'db/node_modules/y.sql': 'DROP TABLE y;' });
    const { stdout } = await cli(['-f', 'json', '.'], { cwd: dir });
    expect((JSON.parse(stdout) as JsonResult[]).map((r) => path.relative(dir, r.filePath))).toEqual([path.join('db', '0001_a.sql'), path.join('db', 'sub', '0002_b.SQL')]);
  });

  it('colour follows --color, NO_COLOR and FORCE_COLOR', async () => {
    const dir = project({ 'a.sql': 'DROP TABLE a;' });
    expect((await cli(['--color', 'a.sql'], { cwd: dir })).stdout).toMatch(/\u001b\[/);
    expect((await cli(['a.sql'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[/);
    expect((await cli(['--color', '--no-color', 'a.sql'], { cwd: dir })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('--fix', () => {
  it('fixes what is fixable in the demo, leaves the rest reported, and touches no other file', async () => {
    const dir = project({});
    cpSync(DEMO, path.join(dir, 'demo'), { recursive: true });
    const before = (name: string) => statSync(path.join(dir, 'demo', name)).mtimeMs;
    const untouched = before('0001_customer_contact.sql');
    const { code, stdout } = await cli(['--fix', '-f', 'json', 'demo'], { cwd: dir });
    expect(code).toBe(1);
    const fixedText = readFileSync(path.join(dir, 'demo', '0004_drop_legacy_invoices.sql'), 'utf8');
    expect(fixedText).toBe(readFileSync(path.join(DEMO, '0004_drop_legacy_invoices.sql'), 'utf8').replace('DROP TABLE "legacy', 'DROP TABLE IF EXISTS "legacy'));
    const results = JSON.parse(stdout) as JsonResult[];
    const dropped = results.find((r) => r.filePath.endsWith('0004_drop_legacy_invoices.sql'))!;
    expect(dropped.output).toBe(fixedText);
    expect(dropped.messages.map((m) => m.ruleId)).toEqual(['no-numbering-gaps', 'no-bare-drop-table']); // CASCADE is left
    expect(before('0001_customer_contact.sql')).toBe(untouched);
    expect(readFileSync(path.join(dir, 'demo', '0002_order_status.sql'), 'utf8')).toBe(readFileSync(path.join(DEMO, '0002_order_status.sql'), 'utf8'));
  });

  it('--fix-dry-run reports the output and writes nothing', async () => {
    const dir = project({ 'a.sql': '\uFEFFDROP TABLE a;\r\nDROP TABLE b;\r\n' });
    const { stdout } = await cli(['--fix-dry-run', '-f', 'json', 'a.sql'], { cwd: dir });
    const [result] = JSON.parse(stdout) as JsonResult[];
    expect(result!.output).toBe('\uFEFFDROP TABLE IF EXISTS a;\r\nDROP TABLE IF EXISTS b;\r\n');
    expect(result!.messages).toEqual([]);
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe('\uFEFFDROP TABLE a;\r\nDROP TABLE b;\r\n');
  });

  it('is refused for piped-in code', async () => {
    const { code, stderr } = await cli(['--fix', '--stdin'], { stdin: 'DROP TABLE a;' });
    expect(code).toBe(2);
    expect(stderr).toContain('use --fix-dry-run');
  });

  it('never writes a fix whose result would not parse', async () => {
    // A fix that breaks the SQL must be dropped: simulate with a plugin rule that inserts garbage.
    const plugin = `export default { rules: { garble: {
      id: 'garble', meta: { type: 'problem', fixable: 'code', docs: { description: 'x', recommended: false, url: 'u' }, messages: { m: 'garble' }, schema: [] },
      create(ctx) { return { SelectStmt() { ctx.report({ messageId: 'm', fix: { range: [0, 0], text: 'SELEC ' } }); } }; } } } };`;
    const dir = project({ 'a.sql': 'SELECT 1;', 'p.mjs': plugin, '.migration-lintrc.json': '{ "plugins": ["./p.mjs"], "rules": { "p/garble": "error" } }' });
    const { code } = await cli(['--fix', 'a.sql'], { cwd: dir });
    expect(code).toBe(1);
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe('SELECT 1;');
  });

  it('leaves files without fixes untouched', async () => {
    const dir = project({ 'a.sql': 'DROP TABLE IF EXISTS a;' });
    const file = path.join(dir, 'a.sql');
    writeFileSync(file, 'DROP TABLE IF EXISTS a;');
    const mtime = statSync(file).mtimeMs;
    expect((await cli(['--fix', 'a.sql'], { cwd: dir })).code).toBe(0);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });
});

describe('TIMING=1, as in ESLint', () => {
  it('prints how long each rule took on stderr, and leaves the JSON report valid', async () => {
    const { code, stdout, stderr } = await cli(['-f', 'json', '--no-cache', 'fixtures/demo'], { env: { TIMING: '1' } });
    expect(code).toBe(1);
    expect(() => JSON.parse(stdout)).not.toThrow();
    const [header, rule, ...rows] = stderr.trimEnd().split('\n');
    expect(header).toMatch(/^Rule +\| Time \(ms\) \| Relative$/);
    expect(rule).toMatch(/^:-+\|-+:\|-+:$/);
    expect(rule).toHaveLength(header!.length);
    // The top ten of the rules that ran, slowest first, each with its share of all rule time.
    expect(rows).toHaveLength(10);
    const times = rows.map((row) => Number(row.split('|')[1]));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const row of rows) expect(row).toMatch(/^[a-z-]+ +\| +\d+\.\d{3} \| +\d+\.\d%$/);
  });

  it('TIMING=all lists every rule that ran; no TIMING prints nothing', async () => {
    const all = await cli(['--no-cache', 'fixtures/demo'], { env: { TIMING: 'all' } });
    const listed = all.stderr.trimEnd().split('\n').slice(2).map((row) => row.split(' ')[0]);
    expect(listed).toEqual(expect.arrayContaining(['no-unsafe-enum-change', 'no-not-null-without-default', 'no-bare-drop-table', 'no-numbering-gaps']));
    expect(listed.length).toBeGreaterThan(10);
    expect((await cli(['--no-cache', 'fixtures/demo'])).stderr).toBe('');
  });
});
