/**
 * Finds, validates and resolves configuration. A config applies to the files below its folder;
 * the nearest one wins (`--config` names one for every file). Every problem is a ConfigError
 * naming the file and the key, raised before any file is linted.
 */
import type { PublicExplorer } from 'cosmiconfig';
import { readdirSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Rule, Severity, TransactionMode } from '../engine/types.js';
import { BUILTIN_DOWN_RULES, CONFIG_KEYS, OVERRIDE_KEYS, configSchema, DEFAULT_POSTGRES_VERSION, presetIncludes, type ConfigFile, type Preset } from './schema.js';
import type { FrameworkId } from '../migrations/frameworks.js';
import { toSeverity } from './severity.js';
import { configLoaders, loadErrorReason, unusableConfig } from './config-files.js';
import { whileWaitingFor } from '../pending-work.js';


export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause: unknown },
  ) {
    super(`invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

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

const MODULE = 'migration-lint';
// cosmiconfig 9 loads .ts configs through the typescript package, which users may not have.
const SEARCH_PLACES = [
  'package.json',
  `.${MODULE}rc`,
  `.${MODULE}rc.json`,
  `.${MODULE}rc.yaml`,
  `.${MODULE}rc.yml`,
  `.${MODULE}rc.js`,
  `.${MODULE}rc.cjs`,
  `.${MODULE}rc.mjs`,
  `.config/${MODULE}rc`,
  `.config/${MODULE}rc.json`,
  `.config/${MODULE}rc.yaml`,
  `.config/${MODULE}rc.yml`,
  `.config/${MODULE}rc.js`,
  `.config/${MODULE}rc.cjs`,
  `.config/${MODULE}rc.mjs`,
  `${MODULE}.config.js`,
  `${MODULE}.config.cjs`,
  `${MODULE}.config.mjs`,
];

// ajv is loaded on first use: most runs have no config file and no rule options to check.
type AjvInstance = { compile(schema: object): ValidateFunction };
let ajvInstance: AjvInstance | undefined;
let configShapeValidator: ValidateFunction | undefined;
function ajv(): AjvInstance {
  if (!ajvInstance) {
    const module = createRequire(import.meta.url)('ajv') as { default: new (options: object) => AjvInstance };
    ajvInstance = new module.default({ allErrors: true, strict: false });
  }
  return ajvInstance;
}
// picomatch too: only configs with overrides or ignores have globs to match.
let picomatchModule: typeof import('picomatch') | undefined;
function picomatch(): typeof import('picomatch') {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
  return picomatchModule;
}
function validateConfigShape(data: unknown): ValidateFunction {
  configShapeValidator ??= ajv().compile(configSchema);
  configShapeValidator(data);
  return configShapeValidator;
}

/** First path segments of the search places: a folder without any of them holds no config. */
export const CONFIG_CANDIDATES: ReadonlySet<string> = new Set(SEARCH_PLACES.map((place) => place.split('/')[0]!));

/**
 * What a walk of the file tree has already seen: the folders it listed, and which of them hold
 * a config candidate, so that the config search lists no folder a second time (a folder of
 * Prisma migrations is hundreds of folders).
 */
export class ListedFolders {
  private readonly listed = new Set<string>();
  private readonly withCandidates = new Set<string>();

  noteListed(directory: string): void {
    this.listed.add(directory);
  }

  noteEntry(directory: string, name: string): void {
    if (CONFIG_CANDIDATES.has(name)) this.withCandidates.add(directory);
  }

  /** Whether a folder may hold a config; undefined when the walk did not list it. */
  mayHoldConfig(directory: string): boolean | undefined {
    return this.listed.has(directory) ? this.withCandidates.has(directory) : undefined;
  }
}

export class ConfigLoader {
  private explorerPromise: Promise<PublicExplorer> | undefined;
  private readonly byDirectory = new Map<string, Promise<LoadedConfig>>();
  private readonly sharedConfigs = new WeakMap<LoadedConfig, FileConfig>();
  private explicit: Promise<LoadedConfig> | undefined;
  private readonly checked = new WeakSet<LoadedConfig>();

  constructor(private readonly options: ConfigLoaderOptions) {}

  /** cosmiconfig, loaded the first time a folder may hold a config. */
  private explorer(): Promise<PublicExplorer> {
    this.explorerPromise ??= import('cosmiconfig').then(({ cosmiconfig, defaultLoaders }) =>
      cosmiconfig(MODULE, { searchPlaces: SEARCH_PLACES, searchStrategy: 'none', ignoreEmptySearchPlaces: false, loaders: configLoaders(defaultLoaders) }),
    );
    return this.explorerPromise;
  }

  /** The config that governs a folder (the nearest one above it, or the defaults). */
  forDirectory(directory: string): Promise<LoadedConfig> {
    if (this.options.configFile) {
      this.explicit ??= this.loadFile(path.resolve(this.options.cwd, this.options.configFile));
      return this.explicit;
    }
    const known = this.byDirectory.get(directory);
    if (known) return known;
    const dir = path.resolve(directory);
    let found = this.byDirectory.get(dir);
    if (!found) {
      found = this.search(dir);
      this.byDirectory.set(dir, found);
    }
    this.byDirectory.set(directory, found);
    return found;
  }

  async forFile(filePath: string): Promise<FileConfig> {
    // Callers mostly pass resolved paths already (thousands per run): resolve only when needed.
    const absolute = path.isAbsolute(filePath) ? filePath : path.resolve(this.options.cwd, filePath);
    const loaded = await this.forDirectory(path.dirname(absolute));
    this.checkCliRules(loaded);
    // Without globs (overrides, ignores) a config resolves the same for every file it governs:
    // one object for them all, which also lets callers memoise per config.
    if (!dependsOnPath(loaded.data) && !absolute.split(path.sep).includes('node_modules')) {
      let shared = this.sharedConfigs.get(loaded);
      if (!shared) {
        shared = resolveFileConfig(loaded, absolute, this.options);
        this.sharedConfigs.set(loaded, shared);
      }
      return shared;
    }
    return resolveFileConfig(loaded, absolute, this.options);
  }

  /** A plugin rule set with --rule must exist in the config that applies (built-in ids are checked as arguments are read). */
  private checkCliRules(loaded: LoadedConfig): void {
    if (this.checked.has(loaded)) return;
    this.checked.add(loaded);
    for (const id of this.options.cliRules?.keys() ?? []) {
      if (loaded.rules.has(id)) continue;
      const where = loaded.filepath ? `the plugins of ${loaded.filepath}` : 'any plugin (no config file applies, so no plugin is loaded)';
      throw new ConfigError(loaded.filepath ?? this.options.cwd, [`--rule "${id}": unknown rule; it is not in ${where}`]);
    }
  }

  private async search(dir: string): Promise<LoadedConfig> {
    let result;
    // One directory listing instead of an attempt at each of the search places (most folders,
    // such as one Prisma migration each, hold none of them).
    if (this.options.listedFolders?.mayHoldConfig(dir) ?? mayHoldConfig(dir)) {
      try {
        result = await (await this.explorer()).search(dir);
      } catch (error) {
        throw loadFailure(error, dir);
      }
    }
    if (result && !result.isEmpty) return this.validate(result.filepath, result.config);
    // cosmiconfig passes over an empty file, `null`, a folder or an unreadable file: never silently.
    for (const file of result ? [result.filepath] : SEARCH_PLACES.map((place) => path.join(dir, place))) {
      const problem = unusableConfig(file);
      if (problem) throw new ConfigError(file, [problem]);
    }
    const parent = path.dirname(dir);
    if (parent !== dir) return this.forDirectory(parent);
    return { filepath: undefined, directory: this.options.cwd, data: {}, rules: this.options.builtinRules };
  }

  private async loadFile(file: string): Promise<LoadedConfig> {
    let result;
    try {
      result = await (await this.explorer()).load(file);
    } catch (error) {
      throw loadFailure(error, file);
    }
    if (!result || result.isEmpty) throw new ConfigError(file, [unusableConfig(file) ?? 'holds no configuration']);
    return this.validate(file, result.config);
  }

  private async validate(file: string, data: unknown): Promise<LoadedConfig> {
    try {
      return await this.validateShape(file, data);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      // A getter of the config's own that throws, say.
      throw new ConfigError(file, [`reading the configuration failed: ${loadErrorReason(error)}`], { cause: error });
    }
  }

  private async validateShape(file: string, data: unknown): Promise<LoadedConfig> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new ConfigError(file, ['the configuration must be an object, e.g. { "rules": { … } }']);
    }
    // Rule entries get their own, more specific messages from checkRules below.
    const shapeErrors = (validateConfigShape(data).errors ?? []).filter((e) => !/^\/(overrides\/\d+\/)?rules\/./.test(e.instancePath));
    if (shapeErrors.length) throw new ConfigError(file, describe(shapeErrors));
    const config = data as ConfigFile;
    const directory = path.dirname(file);
    const rules = new Map(this.options.builtinRules);
    for (const spec of config.plugins ?? []) {
      for (const [id, rule] of await loadPlugin(spec, directory, file)) rules.set(id, rule);
    }
    const problems = [
      ...checkRules(config.rules, 'rules', rules),
      ...(config.overrides ?? []).flatMap((o, i) => checkRules(o.rules, `overrides[${i}].rules`, rules)),
      ...checkRules(config.down?.rules, 'down.rules', rules),
    ];
    if (problems.length) throw new ConfigError(file, problems);
    return { filepath: file, directory, data: config, rules };
  }
}

function mayHoldConfig(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => CONFIG_CANDIDATES.has(name));
  } catch {
    return false;
  }
}

function loadFailure(error: unknown, where: string): ConfigError {
  const file = (error as { filepath?: string }).filepath ?? where;
  return new ConfigError(file, [`could not be read: ${loadErrorReason(error)}`], { cause: error });
}

/** Turns ajv's errors into "key: what was expected" lines. */
function describe(errors: ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    const at = keyPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = at === '' ? CONFIG_KEYS.join(', ') : at === 'down' ? 'rules' : OVERRIDE_KEYS.join(', ');
      lines.add(`unknown key "${at ? `${at}.` : ''}${key}"; expected one of: ${allowed}`);
    } else if (error.keyword === 'enum') {
      lines.add(`"${at}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
    } else if (error.keyword === 'anyOf' || error.keyword === 'if') {
      continue;
    } else {
      lines.add(`"${at || '(top level)'}" ${error.message ?? 'is invalid'}`);
    }
  }
  if (lines.size === 0) for (const e of errors) lines.add(`"${keyPath(e.instancePath)}" ${e.message ?? 'is invalid'}`);
  return [...lines];
}

