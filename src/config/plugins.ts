/** Plugins: modules that export rules, loaded from a config's `plugins` and namespaced as `namespace/rule`. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Rule } from '../engine/types.js';
import { loadErrorReason } from './config-files.js';
import { whileWaitingFor } from '../pending-work.js';
import { ConfigError } from './config-error.js';

interface PluginModule {
  rules?: Record<string, Rule>;
  meta?: { namespace?: string; name?: string };
}

/** Loads a plugin (package name or path) and namespaces its rules as `namespace/rule`. */
export async function loadPlugin(spec: string, directory: string, configFile: string): Promise<Map<string, Rule>> {
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
