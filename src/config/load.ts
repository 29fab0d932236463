/**
 * The ConfigLoader: finds the config that applies to a file (search.ts; a config applies to the
 * files below its folder, the nearest one wins, `--config` names one for every file), reads it
 * (config-files.ts), validates it whole (validate.ts), loads its plugins (plugins.ts), and
 * resolves what applies to each file (resolve.ts). Every problem is a ConfigError naming the file
 * and the key, raised before any file is linted.
 */
import type { PublicExplorer } from 'cosmiconfig';
import path from 'node:path';
import type { ConfigFile } from './schema.js';
import { configLoaders, loadErrorReason, unusableConfig } from './config-files.js';
import { ConfigError } from './config-error.js';
import { loadPlugin } from './plugins.js';
import { type ConfigLoaderOptions, type FileConfig, type LoadedConfig, dependsOnPath, resolveFileConfig } from './resolve.js';
import { MODULE, SEARCH_PLACES, mayHoldConfig } from './search.js';
import { checkRules, describe, validateConfigShape } from './validate.js';

// Split out of this module; re-exported so that importers keep working.
export { ConfigError } from './config-error.js';
export { CONFIG_CANDIDATES, ListedFolders } from './search.js';
export { checkRuleEntry } from './validate.js';
export { pluginNamespace } from './plugins.js';
export { toRuleSetting } from './resolve.js';
export type { RuleSetting, FileConfig, LoadedConfig, ConfigLoaderOptions } from './resolve.js';

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
    const mayHold = this.options.listedFolders?.mayHoldConfig(dir) ?? mayHoldConfig(dir);
    if (mayHold) {
      try {
        result = await (await this.explorer()).search(dir);
      } catch (error) {
        throw loadFailure(error, dir);
      }
    }
    if (result && !result.isEmpty) return this.validate(result.filepath, result.config);
    // cosmiconfig passes over an empty file, `null`, a folder or an unreadable file: never silently.
    // A folder whose listing has none of the search places' names has nothing to pass over.
    for (const file of result ? [result.filepath] : mayHold ? SEARCH_PLACES.map((place) => path.join(dir, place)) : []) {
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

function loadFailure(error: unknown, where: string): ConfigError {
  const file = (error as { filepath?: string }).filepath ?? where;
  return new ConfigError(file, [`could not be read: ${loadErrorReason(error)}`], { cause: error });
}
