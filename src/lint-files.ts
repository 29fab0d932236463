/**
 * Lints migrations on disk (or an unsaved buffer): finds the files, groups them into migration
 * sets, walks each set in its runner's order — replaying earlier migrations into the schema
 * state, linting the requested ones — and returns results sorted by path.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadParser, parseSource } from './parser/index.js';
import { applyFixes } from './engine/fixes.js';
import { lintText, type EnabledRule } from './engine/linter.js';
import { applyDefaultOptions } from './engine/define-rule.js';
import { replayText } from './engine/replay.js';
import type { FileFormat } from './engine/sections.js';
import type { TemplateOptions } from './source/templates.js';
import { withoutBom } from './source/bom.js';
import { REPLAY_CACHE_FORMAT, type ReplayCache } from './migrations/replay-cache.js';
import { resultCacheInputs, type ResultCache } from './migrations/result-cache.js';
import { VERSION } from './package-info.js';
import type { LintResult, Severity, TransactionMode } from './engine/types.js';
import type { ConfigLoader, FileConfig, RuleSetting } from './config/load.js';
import { migrationPath, readMigrationSet, setRootOf, type MigrationEntry, type MigrationSet } from './migrations/migration-set.js';
import { FRAMEWORKS } from './migrations/frameworks.js';
import { compareVersions, parseMigrationVersion } from './migrations/versions.js';
import { SchemaState } from './analysis/schema-state.js';
import { UsageError } from './usage-error.js';
import { TransactionTracker } from './analysis/transactions.js';


export interface LintRunOptions {
  cwd: string;
  loader: ConfigLoader;
  /** Report errors only; warn-level rules are not run. */
  quiet?: boolean;
  /** Turn inline directives off (`--no-inline-config`). */
  noInlineConfig?: boolean;
  /** Override the config's reportUnusedDisableDirectives. */
  reportUnusedDisableDirectives?: Severity;
  /** Apply rule fixes (in up to MAX_FIX_PASSES passes); results carry the fixed text as `output`. */
  fix?: boolean;
  /** Reuse the schema state of unchanged history between runs. */
  cache?: ReplayCache;
  /** Reuse the results of sets in which nothing changed since the last run. */
  results?: ResultCache;
  /** Filled with every rule that ran, at the highest severity any file gave it (for reports). */
  rulesInUse?: Map<string, EnabledRule>;
}

/** As ESLint: fixes that overlap wait for a later pass, up to this many passes. */
export const MAX_FIX_PASSES = 10;

export function enabledRules(rules: ReadonlyMap<string, RuleSetting>, config: FileConfig, quiet: boolean): Map<string, EnabledRule> {
  const enabled = new Map<string, EnabledRule>();
  for (const [id, setting] of rules) {
    if (setting.severity === 0 || (quiet && setting.severity === 1)) continue;
    const rule = config.availableRules.get(id);
    if (!rule) continue;
    enabled.set(id, { rule, severity: setting.severity, options: applyDefaultOptions(rule.meta.defaultOptions, setting.options) });
  }
  return enabled;
}

