/**
 * Lints migrations on disk (or an unsaved buffer): finds the files, groups them into migration
 * sets, walks each set in its runner's order — replaying earlier migrations into the schema
 * state, linting the requested ones — and returns results sorted by path.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadParser, parseSource } from '../parser/index.js';
import { applyFixes } from '../engine/fixes.js';
import { lintText, type EnabledRule } from '../engine/linter.js';
import { applyDefaultOptions } from '../engine/define-rule.js';
import { replayText } from '../engine/replay.js';
import type { FileFormat } from '../engine/sections.js';
import type { TemplateOptions, TemplateSyntax } from '../source/templates.js';
import { withoutBom } from '../source/bom.js';
import { decodeSqlBytes, type TextFault } from '../source/utf8.js';
import { REPLAY_CACHE_FORMAT, type ReplayCache } from './replay-cache.js';
import { resultCacheInputs, type ResultCache } from './result-cache.js';
import { VERSION } from '../package-info.js';
import type { LintResult, Severity, TransactionMode } from '../engine/types.js';
import type { ConfigLoader, FileConfig, RuleSetting } from '../config/load.js';
import { migrationPath, readMigrationSet, setRelativePath, setRootOf, type MigrationEntry, type MigrationSet } from '../migrations/migration-set.js';
import { FRAMEWORKS } from '../migrations/frameworks.js';
import { compareVersions, parseMigrationVersion } from '../migrations/versions.js';
import { SchemaState } from '../analysis/schema-state.js';
import { UsageError } from '../usage-error.js';
import { TransactionTracker } from '../analysis/transactions.js';
import { fileBatches, type BatchFinder } from '../migrations/batches.js';


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
  /**
   * How the caches tell that a file changed: by size and modification time (the default), or by
   * a hash of its contents, for checkouts whose files get new contents without new times.
   */
  cacheStrategy?: 'metadata' | 'content';
  /** Filled with every rule that ran, at the highest severity any file gave it (for reports). */
  rulesInUse?: Map<string, EnabledRule>;
  /** Finds deploy batches (git history, --since); without it only the linted file counts as new. */
  batches?: BatchFinder;
  /** Filled with the milliseconds each rule took over the run (TIMING=1). */
  timing?: Map<string, number>;
}

/** As ESLint: fixes that overlap wait for a later pass, up to this many passes. */
export const MAX_FIX_PASSES = 10;

const ruleIdSets = new WeakMap<ReadonlyMap<string, unknown>, ReadonlySet<string>>();

/** The ids of a config's rules, as a set made once per rule map (directives check names against it). */
function knownRuleIds(available: ReadonlyMap<string, unknown>): ReadonlySet<string> {
  let ids = ruleIdSets.get(available);
  if (!ids) ruleIdSets.set(available, (ids = new Set(available.keys())));
  return ids;
}

/** The enabled rules of each rule-setting map (a config's rules serve all the files it governs), quiet and not. */
const enabledBySettings = new WeakMap<ReadonlyMap<string, RuleSetting>, [Map<string, EnabledRule>?, Map<string, EnabledRule>?]>();

/** The rules to run with their options; worked out once per settings map, not per file (options are frozen). */
export function enabledRules(rules: ReadonlyMap<string, RuleSetting>, config: FileConfig, quiet: boolean): Map<string, EnabledRule> {
  let known = enabledBySettings.get(rules);
  if (!known) enabledBySettings.set(rules, (known = []));
  const slot = quiet ? 1 : 0;
  return (known[slot] ??= enabledRulesOf(rules, config, quiet));
}

