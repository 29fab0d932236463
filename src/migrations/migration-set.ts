/**
 * A migration set: one folder of migrations that a runner applies in order, with its framework.
 * Rules that look across files (numbering, journals) read it from here instead of touching the
 * disk themselves.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FRAMEWORKS, isDownFile, type FrameworkId } from './frameworks.js';
import { compareVersions, dieselVersion, isRepeatableFlyway, parseMigrationVersion, type MigrationVersion } from './versions.js';

export interface MigrationEntry {
  /** The name that carries the version: the file name, or the folder name in folder layouts. */
  name: string;
  /** The SQL file relative to the set folder, POSIX (`0001_x.sql`, `2024…_init/migration.sql`); undefined when missing. */
  file: string | undefined;
  version: MigrationVersion | undefined;
  down: boolean;
  repeatable: boolean;
}

export interface DrizzleJournal {
  /** `when`: the entry's creation time in ms; drizzle's migrator skips an entry not later than the last one applied. */
  entries: { idx: number; tag: string; when?: number }[];
}


export interface MigrationBatches {
  /** How the batches were found. */
  source: 'git' | 'since' | 'file';
  /**
   * Ordinal of the batch a migration (MigrationEntry.file, relative to the set) first arrived in:
   * files of one batch share it; a greater number arrived later; the pending batch
   * (uncommitted/untracked, or changed since --since) has the greatest. undefined when unknown
   * (source 'file').
   */
  batchOf(file: string): number | undefined;
  /**
   * Whether the migration belongs to the pending batch (not yet applied anywhere). With source
   * 'file': only the file being linted counts as new.
   */
  isPending(file: string): boolean;
  /** With source 'file': why batches could not be found (no git, shallow clone); absent when the config opted out. */
  reason?: string;
}

export interface MigrationSet {
  /** Absolute folder path. */
  directory: string;
  framework: FrameworkId;
  /** Every migration, in the order the runner applies them (down files last). */
  migrations: MigrationEntry[];
  /** drizzle-kit's `meta/_journal.json`, or why it could not be read. */
  journal?: DrizzleJournal | { error: string };
  /** Size and modification time of the files that reading the folder had to stat (absolute paths). */
  stats?: ReadonlyMap<string, FileStat>;
  /** Which migrations ship together (deploy batches); see src/migrations/batches.ts. */
  batches?: MigrationBatches;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
}

const PRISMA_LOCK = 'migration_lock.toml';

/**
 * The set folder a migration file belongs to: its own folder, or its folder's parent for
 * layouts with one folder per migration (Prisma, Diesel).
 */
export function setRootOf(file: string): string {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const parent = path.dirname(dir);
  if (name === 'migration.sql' && (/^\d/.test(path.basename(dir)) || existsSync(path.join(parent, PRISMA_LOCK)))) return parent;
  if ((name === 'up.sql' || name === 'down.sql') && /^\d/.test(path.basename(dir))) return parent;
  return dir;
}

/** Reads a set folder from disk; a folder that cannot be read gives an empty set. */
export function readMigrationSet(directory: string, framework?: FrameworkId): MigrationSet {
  const root = path.resolve(directory);
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    entries = [];
  }
  const files = entries.filter((e) => e.isFile() && /\.sql$/i.test(e.name)).map((e) => e.name);
  const folders = entries.filter((e) => e.isDirectory() && /^\d/.test(e.name)).map((e) => e.name);
  const stats = new Map<string, FileStat>();
  const candidates = folderCandidates(root, framework);
  const folderFiles = new Map(folders.map((f) => [f, candidates.length ? probeFolder(childPath(root, f), candidates, stats) : []]));
  const hasJournal = existsSync(path.join(root, 'meta', '_journal.json'));
  const detected = framework ?? detectFramework(root, files, folderFiles, hasJournal);
  const journal = detected === 'drizzle' ? readJournal(path.join(root, 'meta', '_journal.json')) : undefined;
  return { ...describeMigrationSet(root, detected, files, folderFiles, journal), stats };
}