export async function lintFiles(files: string[], options: LintRunOptions): Promise<LintResult[]> {
  const bySet = new Map<string, string[]>();
  for (const given of files) {
    const file = resolved(given);
    const root = setRootOf(file);
    const list = bySet.get(root);
    if (list) list.push(file);
    else bySet.set(root, [file]);
  }
  const results: LintResult[] = [];
  for (const [root, requested] of bySet) results.push(...(await lintSet(root, requested, options)));
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * Lints text that is not on disk (stdin, an editor buffer). With a file name, it is linted as
 * that file of its migration set: config, folder rules and history all apply.
 */
export async function lintBuffer(text: string, filename: string | undefined, options: LintRunOptions): Promise<LintResult[]> {
  if (!filename) {
    const config = await options.loader.forFile(path.join(options.cwd, '<text>'));
    await loadParser();
    return [lintOne(text, '<text>', config, undefined, options)];
  }
  const file = path.resolve(options.cwd, filename);
  return lintSet(setRootOf(file), [file], options, new Map([[file, text]]));
}

/**
 * Walks one migration set in run order: files before a requested one are replayed into the
 * schema state, requested files are linted with the state their history left.
 */
async function lintSet(root: string, requested: string[], options: LintRunOptions, buffers = new Map<string, string>()): Promise<LintResult[]> {
  const configs = new Map<string, FileConfig>();
  for (const file of requested) configs.set(file, await options.loader.forFile(file));
  const firstConfig = configs.get(requested[0]!)!;
  const set = readMigrationSet(root, firstConfig.framework);
  const wanted = new Set(requested);
  const entries = new Map(set.migrations.flatMap((m) => (m.file ? [[migrationPath(set, m.file), m] as const] : [])));
  // Requested files the set does not list (a new buffer, a stray .sql) are linted last.
  const order = [...entries.keys(), ...requested.filter((f) => !entries.has(f))];
  const lastWanted = Math.max(...order.map((f, i) => (wanted.has(f) ? i : -1)));

  // Taken before linting: a file changed meanwhile must not be stored with its new stamp.
  const cached =
    options.results && buffers.size === 0 && !options.fix ? resultCacheInputs(set, root, requested, configs, order.slice(0, lastWanted + 1), options) : undefined;
  const hit = cached && options.results!.lookup(root, cached.key, cached.stamps);
  if (hit) {
    for (const [id, severity, ruleOptions] of hit.rulesInUse) {
      const rule = firstConfig.availableRules.get(id);
      if (rule) noteRule(options.rulesInUse, id, { rule, severity, options: ruleOptions });
    }
    return hit.results.map(withSource);
  }

  // History: what runs before the first requested file; the replay cache may hold its state.
  const history = order.slice(0, order.findIndex((f) => wanted.has(f))).filter((f) => !entries.get(f)?.down);
  const cacheKey = JSON.stringify([VERSION, REPLAY_CACHE_FORMAT, set.framework, firstConfig.transaction, firstConfig.templates]);
  // Stats taken for the result cache serve the replay cache too: no file is stat'ed twice.
  const known = cached ? new Map(cached.stamps.map((stamp) => [stamp.file, stamp])) : set.stats;
  const restored = options.cache?.restore(root, cacheKey, history, known);
  const schema = restored?.schema ?? new SchemaState();
  const transactions = restored?.transactions ?? new TransactionTracker();
  const fromCache = new Set(history.slice(0, restored?.replayed ?? 0));
  const inHistorySet = new Set(history);
  const results: LintResult[] = [];
  const setRules = new Map<string, EnabledRule>();
  let inHistory = true;
  let replayedOutsideHistory = false;
  // Awaited only now, so the parser compiles while the folder, configs and cache are read.
  await loadParser();
  for (const file of order.slice(0, lastWanted + 1)) {
    if (fromCache.has(file)) continue;
    const entry = entries.get(file);
    // History needs only the set's settings; per-file config is resolved for linted files alone.
    const config = configs.get(file) ?? firstConfig;
    const isWanted = wanted.has(file) && !config.ignored && !beforeBaseline(entry, config.baseline);
    // Down migrations undo history; they never feed the state of later files.
    if (!isWanted && entry?.down) continue;
    const text = buffers.get(file) ?? readText(file, isWanted);
    if (text === undefined) continue;
    const mode = transactionMode(config, set, file);
    const format = FRAMEWORKS[set.framework];
    const templates = templateOptions(config, set);
    if (isWanted) {
      if (inHistory && !replayedOutsideHistory && history.length > fromCache.size) {
        options.cache?.save(root, cacheKey, history, schema, transactions, known);
      }
      if (inHistory) transactions.endHistory();
      inHistory = false;
      results.push(lintOne(text, file, config, set, options, { schema, transactions, mode, format, templates, down: entry?.down ?? false }, setRules));
    } else {
      if (!inHistorySet.has(file)) replayedOutsideHistory = true;
      replayText(text, schema, transactions, mode, format, templates);
    }
  }
  for (const [id, rule] of setRules) noteRule(options.rulesInUse, id, rule);
  if (cached) {
    const rulesInUse = [...setRules].map(([id, r]) => [id, r.severity, r.options] as [string, 1 | 2, unknown[]]);
    options.results!.store(root, cached.key, cached.stamps, { results, rulesInUse });
  }
  return results;
}

/** An absolute, normal path; findFiles gives them already, and resolving thousands again costs. */
function resolved(file: string): string {
  const normal = path.isAbsolute(file) && !/[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}|.[\\/]$/.test(file) && (path.sep === '/' || !file.includes('/'));
  return normal ? file : path.resolve(file);
}

/** Keeps, for each rule, the highest severity any file gave it. */
function noteRule(rules: Map<string, EnabledRule> | undefined, id: string, rule: EnabledRule): void {
  if ((rules?.get(id)?.severity ?? 0) < rule.severity) rules?.set(id, rule);
}

/** A cached result gets its source text back, as a fresh lint gives it to results with findings. */
function withSource(result: LintResult): LintResult {
  if (result.messages.length === 0) return result;
  const text = readText(result.filePath, false);
  // Gone since it was stat'ed a moment ago: the findings stand, without the text.
  if (text === undefined) return result;
  return { ...result, source: withoutBom(text) };
}

/** Synchronous: many small files read one after another are far faster this way. */
export function readText(file: string, required: boolean): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (!required) return undefined;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Migrations up to the configured baseline are history: replayed, not reported. */
export function beforeBaseline(entry: MigrationEntry | undefined, baseline: string | undefined): boolean {
  if (!baseline || !entry?.version) return false;
  const limit = parseMigrationVersion(baseline) ?? parseMigrationVersion(`${baseline}_`);
  return limit !== undefined && compareVersions(entry.version, limit) <= 0;
}

/** The config's mode, else the framework's default; popx's `.autocommit.` files opt out. */
export function transactionMode(config: FileConfig, set: MigrationSet, file: string): TransactionMode {
  const framework = FRAMEWORKS[set.framework];
  if (framework.fileOptOut?.(path.basename(file))) return 'none';
  return config.transaction ?? framework.transaction;
}

/** Flyway sets expand `${placeholders}` unless the config says which syntaxes to expand. */
export function templateOptions(config: FileConfig, set: MigrationSet): TemplateOptions {
  return { syntax: config.templates.syntax ?? (set.framework === 'flyway' ? ['flyway'] : []), values: config.templates.values };
}

interface SetContext {
  schema: SchemaState;
  transactions: TransactionTracker;
  mode: TransactionMode;
  format: FileFormat;
  templates: TemplateOptions;
  down: boolean;
}

function lintOne(
  text: string,
  filename: string,
  config: FileConfig,
  set: MigrationSet | undefined,
  options: LintRunOptions,
  context?: SetContext,
  rulesInUse = options.rulesInUse,
): LintResult {
  const schema = context?.schema ?? new SchemaState();
  const transactions = context?.transactions ?? new TransactionTracker();
  const quiet = options.quiet ?? false;
  // A down file is linted with the down rules; down sections of other files get their severities.
  const rules = enabledRules(context?.down ? config.downRules : config.rules, config, quiet);
  for (const [id, rule] of rules) noteRule(rulesInUse, id, rule);
  const downSeverity = (id: string): Severity => {
    const severity = config.downRules.get(id)?.severity ?? 0;
    return quiet && severity === 1 ? 0 : severity;
  };
  const lint = (source: string, commit: boolean): LintResult =>
    lintText(source, {
      // Fix passes lint copies of the state; only the final lint moves history forward.
      schema: commit ? schema : schema.clone(),
      transactions: commit ? transactions : transactions.clone(),
      filename,
      rules,
      knownRuleIds: new Set(config.availableRules.keys()),
      settings: { postgresVersion: config.postgresVersion, transaction: context?.mode ?? config.transaction ?? 'none' },
      ...(set ? { migrationSet: set } : {}),
      ...(context ? { format: context.format, downSeverity } : {}),
      templates: context?.templates ?? { syntax: config.templates.syntax ?? [], values: config.templates.values },
      inlineConfig: !(options.noInlineConfig || config.noInlineConfig),
      reportUnusedDirectives: (options.reportUnusedDisableDirectives ?? config.reportUnusedDisableDirectives) as 0 | 1 | 2,
    });
  if (!options.fix) return lint(text, true);

  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  let current = bom ? text.slice(1) : text;
  let changed = false;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = lint(current, false).messages.flatMap((m) => (m.fix ? [m.fix] : []));
    if (fixes.length === 0) break;
    const { output } = applyFixes(current, fixes);
    // A fix whose result does not parse as well as the original is never applied.
    if (output === current || parseSource(output).failures.length > parseSource(current).failures.length) break;
    current = output;
    changed = true;
  }
  const result = lint(bom + current, true);
  if (changed) {
    result.output = bom + current;
    delete result.source;
  }
  return result;
}

/** Writes the fixed text of results that have one (`--fix`); other files are not touched. */
export async function writeFixes(results: LintResult[]): Promise<number> {
  let written = 0;
  for (const result of results) {
    if (result.output === undefined || !path.isAbsolute(result.filePath)) continue;
    await writeFile(result.filePath, result.output);
    written++;
  }
  return written;
}
