/**
 * The npm package as a user gets it: `npm pack` this checkout, install the tarball into a fresh
 * project (dependencies only, no devDependencies) and run `npx migration-lint` there. This is what
 * `npm install --save-dev migration-lint` will do once the package is on the registry, and what the
 * README's tarball install does until then.
 *
 * `npm test` builds dist/ first; the pack here uses that build (`--ignore-scripts`) rather than
 * running `prepare`, which would rebuild dist/ under the other test files running meanwhile.
 * Dependencies come from npm's cache when it has them (`--prefer-offline`), else the registry.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The caller's environment without what `npm test` adds (npm_* settings, our node_modules/.bin on PATH). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest|node_env$|init_cwd$|node_options$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
  return { ...env, NO_COLOR: '1' };
}

const npmProbe = spawnSync('npm', ['--version'], { encoding: 'utf8', env: cleanEnv() });
const npmVersion = npmProbe.status === 0 ? npmProbe.stdout.trim() : undefined;
if (!npmVersion) console.warn('test/integrations/package.test.ts skipped: npm is not on PATH');

describe.skipIf(!npmVersion)(`the packed npm package (npm ${npmVersion ?? 'missing'})`, () => {
  let tmp: string;
  let project: string;
  let packedFiles: string[];
  const env = cleanEnv();

  function run(command: string, args: string[], cwd = project): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    return result;
  }
  function must(command: string, args: string[], cwd = project): string {
    const result = run(command, args, cwd);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  }
  const lint = (...args: string[]): SpawnSyncReturns<string> => run('npx', ['--no', '--', 'migration-lint', ...args]);

  beforeAll(() => {
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli.bundle.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does) first');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-package-'));
    const packed = JSON.parse(must('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO_ROOT)) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed[0]!.files.map((f) => f.path).sort();
    project = path.join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true }, null, 2)}\n`);
    cpSync(path.join(REPO_ROOT, 'fixtures', 'demo'), path.join(project, 'db', 'migrations'), { recursive: true });
    must('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', path.join(tmp, packed[0]!.filename)]);
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('carries the built CLI, the library with its types, and the docs pages; no sources, tests or fixtures', () => {
    for (const file of ['bin/migration-lint.js', 'dist/cli.bundle.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'docs/rules/parse-error.md', 'docs/rules/no-bare-drop-table.md', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']) {
      expect(packedFiles, file).toContain(file);
    }
    for (const rule of readdirSync(path.join(REPO_ROOT, 'rules')).filter((f) => f.endsWith('.ts'))) {
      expect(packedFiles).toContain(`dist/rules/${rule.replace(/\.ts$/, '.js')}`);
      expect(packedFiles).toContain(`docs/rules/${rule.replace(/\.ts$/, '.md')}`);
    }
    expect(packedFiles.filter((f) => /^(src|test|fixtures|rules)\//.test(f) || f.startsWith('dist/test/'))).toEqual([]);
  });

  it('installs without devDependencies and runs as `npx migration-lint`, with the findings of a source checkout', () => {
    for (const devOnly of ['typescript', 'esbuild', 'vitest']) expect(existsSync(path.join(project, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(must('npx', ['--no', '--', 'migration-lint', '--version']).trim()).toBe(VERSION);

    const result = lint('-f', 'json', 'db/migrations');
    // Outside git, the one note about deploy batches is all stderr holds.
    expect(result.stderr.replace(/^migration-lint: .* is not in a git work tree, .*\n/m, '')).toBe('');
    expect(result.status).toBe(1);
    const findings = (JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[]).flatMap((r) =>
      r.messages.map((m) => `${path.basename(r.filePath)} ${m.line}:${m.column} ${m.ruleId}`),
    );
    expect(findings).toContain('0004_drop_legacy_invoices.sql 1:1 no-numbering-gaps');
    expect(findings).toContain('0004_drop_legacy_invoices.sql 2:1 no-bare-drop-table');
    expect(findings).toContain('0004_drop_legacy_invoices.sql 2:30 no-bare-drop-table');
    expect(new Set(findings.map((f) => f.split(' ')[2]))).toEqual(new Set(['no-numbering-gaps', 'no-bare-drop-table', 'no-not-null-without-default', 'no-unsafe-enum-change']));
  });

  it('finds its docs pages in the installed package (--explain, SARIF help)', () => {
    const explain = lint('--explain', 'parse-error');
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/^parse-error\n═+\n/);
    const sarif = lint('-f', 'sarif', 'db/migrations');
    const rules = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { markdown?: string } }[] } } }[] }).runs[0]!.tool.driver.rules;
    expect(rules.find((r) => r.id === 'no-bare-drop-table')?.help.markdown).toContain('## Why');
  });
});