function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i ? '.' : ''}${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}

const optionValidators = new WeakMap<Rule, ValidateFunction>();

function checkRules(entries: Record<string, unknown> | undefined, at: string, rules: ReadonlyMap<string, Rule>): string[] {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(entries ?? {})) {
    const problem = checkRuleEntry(id, entry, rules);
    if (problem) problems.push(`"${at}.${id}": ${problem}`);
  }
  return problems;
}

/** Validates one `id: severity | [severity, ...options]` entry; returns what is wrong, if anything. */
export function checkRuleEntry(id: string, entry: unknown, rules: ReadonlyMap<string, Rule>): string | undefined {
  const rule = rules.get(id);
  if (!rule) {
    const close = closestId(id, [...rules.keys()]);
    return `unknown rule "${id}"${close ? `; did you mean "${close}"?` : ''} (run migration-lint --list-rules)`;
  }
  const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
  if (toSeverity(severity) === undefined) return `severity ${JSON.stringify(severity)} is not one of "off", "warn", "error" (or 0, 1, 2)`;
  if (options.length > rule.meta.schema.length) {
    return rule.meta.schema.length === 0 ? 'this rule takes no options' : `this rule takes at most ${rule.meta.schema.length} option(s)`;
  }
  if (options.length === 0) return undefined;
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = ajv().compile({ type: 'array', items: rule.meta.schema, additionalItems: false });
    optionValidators.set(rule, validate);
  }
  if (!validate(options)) {
    return `invalid options: ${(validate.errors ?? []).map(describeOptionError).join('; ')}`;
  }
  return undefined;
}

