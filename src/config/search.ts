/**
 * Where config files are looked for: the names cosmiconfig searches in each folder, and the folders
 * the file walk already listed, so that the search does not list them again.
 */
import { readdirSync } from 'node:fs';

export const MODULE = 'migration-lint';

// cosmiconfig 9 loads .ts configs through the typescript package, which users may not have.
export const SEARCH_PLACES = [
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

export function mayHoldConfig(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => CONFIG_CANDIDATES.has(name));
  } catch {
    return false;
  }
}