/** The SQL file names a migration folder may hold, for the given or still unknown framework. */
/** `path.join` for a normalised folder and a clean relative path, without join's normalising (hundreds of calls per run). */
function childPath(dir: string, relative: string): string {
  const native = path.sep === '/' ? relative : relative.split('/').join(path.sep);
  return dir.endsWith(path.sep) ? dir + native : dir + path.sep + native;
}

/** The absolute path of a migration's SQL file (`MigrationEntry.file`, relative to the set). */
export function migrationPath(set: MigrationSet, file: string): string {
  return childPath(set.directory, file);
}

function folderCandidates(root: string, framework: FrameworkId | undefined): readonly string[] {
  if (framework) return FRAMEWORKS[framework].folderFiles ?? [];
  if (existsSync(path.join(root, PRISMA_LOCK))) return FRAMEWORKS.prisma.folderFiles!;
  return [...new Set(Object.values(FRAMEWORKS).flatMap((f) => f.folderFiles ?? []))];
}

/**
 * Which of `names` exist in a migration folder: one stat per name, much cheaper than listing
 * each of a Prisma project's hundreds of folders, and the stats serve the replay cache too.
 */
function probeFolder(dir: string, names: readonly string[], stats: Map<string, FileStat>): string[] {
  const present: string[] = [];
  for (const name of names) {
    const file = childPath(dir, name);
    let info: import('node:fs').Stats;
    try {
      // Without an options object: Node's statSync is twice as fast then, and misses are rare.
      info = statSync(file);
    } catch {
      continue;
    }
    if (!info.isFile()) continue;
    present.push(name);
    stats.set(file, { size: info.size, mtimeMs: info.mtimeMs });
  }
  return present;
}

export function detectFramework(root: string, files: string[], folderFiles: Map<string, string[]>, hasJournal: boolean): FrameworkId {
  if (hasJournal) return 'drizzle';
  const folders = [...folderFiles.values()];
  if (existsSync(path.join(root, PRISMA_LOCK)) || folders.some((f) => f.includes('migration.sql'))) return 'prisma';
  if (folders.some((f) => f.includes('up.sql'))) return 'diesel';
  if (files.some((f) => /^(V\d+(?:[._]\d+)*|R)__/.test(f))) return 'flyway';
  if (files.some((f) => /^\d{20}_.*\.(up|down)\.sql$/i.test(f))) return 'popx';
  if (files.some((f) => /^\d+_.*\.(up|down)\.sql$/i.test(f))) return 'golang-migrate';
  const sample = files.slice(0, 3).map((f) => head(path.join(root, f)));
  if (sample.some((text) => /^--\s*\+goose\s+up\b/im.test(text))) return 'goose';
  if (sample.some((text) => /^--\s*migrate:up\b/im.test(text))) return 'dbmate';
  if (/(^|[\\/])supabase[\\/]migrations$/.test(root)) return 'supabase';
  return 'plain';
}

function head(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return '';
  }
}

/** Builds a set, in run order, from file and folder names (no disk access). */
export function describeMigrationSet(
  directory: string,
  framework: FrameworkId,
  files: readonly string[],
  folderFiles: ReadonlyMap<string, readonly string[]> = new Map(),
  journal?: MigrationSet['journal'],
): MigrationSet {
  const layout = FRAMEWORKS[framework];
  const migrations: MigrationEntry[] = [];
  if (layout.layout === 'folders') {
    for (const [folder, inside] of folderFiles) {
      const present = (layout.folderFiles ?? []).filter((f) => inside.includes(f));
      if (present.length === 0) migrations.push(migrationEntry(framework, folder, undefined));
      for (const file of present) migrations.push(migrationEntry(framework, folder, `${folder}/${file}`));
    }
  } else {
    for (const file of framework === 'popx' ? postgresVariants(files) : files) migrations.push(migrationEntry(framework, file, file));
  }
  const set: MigrationSet = { directory: path.resolve(directory), framework, migrations, ...(journal ? { journal } : {}) };
  set.migrations = orderMigrations(set);
  return set;
}

/**
 * Whether a file of the set's folder that is not among its migrations was left out on purpose:
 * a popx file for another database, or the dialect-neutral file a `.postgres.` variant replaces.
 * Such a file never runs on PostgreSQL; one that is missing for any other reason (an editor
 * buffer not yet saved) is a migration being written.
 */
