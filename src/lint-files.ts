/**
 * Lints files on disk (or one text from stdin): finds the files, resolves each file's config,
 * builds its migration set, and runs the engine. Returns results sorted by path.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { loadParser, parseSource } from './parser/index.js';
import { applyFixes } from './engine/fixes.js';
import { lintText, type EnabledRule } from './engine/linter.js';
import { applyDefaultOptions } from './engine/define-rule.js';
import type { LintResult, Severity } from './engine/types.js';
import type { ConfigLoader, FileConfig } from './config/load.js';
import { readMigrationSet, type MigrationSet } from './migrations/migration-set.js';
import { sortMigrationFiles } from './migrations/order.js';
import { parseMigrationVersion } from './migrations/versions.js';
import { SchemaState } from './analysis/schema-state.js';
import { TransactionTracker } from './analysis/transactions.js';
import { replayText } from './engine/replay.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface LintRunOptions {
  cwd: string;
  loader: ConfigLoader;
  /** Report errors only; warn-level rules are not run. */
  quiet?: boolean;
  /** Turn inline directives off (`--no-inline-config`). */
  noInlineConfig?: boolean;
  /** Override the config's reportUnusedDisableDirectives. */
  reportUnusedDisableDirectives?: Severity;
  errorOnUnmatchedPattern?: boolean;
  /** Apply rule fixes (in up to MAX_FIX_PASSES passes); results carry the fixed text as `output`. */
  fix?: boolean;
}

/** As ESLint: fixes that overlap wait for a later pass, up to this many passes. */
export const MAX_FIX_PASSES = 10;

/** Expands paths, folders and globs into a sorted list of absolute `.sql` paths. */
export async function findFiles(patterns: string[], cwd: string, errorOnUnmatched = true): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    const info = await stat(absolute).catch(() => undefined);
    let matches: string[];
    if (info?.isFile()) matches = [absolute];
    else if (info?.isDirectory()) {
      matches = await fg('**/*.sql', { cwd: absolute, absolute: true, caseSensitiveMatch: false, ignore: ['**/node_modules/**'] });
    } else {
      matches = await fg(pattern.split(path.sep).join('/'), { cwd, absolute: true, ignore: ['**/node_modules/**'], onlyFiles: true });
    }
    if (matches.length === 0 && errorOnUnmatched) {
      throw new UsageError(`No files matching the pattern "${pattern}" were found.`);
    }
    for (const match of matches) found.add(path.normalize(match));
  }
  return [...found].sort();
}

export function enabledRules(config: FileConfig, quiet: boolean): Map<string, EnabledRule> {
  const enabled = new Map<string, EnabledRule>();
  for (const [id, setting] of config.rules) {
    if (setting.severity === 0 || (quiet && setting.severity === 1)) continue;
    const rule = config.availableRules.get(id);
    if (!rule) continue;
    enabled.set(id, { rule, severity: setting.severity, options: applyDefaultOptions(rule.meta.defaultOptions, setting.options) });
  }
  return enabled;
}

export async function lintFiles(files: string[], options: LintRunOptions): Promise<LintResult[]> {
  await loadParser();
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    const directory = path.dirname(file);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  const results: LintResult[] = [];
  for (const [directory, requested] of byDirectory) {
    results.push(...(await lintDirectory(directory, requested, options)));
  }
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * Walks a folder's migrations in run order: earlier files are replayed into the schema state,
 * requested files are linted with the state history left them.
 */
async function lintDirectory(directory: string, requested: string[], options: LintRunOptions): Promise<LintResult[]> {
  const set = readMigrationSet(directory);
  const wanted = new Set(requested.map((f) => path.basename(f)));
  const order = sortMigrationFiles([...new Set([...set.files, ...wanted])]);
  const last = Math.max(...order.map((name, i) => (wanted.has(name) ? i : -1)));
  const schema = new SchemaState();
  const transactions = new TransactionTracker();
  const results: LintResult[] = [];
  for (const name of order.slice(0, last + 1)) {
    const file = path.join(directory, name);
    const isWanted = wanted.has(name);
    // Down migrations undo history; they never feed the state of later files.
    if (!isWanted && parseMigrationVersion(name)?.direction === 'down') continue;
    const config = await options.loader.forFile(file);
    if (config.ignored && isWanted) continue;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (!isWanted) continue;
      throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (isWanted) results.push(lintOne(text, file, config, set, options, schema, transactions));
    else replayText(text, schema, transactions, config.transaction);
  }
  return results;
}

/** Lints text that is not on disk (an editor buffer); the name decides config and folder. */
export async function lintStdin(text: string, filename: string | undefined, options: LintRunOptions): Promise<LintResult[]> {
  await loadParser();
  const file = filename ? path.resolve(options.cwd, filename) : undefined;
  const config = await options.loader.forFile(file ?? path.join(options.cwd, '<text>'));
  if (file && config.ignored) return [];
  const set = file ? readMigrationSet(path.dirname(file)) : undefined;
  return [lintOne(text, file ?? '<text>', config, set, options)];
}

function lintOne(
  text: string,
  filename: string,
  config: FileConfig,
  set: MigrationSet | undefined,
  options: LintRunOptions,
  schema = new SchemaState(),
  transactions = new TransactionTracker(),
): LintResult {
  const lint = (source: string, commit: boolean): LintResult =>
    lintText(source, {
      // Fix passes lint copies of the state; only the final lint moves history forward.
      schema: commit ? schema : schema.clone(),
      transactions: commit ? transactions : transactions.clone(),
      filename,
      rules: enabledRules(config, options.quiet ?? false),
      knownRuleIds: new Set(config.availableRules.keys()),
      settings: { postgresVersion: config.postgresVersion, transaction: config.transaction },
      ...(set ? { migrationSet: set } : {}),
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