function describeOptionError(error: ErrorObject): string {
  const at = keyPath(error.instancePath) || 'options';
  if (error.keyword === 'additionalProperties') return `${at} has an unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return `${at} ${error.message}`;
}

export function toRuleSetting(entry: unknown, previous: RuleSetting | undefined): RuleSetting {
  const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
  // A bare severity keeps the options set earlier, as in ESLint.
  return { severity: toSeverity(severity)!, options: Array.isArray(entry) ? options : previous?.options ?? [] };
}

function closestId(id: string, ids: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(id.length / 3)) + 1;
  for (const candidate of ids) {
    const distance = levenshtein(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

interface PluginModule {
  rules?: Record<string, Rule>;
  meta?: { namespace?: string; name?: string };
}

/** Loads a plugin (package name or path) and namespaces its rules as `namespace/rule`. */
async function loadPlugin(spec: string, directory: string, configFile: string): Promise<Map<string, Rule>> {
  let module: PluginModule;
  try {
    const resolved = spec.startsWith('.') || path.isAbsolute(spec) ? path.resolve(directory, spec) : createRequire(configFile).resolve(spec);
    const imported = (await whileWaitingFor(`the plugin ${resolved}`, () => import(pathToFileURL(resolved).href))) as PluginModule & { default?: PluginModule };
    module = imported.rules ? imported : imported.default ?? imported;
  } catch (error) {
    throw new ConfigError(configFile, [`"plugins": cannot load plugin "${spec}": ${loadErrorReason(error)}`], { cause: error });
  }
  let exported: Record<string, Rule> | undefined;
  let namespace: string;
  try {
    exported = module.rules;
    namespace = module.meta?.namespace ?? pluginNamespace(spec);
  } catch (error) {
    throw new ConfigError(configFile, [`"plugins": reading plugin "${spec}" failed: ${loadErrorReason(error)}`], { cause: error });
  }
  if (!exported || typeof exported !== 'object') {
    throw new ConfigError(configFile, [`"plugins": plugin "${spec}" exports no "rules" object`]);
  }
  const rules = new Map<string, Rule>();
  for (const [name, rule] of Object.entries(exported)) {
    if (!rule || typeof rule.create !== 'function' || !rule.meta?.messages) {
      throw new ConfigError(configFile, [`"plugins": rule "${name}" of plugin "${spec}" is not a rule (use defineRule)`]);
    }
    rules.set(`${namespace}/${name}`, rule);
  }
  return rules;
}

/** `migration-lint-plugin-acme` → `acme`; `@acme/migration-lint-plugin` → `@acme`; `./rules/team.js` → `team`. */
export function pluginNamespace(spec: string): string {
  if (spec.startsWith('.') || path.isAbsolute(spec)) return path.basename(spec).replace(/\.[cm]?js$/, '');
  const scoped = /^(@[^/]+)\/migration-lint-plugin$/.exec(spec);
  if (scoped) return scoped[1]!;
  return spec.replace(/^(@[^/]+\/)?migration-lint-plugin-/, '$1');
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
function dependsOnPath(data: ConfigFile): boolean {
  return (data.overrides?.length ?? 0) > 0 || data.ignores !== undefined;
}

function resolveFileConfig(loaded: LoadedConfig, file: string, options: ConfigLoaderOptions): FileConfig {
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
