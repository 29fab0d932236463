/**
 * Resolution: what applies to one file once a loaded config's presets, rules, overrides, ignores,
 * `down` rules and the command line's settings are merged, as a FileConfig.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Rule, Severity, TransactionMode } from '../engine/types.js';
import { BUILTIN_DOWN_RULES, DEFAULT_POSTGRES_VERSION, presetIncludes, type ConfigFile, type Preset } from './schema.js';
import type { FrameworkId } from '../migrations/frameworks.js';
import { toSeverity } from './severity.js';
import type { ListedFolders } from './search.js';

export interface RuleSetting {
  severity: Severity;
  /** Options as the user gave them (defaults are applied by the engine). */
  options: unknown[];
}

/** What applies to one file once every config layer is merged. */
export interface FileConfig {
  /** The config file that applies, if any. */
  configFile: string | undefined;
  ignored: boolean;
  rules: Map<string, RuleSetting>;
  /** Every rule that exists for this file: built-in and plugin rules. */
  availableRules: ReadonlyMap<string, Rule>;
  postgresVersion: number;
  /** Set by config; undefined means "the framework's default". */
  transaction: TransactionMode | undefined;
  framework: FrameworkId | undefined;
  baseline: string | undefined;
  /** How deploy batches are found (`git`, the default, or `file`); see src/migrations/batches.ts. */
  batches: 'git' | 'file' | undefined;
  /** Rules for down migrations: `rules` with the built-in and configured `down` rules over them. */
  downRules: Map<string, RuleSetting>;
  /** Template syntaxes (undefined: the framework's default) and placeholder values. */
  templates: { syntax: ('flyway' | 'go')[] | undefined; values: Record<string, string> };
  reportUnusedDisableDirectives: Severity;
  noInlineConfig: boolean;
}

export interface LoadedConfig {
  filepath: string | undefined;
  directory: string;
  data: ConfigFile;
  rules: ReadonlyMap<string, Rule>;
}

export interface ConfigLoaderOptions {
  cwd: string;
  /** Folders the file walk listed already (filled during the walk, before configs are searched). */
  listedFolders?: ListedFolders;
  /** `--config`: use this file for every linted file instead of searching. */
  configFile?: string;
  builtinRules: ReadonlyMap<string, Rule>;
  /** `--rule` settings, applied over every config. */
  cliRules?: Map<string, RuleSetting>;
  /** `--pg-version`, over every config. */
  postgresVersion?: number;
}

// picomatch too: only configs with overrides or ignores have globs to match.
let picomatchModule: typeof import('picomatch') | undefined;

function picomatch(): typeof import('picomatch') {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
  return picomatchModule;
}

export function toRuleSetting(entry: unknown, previous: RuleSetting | undefined): RuleSetting {
  const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
  // A bare severity keeps the options set earlier, as in ESLint.
  return { severity: toSeverity(severity)!, options: Array.isArray(entry) ? options : previous?.options ?? [] };
}

const matchers = new Map<string, (relative: string) => boolean>();

/**
 * Globs are relative to the config's folder; a glob without a slash matches the file name
 * anywhere. Compiled once per list: every linted file asks.
 */
function globMatcher(globs: string | string[]): (relative: string) => boolean {
  const list = [globs].flat();
  const key = JSON.stringify(list);
  let matcher = matchers.get(key);
  if (!matcher) {
    const compile = (patterns: string[]): ((p: string) => boolean) => (patterns.length ? picomatch()(patterns, { dot: true }) : () => false);
    const byPath = compile(list.filter((g) => g.includes('/')));
    const byName = compile(list.filter((g) => !g.includes('/')));
    matcher = (relative) => byPath(relative) || byName(path.posix.basename(relative));
    matchers.set(key, matcher);
  }
  return matcher;
}

/** Whether the resolved config can differ between files: overrides and ignores match paths (node_modules is checked apart). */
export function dependsOnPath(data: ConfigFile): boolean {
  return (data.overrides?.length ?? 0) > 0 || data.ignores !== undefined;
}

export function resolveFileConfig(loaded: LoadedConfig, file: string, options: ConfigLoaderOptions): FileConfig {
  const data = loaded.data;
  const relative = path.relative(loaded.directory, file).split(path.sep).join('/');
  const matches = (globs: string | string[] | undefined): boolean => globs !== undefined && globMatcher(globs)(relative);

  const rules = new Map<string, RuleSetting>();
  const presets: Preset[] = data.extends === undefined ? ['recommended'] : [data.extends].flat();
  for (const [id, rule] of options.builtinRules) {
    if (presets.some((preset) => presetIncludes(preset, rule.meta.docs.recommended))) rules.set(id, { severity: 2, options: [] });
  }
  const apply = (entries: Record<string, unknown> | undefined): void => {
    for (const [id, entry] of Object.entries(entries ?? {})) rules.set(id, toRuleSetting(entry, rules.get(id)));
  };
  apply(data.rules);
  let postgresVersion = data.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
  let transaction = data.transaction;
  let framework = data.framework;
  for (const override of data.overrides ?? []) {
    if (!matches(override.files) || matches(override.excludedFiles)) continue;
    apply(override.rules);
    postgresVersion = override.postgresVersion ?? postgresVersion;
    transaction = override.transaction ?? transaction;
    framework = override.framework ?? framework;
  }
  for (const [id, setting] of options.cliRules ?? []) rules.set(id, setting);
  const downRules = new Map(rules);
  for (const [id, entry] of Object.entries({ ...BUILTIN_DOWN_RULES, ...data.down?.rules })) {
    if (downRules.has(id) || entry !== 'off') downRules.set(id, toRuleSetting(entry, downRules.get(id)));
  }

  return {
    configFile: loaded.filepath,
    ignored: relative.split('/').includes('node_modules') || matches(data.ignores),
    rules,
    availableRules: loaded.rules,
    postgresVersion: options.postgresVersion ?? postgresVersion,
    transaction,
    framework,
    baseline: data.baseline,
    batches: data.batches,
    downRules,
    templates: { syntax: data.templates?.syntax, values: data.templates?.values ?? {} },
    reportUnusedDisableDirectives: toSeverity(data.reportUnusedDisableDirectives ?? 0) ?? 0,
    noInlineConfig: data.noInlineConfig ?? false,
  };
}