function enabledRulesOf(rules: ReadonlyMap<string, RuleSetting>, config: FileConfig, quiet: boolean): Map<string, EnabledRule> {
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
  await options.batches?.prepare([...bySet.keys()]);
  for (const [root, requested] of bySet) results.push(...(await lintSet(root, requested, options)));
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * Lints text that is not on disk (stdin, an editor buffer). With a file name, it is linted as
 * that file of its migration set: config, folder rules and history all apply.
 */
export async function lintBuffer(text: string, filename: string | undefined, options: LintRunOptions, fault?: TextFault): Promise<LintResult[]> {
  if (!filename) {
    const config = await options.loader.forFile(path.join(options.cwd, '<text>'));
    await loadParser();
    return [lintOne(text, '<text>', config, undefined, options, undefined, options.rulesInUse, fault)];
  }
  const file = path.resolve(options.cwd, filename);
  await options.batches?.prepare([setRootOf(file)]);
  return lintSet(setRootOf(file), [file], options, new Map([[file, { text, ...(fault ? { fault } : {}) }]]));
}

/**
 * Walks one migration set in run order: files before a requested one are replayed into the
 * schema state, requested files are linted with the state their history left.
 */
async function lintSet(root: string, requested: string[], options: LintRunOptions, buffers = new Map<string, { text: string; fault?: TextFault }>()): Promise<LintResult[]> {
  const configs = new Map<string, FileConfig>();
  for (const file of requested) configs.set(file, await options.loader.forFile(file));
  const firstConfig = configs.get(requested[0]!)!;
  const set = readMigrationSet(root, firstConfig.framework);
  const batches = options.batches?.forSet(set, firstConfig.batches ?? 'git') ?? fileBatches();
  set.batches = batches;
  const relative = (file: string): string => setRelativePath(set.directory, file);
  const wanted = new Set(requested);
  const entries = new Map(set.migrations.flatMap((m) => (m.file ? [[migrationPath(set, m.file), m] as const] : [])));
  // Requested files the set does not list (a new buffer, a stray .sql) are linted last.
  const order = [...entries.keys(), ...requested.filter((f) => !entries.has(f))];
  const lastWanted = Math.max(...order.map((f, i) => (wanted.has(f) ? i : -1)));

  // Taken before linting: a file changed meanwhile must not be stored with its new stamp.
  const content = options.cacheStrategy === 'content' && (options.results || options.cache) ? contentStamps(order.slice(0, lastWanted + 1)) : undefined;
  const stamped = content ? { ...set, stats: content } : set;
  const cached =
    options.results && buffers.size === 0 && !options.fix
      ? resultCacheInputs(stamped, root, requested, configs, order.slice(0, lastWanted + 1), options, batchSignature(order.slice(0, lastWanted + 1).map(relative), set))
      : undefined;
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
  const cacheKey = JSON.stringify([VERSION, REPLAY_CACHE_FORMAT, set.framework, firstConfig.transaction, firstConfig.templates, options.cacheStrategy ?? 'metadata']);
  // Stats taken for the result cache serve the replay cache too: no file is stat'ed twice.
  const known = cached ? new Map(cached.stamps.map((stamp) => [stamp.file, stamp])) : stamped.stats;
  const restored = options.cache?.restore(root, cacheKey, history, known);
  const schema = restored?.schema ?? new SchemaState();
  schema.useBatches(batches.batchOf);
  const transactions = restored?.transactions ?? new TransactionTracker();
  transactions.useRunner(FRAMEWORKS[set.framework]);
  const fromCache = new Set(history.slice(0, restored?.replayed ?? 0));
  const inHistorySet = new Set(history);
  const results: LintResult[] = [];
  const setRules = new Map<string, EnabledRule>();
  let inHistory = true;
  let replayedOutsideHistory = false;
  let previous: string | undefined = fromCache.size > 0 ? relative(history[fromCache.size - 1]!) : undefined;
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
    const source = buffers.get(file) ?? readText(file, isWanted);
    if (source === undefined) continue;
    const { text, fault } = source;
    const mode = transactionMode(config, set, file);
    const format = FRAMEWORKS[set.framework];
    const templates = templateOptions(config, set);
    const setPath = relative(file);
    if (isWanted) {
      if (inHistory && !replayedOutsideHistory && history.length > fromCache.size) {
        options.cache?.save(root, cacheKey, history, schema, transactions, known);
      }
      // What came before is applied and committed, except earlier files of this file's own batch: under
      // a runner that applies a batch in one transaction, that transaction is still open. Files of
      // unknown batches (no git) never share one: only the linted file is known to be pending.
      if (!sameBatch(batches.batchOf, previous, setPath)) transactions.endHistory();
      inHistory = false;
      batches.setCurrent(setPath);
      results.push(lintOne(text, file, config, set, options, { schema, transactions, mode, format, templates, down: entry?.down ?? false, ...(fault ? { fault } : {}) }, setRules));
    } else {
      if (!inHistorySet.has(file)) replayedOutsideHistory = true;
      replayText(text, schema, transactions, mode, format, templates, setPath);
    }
    previous = setPath;
  }
  // Without git history a table created earlier counted as existing: say why, if a rule asked.
  if (batches.reason !== undefined && schema.askedWithoutBatches) options.batches?.tell(batches.reason);
  for (const [id, rule] of setRules) noteRule(options.rulesInUse, id, rule);
  if (cached) {
    const rulesInUse = [...setRules].map(([id, r]) => [id, r.severity, r.options] as [string, 1 | 2, unknown[]]);
    options.results!.store(root, cached.key, cached.stamps, { results, rulesInUse });
  }
  return results;
}

