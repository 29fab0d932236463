/**
 * Lints an editor buffer as if it were saved at its path, through the CLI's own lintBuffer: the
 * config that applies to the path, the migration set the file belongs to (for cross-file rules),
 * and the schema state the earlier migrations of that set build. One ConfigLoader is kept per
 * workspace folder (or per file folder outside any workspace), so configs are searched and
 * validated once rather than on every keystroke.
 */
import path from 'node:path';
import { ConfigLoader } from '../config/load.js';
import type { LintResult, Rule } from '../engine/types.js';
import { lintBuffer, transactionMode } from '../lint/lint-files.js';
import { readMigrationSet, setRootOf } from '../migrations/migration-set.js';
import type { TransactionMode } from '../migrations/frameworks.js';
import { loadBuiltinRules } from '../rules-registry.js';
import { ReplayCache } from '../lint/replay-cache.js';
import { BatchFinder } from '../migrations/batches.js';

export interface BufferLint {
  result: LintResult;
  /** Every rule that exists for the file (built-in and plugin rules), for docs links. */
  rules: ReadonlyMap<string, Rule>;
}

export class BufferLinter {
  private readonly loaders = new Map<string, ConfigLoader>();
  /** The state each migration set's history builds, so a keystroke does not replay it again. */
  private readonly history = new ReplayCache();

  /** `workspaceRoots` are absolute folder paths; without any, a file's own folder is its root. */
  constructor(private readonly workspaceRoots: () => readonly string[] = () => []) {}

  /** Lints `text` as the file at absolute path `file`; undefined when the config ignores it. Throws ConfigError. */
  async lint(file: string, text: string): Promise<BufferLint | undefined> {
    const cwd = this.rootOf(file);
    const loader = await this.loaderFor(cwd);
    const config = await loader.forFile(file);
    if (config.ignored) return undefined;
    // A new finder each time: what is committed or pending changes while the editor is open.
    const [result] = await lintBuffer(text, file, { cwd, loader, cache: this.history, batches: new BatchFinder() });
    return result ? { result, rules: config.availableRules } : undefined;
  }

  /** The PostgreSQL major version the config sets for the file (lock hovers depend on it). */
  async postgresVersion(file: string): Promise<number> {
    return (await (await this.loaderFor(this.rootOf(file))).forFile(file)).postgresVersion;
  }

  /** How the file's runner wraps it in a transaction (the config's, else its framework's). */
  async transactionMode(file: string): Promise<TransactionMode> {
    const config = await (await this.loaderFor(this.rootOf(file))).forFile(file);
    return transactionMode(config, readMigrationSet(setRootOf(file), config.framework), file);
  }

  /** Drops cached configs (a config file changed). */
  resetConfig(): void {
    this.loaders.clear();
  }

  private async loaderFor(cwd: string): Promise<ConfigLoader> {
    let loader = this.loaders.get(cwd);
    if (!loader) {
      loader = new ConfigLoader({ cwd, builtinRules: await loadBuiltinRules() });
      // Another lint may have made one while the rules loaded.
      loader = this.loaders.get(cwd) ?? loader;
      this.loaders.set(cwd, loader);
    }
    return loader;
  }

  private rootOf(file: string): string {
    let best: string | undefined;
    for (const root of this.workspaceRoots()) {
      const relative = path.relative(root, file);
      const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      if (inside && (!best || root.length > best.length)) best = root;
    }
    return best ?? path.dirname(file);
  }
}
