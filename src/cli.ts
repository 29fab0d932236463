/**
 * The command line. `run` returns the exit code and never exits the process: the report goes to
 * stdout (or --output-file), messages about the run to stderr.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, ConfigLoader, ListedFolders, checkRuleEntry, toRuleSetting, type RuleSetting } from './config/load.js';
import { toSeverity } from './config/severity.js';
import { RuleCrashError, type EnabledRule } from './engine/linter.js';
import type { LintResult, Rule } from './engine/types.js';
import { EXIT_FATAL, EXIT_LINT_PROBLEMS, EXIT_OK } from './exit-codes.js';
import { findFiles } from './lint/find-files.js';
import { FolderWalkCache } from './cache/folder-walk-cache.js';
import { timingRows, timingTable } from './reporters/timing-table.js';
import { lintFiles, lintBuffer, writeFixes } from './lint/lint-files.js';
import { UsageError } from './usage-error.js';
import { FormatterNotFoundError, loadFormatter } from './reporters/index.js';
import type { FormatterContext } from './reporters/types.js';
import { findRepositoryRoot } from './source/repository-root.js';
import { loadBuiltinRules } from './rules-registry.js';
import { BUILD_ID, ruleDocsPath, VERSION } from './package-info.js';
import { ENGINE_FINDING_PAGES, readRuleDocs } from './rule-docs.js';
import { renderMarkdownForTerminal } from './terminal-markdown.js';
import { filterChangedSince } from './migrations/git-changes.js';
import { BatchFinder } from './migrations/batches.js';
import { loadParser } from './parser/index.js';
import { ReplayCache } from './lint/replay-cache.js';
import { ResultCache } from './lint/result-cache.js';
import { findUsualLocations, USUAL_LOCATIONS } from './migrations/default-locations.js';
import { parseArguments, type Args } from './cli-arguments.js';
import { printedConfig } from './print-config.js';
import { fsReason } from './fs-error.js';
import { decodeSqlBytes } from './source/utf8.js';
import { whileWaitingFor } from './pending-work.js';

export { unfinishedWork } from './pending-work.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Bytes are checked as PostgreSQL checks them (UTF-8, no NUL); a string is taken as it is. */
  readStdin: () => Promise<string | Uint8Array>;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  // Compile the WebAssembly parser while arguments and configs are read.
  void loadParser().catch(() => undefined);
  if (argv[0] === 'lsp') {
    // Loaded on demand so that linting from the command line never loads the LSP libraries.
    const { runLanguageServer } = await import('./lsp/server.js');
    return runLanguageServer(argv.slice(1), io);
  }
  let args: Args;
  try {
    const parsed = await parseArguments(argv);
    if ('output' in parsed) {
      io.stdout(`${parsed.output}\n`);
      return EXIT_OK;
    }
    args = parsed;
  } catch (error) {
    io.stderr(`migration-lint: ${error instanceof Error ? error.message : String(error)}\nRun migration-lint --help for usage.\n`);
    return EXIT_FATAL;
  }

  // The stack of a failure in the user's own code (a config, plugin, rule or formatter) only on request.
  const debug = args.debug || (io.env.DEBUG ?? '').split(/[\s,]+/).some((name) => ['migration-lint', 'migration-lint:*', '*'].includes(name));
  const stack = (error: Error): string => {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    return debug && cause?.stack ? `${cause.stack}\n` : '';
  };
  try {
    return await main(args, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof FormatterNotFoundError || error instanceof RuleCrashError || (error instanceof Error && error.name === 'VerifyRunError')) {
      io.stderr(`migration-lint: ${error.message}\n${stack(error)}`);
    } else {
      io.stderr(`migration-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return EXIT_FATAL;
  }
}

async function main(args: Args, io: CliIO): Promise<number> {
  // `verify` may stand anywhere among the options; it is the first word that is not one.
  const verifying = args.patterns[0] === 'verify';
  if (verifying) args = { ...args, patterns: args.patterns.slice(1) };
  else checkVerifyOnly(args);
  const builtinRules = await loadBuiltinRules();
  if (args.listRules) {
    io.stdout(listRules(builtinRules));
    return EXIT_OK;
  }
  if (args.explain !== undefined) return explain(args.explain, builtinRules, io, colorEnabled(args.color, io));

  const listedFolders = new ListedFolders();
  const loader = new ConfigLoader({
    cwd: io.cwd,
    listedFolders,
    builtinRules,
    cliRules: parseCliRules([args.rule].flat(), builtinRules),
    ...(args.config ? { configFile: args.config } : {}),
    ...(args.pgVersion !== undefined ? { postgresVersion: checkPgVersion(args.pgVersion) } : {}),
  });

  if (args.printConfig !== undefined) {
    const file = path.resolve(io.cwd, args.printConfig);
    io.stdout(await printedConfig(file, await loader.forFile(file)));
    return EXIT_OK;
  }

  if (args.fix && args.stdin) {
    throw new UsageError('the --fix option is not available for piped-in code; use --fix-dry-run instead.');
  }
  const rulesInUse = new Map<string, EnabledRule>();
  const { walk: walkCache, ...lintCaches } = args.cache ? caches(args.cacheLocation === undefined ? undefined : path.resolve(io.cwd, args.cacheLocation)) : {};
  const cacheStrategy = args.cacheStrategy;
  if (cacheStrategy !== 'metadata' && cacheStrategy !== 'content') {
    throw new UsageError(`--cache-strategy must be "metadata" or "content" (got "${cacheStrategy}").`);
  }
  // TIMING=1, as in ESLint: how long each rule took, printed after the report (on stderr, so a
  // JSON or SARIF report stays valid).
  const timingLimit = timingRows(io.env.TIMING);
  const timing = timingLimit === undefined ? undefined : new Map<string, number>();
  const runOptions = {
    rulesInUse,
    ...(timing ? { timing } : {}),
    cacheStrategy: cacheStrategy as 'metadata' | 'content',
    ...lintCaches,
    fix: args.fix || args.fixDryRun,
    cwd: io.cwd,
    loader,
    quiet: args.quiet && args.maxWarnings < 0,
    noInlineConfig: !args.inlineConfig,
    ...(args.reportUnusedDisableDirectives ? { reportUnusedDisableDirectives: 2 as const } : {}),
  };
  const cacheFolder = args.cache ? (args.cacheLocation === undefined ? undefined : path.resolve(io.cwd, args.cacheLocation)) : null;
  const batchOptions = { cacheFolder, notice: (text: string) => io.stderr(text) };
  let results: LintResult[];
  let verified: import('./verify/run.js').VerifyRun | undefined;
  if (verifying && (args.stdin || args.fix || args.fixDryRun)) throw new UsageError('verify applies migration files: --stdin, --fix and --fix-dry-run are lint options.');
  let stdinText: string | undefined;
  if (args.stdin) {
    const input = await io.readStdin();
    const decoded = typeof input === 'string' ? { text: input } : decodeSqlBytes(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    stdinText = decoded.text;
    results = await lintBuffer(stdinText, args.stdinFilename, { ...runOptions, batches: new BatchFinder(batchOptions) }, decoded.fault);
  } else {
    let patterns = args.patterns;
    if (patterns.length === 0) {
      const migrations = (await loader.forDirectory(io.cwd)).data.migrations;
      patterns = migrations === undefined ? [] : [migrations].flat();
    }
    if (patterns.length === 0) patterns = findUsualLocations(io.cwd);
    if (patterns.length === 0) {
      throw new UsageError(
        `no files to lint: pass paths or globs, or set "migrations" in the config (e.g. "migrations": ["db/migrations"]); none of the usual folders (${USUAL_LOCATIONS.join(', ')}) exists here.`,
      );
    }
    let files = await findFiles(patterns, io.cwd, {
      errorOnUnmatched: args.errorOnUnmatchedPattern,
      listedFolders,
      ...(walkCache ? { walkCache } : {}),
      onSkipped: (file, reason) => io.stderr(`migration-lint: skipped ${path.relative(io.cwd, file)}: ${reason}.\n`),
    });
    let since: Set<string> | undefined;
    if (args.since !== undefined) {
      files = await filterChangedSince(args.since, files, io.cwd).catch((error: Error) => {
        throw new UsageError(`--since: ${error.message}`);
      });
      since = new Set(files);
    }
    if (verifying) {
      const { verifyFiles } = await import('./verify/run.js');
      verified = await verifyFiles(files, {
        cwd: io.cwd,
        loader,
        withRows: args.withRows,
        locks: args.locks,
        cache: args.cache ? (args.cacheLocation === undefined ? undefined : path.resolve(io.cwd, args.cacheLocation)) : false,
        ...(args.databaseUrl !== undefined ? { databaseUrl: args.databaseUrl } : {}),
        notice: (text) => io.stderr(`migration-lint: ${text}.\n`),
        ...(args.setup !== undefined ? { setup: args.setup } : {}),
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.seedAfter !== undefined ? { seedAfter: args.seedAfter } : {}),
      });
      results = verified.results;
    } else {
      // With --since, what changed after the ref is the pending batch; otherwise git history says.
      const batches = new BatchFinder({ ...batchOptions, ...(since ? { since } : {}) });
      results = await lintFiles(files, { ...runOptions, batches });
    }
  }

  // Only --fix writes to the user's files, and only files whose text changed.
  if (args.fix) await writeFixes(results);
  if (args.quiet) {
    results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0, fixableWarningCount: 0 }));
  }
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const tooManyWarnings = args.maxWarnings >= 0 && warnings > args.maxWarnings;

  const formatter = await loadFormatter(args.format, io.cwd);
  const meta = rulesMeta(builtinRules);
  if (verified) Object.assign(meta, (await import('./verify/report.js')).VERIFY_RULES_META);
  const severities: Record<string, 1 | 2> = {};
  for (const [id, { rule, severity }] of rulesInUse) {
    severities[id] = severity;
    meta[id] ??= rule.meta; // plugin rules
  }
  const context: FormatterContext = {
    cwd: io.cwd,
    rulesMeta: meta,
    color: args.outputFile ? false : colorEnabled(args.color, io),
    version: VERSION,
    ...(tooManyWarnings ? { maxWarningsExceeded: { maxWarnings: args.maxWarnings, foundWarnings: warnings } } : {}),
    // For the SARIF reporter, which does no I/O: docs pages, the rules in force, the repo root.
    ruleDocs: readRuleDocs,
    enabledRules: severities,
    // --fix-dry-run wrote nothing: the files on disk (or stdin) are what the fixes start from.
    ...(args.fixDryRun && !args.fix ? { textBeforeFixes: (file: string) => (args.stdin ? stdinText : readTextOrUndefined(file)) } : {}),
    ...repositoryRootOf(io.cwd),
  };
  let report: string;
  try {
    report = await whileWaitingFor(`the formatter ${args.format}`, async () => formatter(results, context));
  } catch (error) {
    throw new UsageError(`the formatter "${args.format}" failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
  if (verified) {
    const { verifyText } = await import('./verify/report.js');
    const text = verifyText(verified, io.cwd, args.locks);
    // The text report gets the summary and locks; other formats stay machine-readable (stderr).
    if (args.format === 'text' || args.format === 'compact') report = `${report.replace(/\n*$/, '')}${report ? '\n\n' : ''}${text}`;
    else io.stderr(text);
  }
  if (args.outputFile) {
    const target = path.resolve(io.cwd, args.outputFile);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, report);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${target}: ${fsReason(error)}.`, { cause: error });
    }
  } else if (report) {
    io.stdout(report.endsWith('\n') ? report : `${report}\n`);
  }
  if (tooManyWarnings) io.stderr(`migration-lint found too many warnings (maximum: ${args.maxWarnings}).\n`);
  if (timing) io.stderr(timingTable(timing, timingLimit!));
  return errors > 0 || tooManyWarnings ? EXIT_LINT_PROBLEMS : EXIT_OK;
}

/** The options that only verify reads: given to lint, they are a mistake worth saying. */
function checkVerifyOnly(args: Args): void {
  const given = [args.databaseUrl !== undefined && '--database-url', args.withRows && '--with-rows', args.seed !== undefined && '--seed', args.seedAfter !== undefined && '--seed-after', args.setup !== undefined && '--setup', args.locks && '--locks'].filter(Boolean);
  if (given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'is an option' : 'are options'} of verify: run migration-lint verify ${given[0]} … [paths].`);
}

/** The folder-walk and replay caches, and the result cache when this is a build that can tell its results apart. */
function caches(directory: string | undefined): { walk?: FolderWalkCache; cache?: ReplayCache; results?: ResultCache } {
  return {
    walk: new FolderWalkCache(directory),
    cache: new ReplayCache(directory),
    ...(BUILD_ID ? { results: new ResultCache(BUILD_ID, directory) } : {}),
  };
}

function checkPgVersion(version: number): number {
  if (!Number.isInteger(version) || version < 9 || version > 30) {
    throw new UsageError(`--pg-version must be a PostgreSQL major version such as 14 (got ${version}).`);
  }
  return version;
}

/** `--rule 'id: severity'` or `--rule 'id: ["warn", {…}]'`. */
function parseCliRules(entries: string[], rules: ReadonlyMap<string, Rule>): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new UsageError(`--rule "${entry}": expected "rule-id: severity", e.g. --rule 'no-bare-drop-table: warn'.`);
    const id = entry.slice(0, colon).trim();
    const raw = entry.slice(colon + 1).trim();
    let value: unknown = raw;
    if (raw.startsWith('[')) {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new UsageError(`--rule "${entry}": the value is not valid JSON.`);
      }
    }
    // Plugin rules are only known once a config has loaded them; check built-in ids here.
    if (!id.includes('/')) {
      const problem = checkRuleEntry(id, value, rules);
      if (problem) throw new UsageError(`--rule "${entry}": ${problem}`);
    } else if (toSeverity(Array.isArray(value) ? value[0] : value) === undefined) {
      throw new UsageError(`--rule "${entry}": severity must be "off", "warn" or "error".`);
    }
    settings.set(id, toRuleSetting(value, undefined));
  }
  return settings;
}