/**
 * `--cache-strategy content`: each file's stamp is its size and a hash of its bytes in place of
 * its modification time, so a file with new contents and an old time is still seen to change.
 */
function contentStamps(files: string[]): Map<string, { size: number; mtimeMs: number }> {
  const stamps = new Map<string, { size: number; mtimeMs: number }>();
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // stat'ed as usual, and missed: the file is gone
    }
    stamps.set(file, { size: bytes.length, mtimeMs: contentHash(bytes) });
  }
  return stamps;
}

/** 53 bits of two 32-bit FNV-1a style hashes of the bytes: a number, as a stamp's time is. */
function contentHash(bytes: Buffer): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
}

/** Whether two set-relative files ship in one batch (false when either batch is unknown). */
function sameBatch(batchOf: (file: string) => number | undefined, a: string | undefined, b: string): boolean {
  const batch = a === undefined ? undefined : batchOf(a);
  return batch !== undefined && batch === batchOf(b);
}

/** What the batches say about the files up to the last linted one, for the result cache's key. */
function batchSignature(files: string[], set: MigrationSet): string {
  const batches = set.batches!;
  return `${batches.source}:${files.map((f) => `${batches.batchOf(f) ?? ''}${batches.isPending(f) ? 'p' : ''}`).join(',')}`;
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
  const text = readText(result.filePath, false)?.text;
  // Gone since it was stat'ed a moment ago: the findings stand, without the text.
  if (text === undefined) return result;
  return { ...result, source: withoutBom(text) };
}

/**
 * Synchronous: many small files read one after another are far faster this way. A byte that is
 * not UTF-8 is a finding, not a U+FFFD to lint past (or to write back by --fix): decoding turns
 * such a byte into U+FFFD, so only a text holding U+FFFD or NUL is read again as bytes and checked
 * byte by byte (Node reads a file straight into a string twice as fast as into bytes).
 */
export function readText(file: string, required: boolean): { text: string; fault?: TextFault } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('\uFFFD') && !text.includes('\0')) return { text };
    return decodeSqlBytes(readFileSync(file));
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
  return templateDefaults(config, set.framework === 'flyway' ? ['flyway'] : []);
}

/**
 * The configured syntaxes, else the framework's; without a `templates.syntax` config, the others
 * are guessed in files that do not parse as written.
 */
function templateDefaults(config: FileConfig, syntax: TemplateSyntax[]): TemplateOptions {
  if (config.templates.syntax) return { syntax: config.templates.syntax, values: config.templates.values };
  return { syntax, values: config.templates.values, guess: (['go', 'flyway'] as const).filter((s) => !syntax.includes(s)) };
}

interface SetContext {
  schema: SchemaState;
  transactions: TransactionTracker;
  mode: TransactionMode;
  format: FileFormat;
  templates: TemplateOptions;
  down: boolean;
  /** A byte PostgreSQL rejects: the file gets that finding alone, and is never fixed. */
  fault?: TextFault;
}

function lintOne(
  text: string,
  filename: string,
  config: FileConfig,
  set: MigrationSet | undefined,
  options: LintRunOptions,
  context?: SetContext,
  rulesInUse = options.rulesInUse,
  fault = context?.fault,
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
      knownRuleIds: knownRuleIds(config.availableRules),
      settings: { postgresVersion: config.postgresVersion, transaction: context?.mode ?? config.transaction ?? 'none' },
      ...(set ? { migrationSet: set } : {}),
      ...(context ? { format: context.format, downSeverity } : {}),
      templates: context?.templates ?? templateDefaults(config, []),
      inlineConfig: !(options.noInlineConfig || config.noInlineConfig),
      reportUnusedDirectives: (options.reportUnusedDisableDirectives ?? config.reportUnusedDisableDirectives) as 0 | 1 | 2,
      ...(fault ? { textFault: fault } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
    });
  if (!options.fix || fault) return lint(text, true);

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