export function leftOutOfSet(set: MigrationSet, fileName: string): boolean {
  if (set.framework !== 'popx') return false;
  const dialect = POPX_DIALECT.exec(fileName);
  if (dialect) return dialect[1]!.toLowerCase() !== 'postgres';
  const variant = fileName.replace(/(\.(autocommit\.)?(up|down)\.sql)$/i, '.postgres$1');
  return set.migrations.some((m) => m.name === variant);
}

const POPX_DIALECT = /\.(postgres|cockroach|mysql|sqlite3?)(?=\.(autocommit\.)?(up|down)\.sql$)/i;

/**
 * popx runs, for each migration, the file for the database's dialect (`x.postgres.up.sql`) if
 * there is one, else the dialect-neutral `x.up.sql`; other dialects never run on PostgreSQL.
 */
function postgresVariants(files: readonly string[]): string[] {
  const dialect = /\.(postgres|cockroach|mysql|sqlite3?)(?=\.(autocommit\.)?(up|down)\.sql$)/i;
  const neutralName = (f: string): string => f.replace(dialect, '');
  const specific = new Set(files.filter((f) => /\.postgres\./i.test(f)).map(neutralName));
  return files.filter((f) => {
    const match = dialect.exec(f);
    if (match) return match[1]!.toLowerCase() === 'postgres';
    return !specific.has(f);
  });
}

/** The entry of one migration: its version, and whether it is a down or a repeatable one. */
export function migrationEntry(framework: FrameworkId, name: string, file: string | undefined): MigrationEntry {
  // The version is read on first use: sets ordered by name or journal, served from the result
  // cache, never need the versions of their hundreds of entries.
  let version: MigrationVersion | undefined | null = null;
  return {
    name,
    file,
    get version() {
      if (version === null) version = framework === 'diesel' ? dieselVersion(name) : parseMigrationVersion(name);
      return version;
    },
    down: file !== undefined && isDownFile(framework, file),
    repeatable: framework === 'flyway' && isRepeatableFlyway(name),
  };
}

function readJournal(file: string): DrizzleJournal | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const entries = (data as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return { error: 'it has no "entries" array' };
  return {
    entries: entries
      .filter((e): e is { idx: number; tag: string; when?: unknown } => typeof e === 'object' && e !== null && typeof e.tag === 'string')
      .map((e) => ({ idx: Number(e.idx), tag: e.tag, ...(typeof e.when === 'number' ? { when: e.when } : {}) })),
  };
}