function colorEnabled(flag: boolean | undefined, io: CliIO): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}

function rulesMeta(rules: ReadonlyMap<string, Rule>): FormatterContext['rulesMeta'] {
  const meta: FormatterContext['rulesMeta'] = {};
  for (const [id, rule] of rules) meta[id] = rule.meta;
  return meta;
}


function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function repositoryRootOf(cwd: string): { repositoryRoot?: string } {
  const root = findRepositoryRoot(cwd);
  return root === undefined ? {} : { repositoryRoot: root };
}

/** The preset that first includes a rule, as `--list-rules` and the README name it. */
export function presetName(level: boolean | 'strict' | 'style'): string {
  return level === true ? 'recommended' : level === false ? 'all' : level;
}

function listRules(rules: ReadonlyMap<string, Rule>): string {
  const rows = [...rules.values()].map((r) => [r.id, presetName(r.meta.docs.recommended), r.meta.fixable ? 'fixable' : '', r.meta.docs.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')).join('\n')}\n`;
}

async function explain(id: string, rules: ReadonlyMap<string, Rule>, io: CliIO, color: boolean): Promise<number> {
  // `--explain` without a name: what can be explained.
  if (id.trim() === '') {
    const engine = ENGINE_FINDING_PAGES.map((page) => `${page}  (reported by the engine: SQL that PostgreSQL's parser rejects)`);
    io.stdout(`Usage: migration-lint --explain <rule>\n\n${listRules(rules)}${engine.join('\n')}\n`);
    return EXIT_OK;
  }
  if (!rules.has(id) && !ENGINE_FINDING_PAGES.includes(id)) {
    io.stderr(`migration-lint: unknown rule "${id}". Run migration-lint --list-rules to see them.\n`);
    return EXIT_FATAL;
  }
  const page = await readFile(ruleDocsPath(id), 'utf8').catch(() => undefined);
  if (page === undefined) {
    io.stderr(`migration-lint: the docs page of "${id}" is missing from this installation (${ruleDocsPath(id)}).\n`);
    return EXIT_FATAL;
  }
  io.stdout(renderMarkdownForTerminal(page, color));
  return EXIT_OK;
}
