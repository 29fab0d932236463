#!/usr/bin/env node
/**
 * The shell logic of the GitHub Action (action.yml), as a script so that it runs, and is tested
 * (test/integrations/action.test.ts), outside GitHub.
 *
 *   node scripts/action-run.mjs lint     runs migration-lint with `-f sarif -o <file>` from the
 *                                        action's inputs (INPUT_* variables, set by action.yml)
 *   node scripts/action-run.mjs finish   fails the job when lint found errors and fail-on-error is on
 *
 * `lint` exits 0 when migration-lint exits 0 or 1, so that the SARIF file is uploaded to code
 * scanning in either case; its exit code goes to the step output `exit-code`, and `finish` turns a 1
 * into a failed job afterwards. Exit code 2 (bad configuration or arguments: no report is written)
 * fails the step at once. Step outputs are written to $GITHUB_OUTPUT when it is set.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_CHECKOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A list input: one item per line when it has several lines, else separated by spaces. */
export function splitList(text) {
  const value = (text ?? '').trim();
  if (!value) return [];
  return (value.includes('\n') ? value.split(/\r?\n/) : value.split(/\s+/)).map((item) => item.trim()).filter(Boolean);
}

/**
 * Which migration-lint to run for the `version` input:
 * - empty: the project's own (node_modules/.bin/migration-lint, a devDependency) if it has one,
 *   else the action's checkout, i.e. the ref in `uses: migration-lint/migration-lint@<ref>`;
 * - a version, range or dist-tag (`0.1.0`, `v0.1.0`, `^0.1`, `latest`): that package from npm;
 * - a commit SHA: that commit of the GitHub repository;
 * - anything else (`github:owner/repo#ref`, a tarball URL or path): given to npm as it is.
 */
export function packageSpec(version) {
  const value = version.trim();
  if (/^[0-9a-f]{7,40}$/i.test(value) && !/^\d+$/.test(value)) return `github:migration-lint/migration-lint#${value}`;
  if (/^(v?\d|[~^<>=*]|latest$|next$)/.test(value)) return `migration-lint@${value.replace(/^v(?=\d)/, '')}`;
  return value;
}

/**
 * The command line for the action's inputs.
 * @param {{ paths?: string, config?: string, since?: string, version?: string, args?: string, sarifFile?: string }} inputs
 * @param {{ cwd: string, actionPath: string, execPath?: string }} where
 * @returns {{ command: string, args: string[], sarifFile: string, runs: string, needsBuild: boolean }}
 */
export function lintCommand(inputs, where) {
  const sarifFile = inputs.sarifFile?.trim() || 'migration-lint.sarif';
  const lintArgs = ['-f', 'sarif', '-o', sarifFile];
  if (inputs.config?.trim()) lintArgs.push('--config', inputs.config.trim());
  if (inputs.since?.trim()) lintArgs.push('--since', inputs.since.trim());
  lintArgs.push(...splitList(inputs.args?.replace(/\n/g, ' ')), ...splitList(inputs.paths));

  const version = inputs.version?.trim() ?? '';
  if (version) {
    const spec = packageSpec(version);
    return { command: 'npx', args: ['--yes', `--package=${spec}`, '--', 'migration-lint', ...lintArgs], sarifFile, runs: spec, needsBuild: false };
  }
  const local = path.join(where.cwd, 'node_modules', '.bin', 'migration-lint');
  if (existsSync(local)) return { command: local, args: lintArgs, sarifFile, runs: "the project's devDependency", needsBuild: false };
  return {
    command: where.execPath ?? process.execPath,
    args: [path.join(where.actionPath, 'bin', 'migration-lint.js'), ...lintArgs],
    sarifFile,
    runs: `the action's checkout (${where.actionPath})`,
    needsBuild: !existsSync(path.join(where.actionPath, 'dist', 'cli.bundle.js')),
  };
}

function setOutput(env, name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

const shellQuote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

export function lint(env = process.env, cwd = process.cwd()) {
  const inputs = {
    paths: env.INPUT_PATHS,
    config: env.INPUT_CONFIG,
    since: env.INPUT_SINCE,
    version: env.INPUT_VERSION,
    args: env.INPUT_ARGS,
    sarifFile: env.INPUT_SARIF_FILE,
  };
  const actionPath = env.GITHUB_ACTION_PATH || THIS_CHECKOUT;
  const run = lintCommand(inputs, { cwd, actionPath });
  if (run.needsBuild) {
    // A checkout of the action has no dist/: install and build it (npm runs `prepare`).
    console.log(`Building migration-lint in ${actionPath} …`);
    const built = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: actionPath, stdio: 'inherit', env });
    if (built.status !== 0) {
      console.log('::error title=migration-lint::could not install the action’s own migration-lint (npm ci failed); set the `version` input to run a released one');
      return 2;
    }
  }
  const sarifPath = path.resolve(cwd, run.sarifFile);
  // A report left from an earlier run must not be uploaded as this run's.
  rmSync(sarifPath, { force: true });
  console.log(`Running ${run.runs}:\n  ${[run.command, ...run.args].map(shellQuote).join(' ')}`);
  const result = spawnSync(run.command, run.args, { cwd, stdio: 'inherit', env });
  const code = result.status ?? 2;
  const written = existsSync(sarifPath);
  setOutput(env, 'exit-code', code);
  setOutput(env, 'sarif-file', run.sarifFile);
  setOutput(env, 'sarif-written', written);
  if (code === 0 || code === 1) {
    console.log(code === 0 ? 'migration-lint found no errors.' : `migration-lint found errors; the report is in ${run.sarifFile}.`);
    return 0;
  }
  console.log(`::error title=migration-lint::migration-lint exited ${code} (a configuration or usage error, see above); no report was written`);
  return code;
}

export function finish(env = process.env) {
  const code = env.LINT_EXIT_CODE ?? '';
  if (code === '1' && (env.INPUT_FAIL_ON_ERROR ?? 'true').trim() !== 'false') {
    console.log('::error title=migration-lint::migration-lint found errors in the migrations (see the code scanning alerts, or the lint step’s report)');
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'lint') process.exitCode = lint();
  else if (step === 'finish') process.exitCode = finish();
  else {
    console.error('usage: action-run.mjs lint|finish');
    process.exitCode = 2;
  }
}
