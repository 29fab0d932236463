/**
 * The GitHub Action (action.yml) as far as it runs outside GitHub: its inputs become the right
 * migration-lint command line, the lint step writes the SARIF report and its outputs and exits
 * so that the report is uploaded, and the finish step fails the job on lint errors. The steps'
 * logic is scripts/action-run.mjs; action.yml only passes inputs and outputs between them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: js-yaml (cosmiconfig's YAML parser, installed with it) ships no types
import yaml from 'js-yaml';
import { ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
// @ts-expect-error: a plain JavaScript script without type declarations
import { lintCommand, packageSpec, splitList } from '../../scripts/action-run.mjs';

const SCRIPT = path.join(ROOT, 'scripts', 'action-run.mjs');
const where = { cwd: '/work/project', actionPath: '/actions/migration-lint', execPath: '/usr/bin/node' };

type Command = { command: string; args: string[]; sarifFile: string; needsBuild: boolean };
const command = (inputs: Record<string, string>, at = where): Command => lintCommand(inputs, at) as Command;

describe('action inputs → migration-lint command line', () => {
  it('lints to a SARIF file, with config, since, extra args and paths', () => {
    expect(command({}).args.slice(1)).toEqual(['-f', 'sarif', '-o', 'migration-lint.sarif']);
    const run = command({ paths: 'db/migrations  other/*.sql', config: '.ci/lint.json', since: 'origin/main', args: '--max-warnings=0 --pg-version=16', sarifFile: 'out/lint.sarif' });
    expect(run.args.slice(1)).toEqual([
      '-f', 'sarif', '-o', 'out/lint.sarif', '--config', '.ci/lint.json', '--since', 'origin/main', '--max-warnings=0', '--pg-version=16', 'db/migrations', 'other/*.sql',
    ]);
    expect(run.sarifFile).toBe('out/lint.sarif');
  });

  it('reads a list one item per line when it has several lines (paths with spaces)', () => {
    expect(splitList('db/migrations\nlegacy migrations/\n')).toEqual(['db/migrations', 'legacy migrations/']);
    expect(splitList(' a  b ')).toEqual(['a', 'b']);
    expect(splitList('')).toEqual([]);
  });

  it("runs the action's own checkout by default, built first when it has no dist/", () => {
    const run = command({});
    expect(run.command).toBe('/usr/bin/node');
    expect(run.args[0]).toBe('/actions/migration-lint/bin/migration-lint.js');
    expect(run.needsBuild).toBe(true);
    expect(command({}, { ...where, actionPath: ROOT }).needsBuild).toBe(false); // npm test built it
  });

  it("runs the project's own devDependency when it has one", () => {
    const dir = project({ 'node_modules/.bin/migration-lint': '#!/bin/sh\n' });
    const run = command({ paths: 'db' }, { ...where, cwd: dir });
    expect(run.command).toBe(path.join(dir, 'node_modules', '.bin', 'migration-lint'));
    expect(run.args).toEqual(['-f', 'sarif', '-o', 'migration-lint.sarif', 'db']);
  });

  it('runs a given version from npm, or a commit of the repository', () => {
    expect(command({ version: '0.1.0', paths: 'db' })).toMatchObject({ command: 'npx', args: ['--yes', '--package=migration-lint@0.1.0', '--', 'migration-lint', '-f', 'sarif', '-o', 'migration-lint.sarif', 'db'] });
    expect(packageSpec('v0.2.0')).toBe('migration-lint@0.2.0');
    expect(packageSpec('^0.1')).toBe('migration-lint@^0.1');
    expect(packageSpec('latest')).toBe('migration-lint@latest');
    expect(packageSpec('3f5b35f8d09f2d3e5b1c9a7e4d2f0b6c8a1e3d5f')).toBe('github:migration-lint/migration-lint#3f5b35f8d09f2d3e5b1c9a7e4d2f0b6c8a1e3d5f');
    expect(packageSpec('github:someone/migration-lint#fix')).toBe('github:someone/migration-lint#fix');
  });
});

describe('action steps, run as GitHub runs them', () => {
  function step(name: 'lint' | 'finish', cwd: string, env: Record<string, string>): { code: number; stdout: string; outputs: Record<string, string> } {
    const outputFile = path.join(cwd, '.github-output');
    writeFileSync(outputFile, '');
    const child = spawnSync(process.execPath, [SCRIPT, name], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, NO_COLOR: '1', ...env },
    });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { code: child.status ?? -1, stdout: child.stdout + child.stderr, outputs };
  }

  it('lint errors: the report is written and the step passes (so it is uploaded); finish then fails the job', () => {
    const dir = project({ 'db/0001_a.sql': 'CREATE TABLE a (id int);\n', 'db/0002_b.sql': 'DROP TABLE a;\n' });
    const lint = step('lint', dir, { INPUT_PATHS: 'db' });
    expect(lint.code).toBe(0);
    expect(lint.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'migration-lint.sarif', 'sarif-written': 'true' });
    const sarif = JSON.parse(readFileSync(path.join(dir, 'migration-lint.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['no-bare-drop-table']);

    const finish = step('finish', dir, { LINT_EXIT_CODE: lint.outputs['exit-code']!, INPUT_FAIL_ON_ERROR: 'true' });
    expect(finish.code).toBe(1);
    expect(finish.stdout).toContain('::error title=migration-lint::');
    expect(step('finish', dir, { LINT_EXIT_CODE: '1', INPUT_FAIL_ON_ERROR: 'false' }).code).toBe(0);
  });

  it('no errors: exit code 0 and a report all the same; finish passes', () => {
    const dir = project({ 'db/0001_a.sql': 'CREATE TABLE a (id int);\n' });
    const lint = step('lint', dir, { INPUT_PATHS: 'db', INPUT_SARIF_FILE: 'reports/lint.sarif' });
    expect(lint.code).toBe(0);
    expect(lint.outputs).toEqual({ 'exit-code': '0', 'sarif-file': 'reports/lint.sarif', 'sarif-written': 'true' });
    expect(JSON.parse(readFileSync(path.join(dir, 'reports/lint.sarif'), 'utf8')).runs[0].results).toEqual([]);
    expect(step('finish', dir, { LINT_EXIT_CODE: '0' }).code).toBe(0);
  });

  it('the config and --since inputs reach migration-lint', () => {
    const dir = project({ 'db/0001_a.sql': 'DROP TABLE a;\n', 'ci/lint.json': '{ "rules": { "no-bare-drop-table": "off" } }' });
    expect(step('lint', dir, { INPUT_PATHS: 'db', INPUT_CONFIG: 'ci/lint.json' }).outputs['exit-code']).toBe('0');
    const since = step('lint', dir, { INPUT_PATHS: 'db', INPUT_SINCE: 'HEAD' });
    // Not a git repository: migration-lint's own --since error, exit 2.
    expect(since.stdout).toContain('--since:');
    expect(since.outputs['exit-code']).toBe('2');
  });

  it('a usage or config error (exit 2) fails the step at once, and no stale report is left to upload', () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;\n', '.migration-lintrc.json': '{ "rules": { "no-such-rule": "error" } }' });
    writeFileSync(path.join(dir, 'migration-lint.sarif'), '{"stale": true}');
    const lint = step('lint', dir, { INPUT_PATHS: 'db' });
    expect(lint.code).toBe(2);
    expect(lint.outputs).toEqual({ 'exit-code': '2', 'sarif-file': 'migration-lint.sarif', 'sarif-written': 'false' });
    expect(lint.stdout).toContain('no-such-rule');
    expect(lint.stdout).toContain('::error title=migration-lint::migration-lint exited 2');
  });
});

describe('action.yml', () => {
  const action = yaml.load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string>; if?: string }[] };
  };

  it('is a composite action: set up Node, lint, upload the SARIF, fail on errors', () => {
    expect(action.runs.using).toBe('composite');
    const [setup, lint, upload, finish] = action.runs.steps;
    expect(setup!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(lint!.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action-run.mjs" lint');
    expect(upload!.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload!.if).toContain("steps.lint.outputs.sarif-written == 'true'");
    expect(upload!.with!.sarif_file).toBe('${{ steps.lint.outputs.sarif-file }}');
    expect(finish!.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action-run.mjs" finish');
  });

  it('passes every input the script reads, under the name it reads', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    const passed = Object.assign({}, ...action.runs.steps.map((s) => s.env ?? {})) as Record<string, string>;
    for (const [variable, value] of Object.entries(passed)) {
      expect(script, variable).toContain(`env.${variable}`);
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)?.[1];
      if (input) expect(Object.keys(action.inputs), variable).toContain(input);
    }
    for (const read of script.matchAll(/env\.(INPUT_\w+|LINT_EXIT_CODE)/g)) expect(Object.keys(passed)).toContain(read[1]);
    for (const input of ['paths', 'config', 'since', 'version']) expect(Object.keys(action.inputs)).toContain(input);
  });
});