/** The runner's order: journal order for drizzle, names for Prisma and Diesel, versions otherwise. */
function orderMigrations(set: MigrationSet): MigrationEntry[] {
  const order = FRAMEWORKS[set.framework].order;
  const byName = (a: MigrationEntry, b: MigrationEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const byVersion = (a: MigrationEntry, b: MigrationEntry): number => {
    if (a.version && b.version) return compareVersions(a.version, b.version) || byName(a, b);
    return a.version ? -1 : b.version ? 1 : byName(a, b);
  };
  let journalRank = new Map<string, number>();
  if (order === 'journal' && set.journal && 'entries' in set.journal) {
    journalRank = new Map(set.journal.entries.map((e, i) => [`${e.tag}.sql`, i]));
  }
  const compare = (a: MigrationEntry, b: MigrationEntry): number => {
    // Down migrations and Flyway's repeatables never run between the versioned "up" ones.
    if (a.down !== b.down) return a.down ? 1 : -1;
    if (a.repeatable !== b.repeatable) return a.repeatable ? 1 : -1;
    if (order === 'name') return byName(a, b);
    if (order === 'journal') {
      const ra = journalRank.get(a.name);
      const rb = journalRank.get(b.name);
      if (ra !== undefined && rb !== undefined) return ra - rb;
      if (ra !== undefined || rb !== undefined) return ra !== undefined ? -1 : 1;
    }
    return byVersion(a, b);
  };
  return [...set.migrations].sort(compare);
}

const entriesByFile = new WeakMap<MigrationSet, Map<string, MigrationEntry>>();

/** The entry of a file in its set (by path relative to the set folder). */
export function entryOf(set: MigrationSet, file: string): MigrationEntry | undefined {
  let byFile = entriesByFile.get(set);
  if (!byFile) {
    byFile = new Map(set.migrations.flatMap((m) => (m.file ? [[m.file, m] as const] : [])));
    entriesByFile.set(set, byFile);
  }
  return byFile.get(setRelativePath(set.directory, file));
}

/**
 * `path.relative(folder, file)`: a slice when the file is inside the folder, as the files of a
 * set are (thousands of calls per run).
 */
export function relativeToFolder(folder: string, file: string): string {
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  return file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(folder, path.resolve(file));
}

/** A file's path relative to its set's folder with `/` between parts, as batches and the schema state name files. */
export function setRelativePath(folder: string, file: string): string {
  const relative = relativeToFolder(folder, file);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/**
 * A set from a list of names relative to its folder (`0001_a.sql`, `2024…_init/migration.sql`,
 * or a bare folder name for a folder without its SQL file), as tests and docs examples give them.
 */
export function migrationSetFromNames(
  directory: string,
  framework: FrameworkId,
  names: readonly string[],
  journal?: DrizzleJournal['entries'],
): MigrationSet {
  const files = names.filter((n) => !n.includes('/') && /\.sql$/i.test(n));
  const folderFiles = new Map<string, string[]>();
  for (const name of names) {
    const [folder, file] = name.split('/');
    if (FRAMEWORKS[framework].layout !== 'folders' || (!file && /\.sql$/i.test(name) && !/^\d/.test(name))) continue;
    folderFiles.set(folder!, [...(folderFiles.get(folder!) ?? []), ...(file ? [file] : [])]);
  }
  return describeMigrationSet(directory, framework, files, folderFiles, journal ? { entries: journal } : undefined);
}

/** The newest "up" migration with a file (by version): where folder-wide problems are told. */
export function newestMigration(set: MigrationSet): MigrationEntry | undefined {
  // Asked once per linted file by the set-level rules: worked out once per set.
  if (newestBySet.has(set)) return newestBySet.get(set);
  const ups = set.migrations.filter((m) => m.file && !m.down && !m.repeatable);
  let newest = ups.at(-1);
  for (const m of ups) if (m.version && newest?.version && compareVersions(m.version, newest.version) > 0) newest = m;
  newestBySet.set(set, newest);
  return newest;
}

const newestBySet = new WeakMap<MigrationSet, MigrationEntry | undefined>();

/**
 * Whether a migration is one being added now, the only kind numbering advice may ask to move.
 * With deploy batches from git: a migration of the pending batch, or of the latest batch (in CI,
 * the pull request's merge commit). Without them (no git, shallow clone, `batches: "file"`):
 * only the newest migration of the set, so an applied one is never taken for new.
 */
export function isNewMigration(set: MigrationSet, entry: MigrationEntry): boolean {
  if (!entry.file) return false;
  const batches = knownBatches(set);
  if (!batches) {
    const head = newestMigration(set);
    return head !== undefined && (head.file === entry.file || (head.name === entry.name && !entry.down) || sameVersionPair(head, entry));
  }
  if (batches.isPending(entry.file)) return true;
  const batch = batches.batchOf(entry.file);
  return batch !== undefined && batch === latestBatch(set, batches);
}

/** The set's batches when they come from history; `file` batches say nothing about other files. */
export function knownBatches(set: MigrationSet): MigrationBatches | undefined {
  return set.batches && set.batches.source !== 'file' ? set.batches : undefined;
}

const latestBySet = new WeakMap<MigrationSet, number | undefined>();
function latestBatch(set: MigrationSet, batches: MigrationBatches): number | undefined {
  if (latestBySet.has(set)) return latestBySet.get(set);
  let latest: number | undefined;
  for (const m of set.migrations) {
    const batch = m.file ? batches.batchOf(m.file) : undefined;
    if (batch !== undefined && (latest === undefined || batch > latest)) latest = batch;
  }
  latestBySet.set(set, latest);
  return latest;
}

/** golang-migrate's `N_x.up.sql` and its `N_x.down.sql`: one migration in two files. */
function sameVersionPair(a: MigrationEntry, b: MigrationEntry): boolean {
  return a.version !== undefined && b.version !== undefined && a.version.stem === b.version.stem && compareVersions(a.version, b.version) === 0;
}
