/**
 * `migration-lint verify`: applies each migration set to a fresh PostgreSQL — PGlite in-process,
 * or a scratch database on a server — in its runner's order and transaction model, and turns
 * what PostgreSQL rejects into findings. Files, sets, config, baseline and --since are read as
 * lint reads them (lint/lint-files.ts, migrations/*); results go through the same reporters.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfigLoader, FileConfig } from '../config/load.js';
import type { LintMessage, LintResult } from '../engine/types.js';
import { beforeBaseline, readText, templateOptions, transactionMode } from '../lint/lint-files.js';
import type { FrameworkId } from '../migrations/frameworks.js';
import { migrationPath, readMigrationSet, setRootOf, type MigrationEntry } from '../migrations/migration-set.js';
import { parseMigrationVersion, compareVersions } from '../migrations/versions.js';
import { loadParser } from '../parser/index.js';
import { LineIndex } from '../source/line-index.js';
import { withoutBom } from '../source/bom.js';
import { UsageError } from '../usage-error.js';
import { VERSION } from '../package-info.js';
import { applyFiles, type ApplyInput, type FileOutcome, type StatementRecord } from './apply.js';
import { VerifyRunError, databaseFailure, describeFailure, type Database } from './database.js';
import { BUILTIN_EXTENSIONS, PGLITE_EXTENSIONS, openPglite, pgliteVersion } from './pglite.js';
import { planFile, type PlannedFile } from './plan.js';
import { fillTables } from './rows.js';
import { HistoryCache } from './history-cache.js';
import { RUNNER_TABLES, createRunnerTable } from './runner-tables.js';

export interface VerifyOptions {
  cwd: string;
  loader: ConfigLoader;
  databaseUrl?: string;
  setup?: string;
  seed?: string;
  seedAfter?: string;
  withRows: boolean;
  locks: boolean;
  /** Folder for the history cache; undefined: the default one; false: no cache. */
  cache: string | undefined | false;
  /** Told what verify did outside its own work (a stale scratch database it dropped). */
  notice?: (text: string) => void;
  /** Told as each set is done (stderr progress for long histories). */
  progress?: (text: string) => void;
}

export interface VerifySummary {
  engine: string;
  sets: number;
  applied: number;
  failed: number;
  skipped: number;
  /** Applied, then undone with a later file's failure (drizzle's one transaction). */
  rolledBack: number;
  milliseconds: number;
  cachedHistory: number;
}

export interface VerifyRun {
  results: LintResult[];
  summary: VerifySummary;
}

/** Per-file facts verify adds to a result (JSON `properties.verify`, SARIF artifact properties). */
export interface VerifyProperties {
  status: FileOutcome['status'];
  engine: string;
  statements?: StatementRecord[];
}

export async function verifyFiles(files: string[], options: VerifyOptions): Promise<VerifyRun> {
  const started = performance.now();
  const bySet = new Map<string, string[]>();
  for (const file of files.map((f) => path.resolve(f))) {
    const root = setRootOf(file);
    bySet.set(root, [...(bySet.get(root) ?? []), file]);
  }
  const setup = options.setup === undefined ? undefined : readUserFile(options.setup, options.cwd, '--setup');
  const seed = options.seed === undefined ? undefined : readUserFile(options.seed, options.cwd, '--seed');
  if (options.seedAfter !== undefined && !seed) throw new UsageError('--seed-after needs --seed <file.sql>.');
  await loadParser();
  const summary: VerifySummary = { engine: '', sets: 0, applied: 0, failed: 0, skipped: 0, rolledBack: 0, milliseconds: 0, cachedHistory: 0 };
  const results: LintResult[] = [];
  for (const [root, requested] of [...bySet].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    results.push(...(await verifySet(root, requested, options, { setup, seed }, summary)));
    summary.sets++;
  }
  summary.milliseconds = performance.now() - started;
  return { results: results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0)), summary };
}

interface UserFile {
  file: string;
  text: string;
}

function readUserFile(given: string, cwd: string, option: string): UserFile {
  const file = path.resolve(cwd, given);
  try {
    return { file, text: withoutBom(readFileSync(file, 'utf8')) };
  } catch (error) {
    throw new UsageError(`${option} ${given}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
}

async function verifySet(
  root: string,
  requested: string[],
  options: VerifyOptions,
  extras: { setup: UserFile | undefined; seed: UserFile | undefined },
  summary: VerifySummary,
): Promise<LintResult[]> {
  const configs = new Map<string, FileConfig>();
  for (const file of requested) configs.set(file, await options.loader.forFile(file));
  const firstConfig = configs.get(requested[0]!)!;
  const set = readMigrationSet(root, firstConfig.framework);
  const wanted = new Set(requested);
  const entries = new Map(set.migrations.flatMap((m) => (m.file ? [[migrationPath(set, m.file), m] as const] : [])));
  const order = [...entries.keys(), ...requested.filter((f) => !entries.has(f))];
  const lastWanted = Math.max(...order.map((f, i) => (wanted.has(f) ? i : -1)));

  // drizzle's migrator reads the journal and runs only the files it lists (readMigrationFiles).
  const journaled = set.framework === 'drizzle' && set.journal && 'entries' in set.journal ? new Set(set.journal.entries.map((e) => `${e.tag}.sql`)) : undefined;
  const notRun: LintResult[] = [];

  // Down migrations undo history: they are never applied.
  const inputs: (ApplyInput & { entry: MigrationEntry | undefined })[] = [];
  for (const file of order.slice(0, lastWanted + 1)) {
    const entry = entries.get(file);
    if (entry?.down) continue;
    if (journaled && !journaled.has(path.basename(file))) {
      if (wanted.has(file)) notRun.push(notInJournal(file));
      continue;
    }
    const config = configs.get(file) ?? firstConfig;
    const pending = wanted.has(file) && !config.ignored && !beforeBaseline(entry, config.baseline);
    if (wanted.has(file) && config.ignored) continue;
    const text = readText(file, pending)?.text;
    if (text === undefined) continue;
    const planned = planFile(file, text, {
      framework: set.framework,
      configured: config.transaction,
      mode: transactionMode(config, set, file),
      templates: templateOptions(config, set),
    });
    inputs.push({ planned, pending, entry });
  }
  if (inputs.length === 0) return notRun;
  const firstPending = inputs.findIndex((i) => i.pending);
  const historyLength = firstPending < 0 ? inputs.length : firstPending;

  const extensions = extensionsOf([...inputs.map((i) => i.planned), ...(extras.setup ? [planText(extras.setup.text)] : [])]);
  const seedIndex = extras.seed ? seedPosition(inputs, options.seedAfter, historyLength) : -1;

  // The state after the history, kept between runs (PGlite only: a server has no data directory to
  // hand over). With no history it still saves PGlite's initdb, most of a cold start.
  const cache =
    options.databaseUrl === undefined && options.cache !== false && (seedIndex < 0 || seedIndex >= historyLength)
      ? new HistoryCache(options.cache, historyKey(inputs.slice(0, historyLength).map((i) => i.planned), extras.setup, set.framework))
      : undefined;
  // Without history the state is PGlite's fresh database (and setup): one file serves every set.
  const cacheAbout = historyLength === 0 ? `<no history: ${set.framework}>` : root;
  const dump = cache?.read(cacheAbout);
  const db: Database & { dump?: () => Promise<Blob> } =
    options.databaseUrl !== undefined ? await (await import('./server.js')).openServer(options.databaseUrl, options.notice) : await openPglite(extensions, dump);
  summary.engine = db.description;
  const outcomes: FileOutcome[] = [];
  try {
    if (!dump) {
      if (extras.setup) await runSetup(db, extras.setup);
      await createRunnerTable(db, set.framework);
    }
    const warned = new Set<string>();
    const beforeFile = async (index: number, input: ApplyInput, inTransaction: boolean): Promise<LintMessage[]> => {
      const messages: LintMessage[] = [];
      if (index === seedIndex) await runUserSql(db, extras.seed!, '--seed');
      if (options.withRows && input.pending) {
        for (const warning of await fillTables(db, inTransaction)) {
          // Each table is named once per set, at the first migration it could not be filled for.
          if (warned.has(warning)) continue;
          warned.add(warning);
          messages.push({ ruleId: 'verify-rows', severity: 1, message: warning, line: 1, column: 1, endLine: 1, endColumn: 1 });
        }
      }
      return messages;
    };
    const apply = (slice: typeof inputs, offset: number): Promise<FileOutcome[]> =>
      applyFiles(db, slice, {
        observeLocks: options.locks,
        beforeFile: (i, input, inTransaction) => beforeFile(i + offset, input, inTransaction),
        explain: (statement, failure) => {
          const explained = explainFailure(db)(statement, failure);
          // Said so that a failure caused by a made-up value is weighed as such.
          return options.withRows && failure.code?.startsWith('22') ? { ...explained, hint: `${explained.hint ? `${explained.hint} ` : ''}With --with-rows the tables held synthetic rows: check whether real data has such values.` } : explained;
        },
      });
    if (dump) {
      outcomes.push(...inputs.slice(0, historyLength).map((i): FileOutcome => ({ file: i.planned.file, status: 'applied', pending: false, messages: [], text: i.planned.text })));
      summary.cachedHistory += historyLength;
    } else {
      outcomes.push(...(await apply(inputs.slice(0, historyLength), 0)));
      if (cache && outcomes.every((o) => o.status === 'applied') && db.dump) await cache.write(cacheAbout, await db.dump());
    }
    if (outcomes.some((o) => o.status === 'failed')) {
      outcomes.push(...inputs.slice(historyLength).map((i): FileOutcome => ({ file: i.planned.file, status: 'skipped', pending: i.pending, messages: [], text: i.planned.text })));
    } else {
      outcomes.push(...(await apply(inputs.slice(historyLength), historyLength)));
      if (seedIndex === inputs.length && outcomes.every((o) => o.status === 'applied')) await runUserSql(db, extras.seed!, '--seed');
    }
  } finally {
    await db.close();
  }
  options.progress?.(`${path.relative(options.cwd, root) || '.'}: ${outcomes.filter((o) => o.status === 'applied').length} of ${outcomes.length} applied`);

  const results: LintResult[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'applied') summary.applied++;
    else if (outcome.status === 'skipped') summary.skipped++;
    else if (outcome.status === 'rolled back') summary.rolledBack++;
    else summary.failed++;
    // History is reported only when it is where the run stopped.
    if (!outcome.pending && outcome.messages.length === 0) continue;
    results.push(toResult(outcome, db.description));
  }
  return [...results, ...notRun];
}

function notInJournal(file: string): LintResult {
  const message: LintMessage = {
    ruleId: 'not-applied',
    severity: 1,
    message: `Not applied: drizzle's migrator runs only the migrations meta/_journal.json lists, and this file is not among them (the drizzle-journal rule says more).`,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
  return {
    filePath: file,
    messages: [message],
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    properties: { verify: { status: 'skipped', engine: '' } },
  };
}

function toResult(outcome: FileOutcome, engine: string): LintResult {
  const errors = outcome.messages.filter((m) => m.severity === 2).length;
  const properties: VerifyProperties = { status: outcome.status, engine, ...(outcome.statements ? { statements: outcome.statements } : {}) };
  return {
    filePath: outcome.file,
    messages: outcome.messages,
    suppressedMessages: [],
    errorCount: errors,
    fatalErrorCount: outcome.messages.filter((m) => m.fatal).length,
    warningCount: outcome.messages.length - errors,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(outcome.messages.length > 0 ? { source: outcome.text } : {}),
    properties: { verify: properties },
  };
}

/** PGlite ships a fixed list of extensions: one that is missing is named, with the way out. */
function explainFailure(db: Database) {
  return (statement: { node?: unknown }, failure: ReturnType<typeof databaseFailure> & object) => {
    const create = (statement.node as { CreateExtensionStmt?: { extname?: string } } | undefined)?.CreateExtensionStmt;
    if (!create?.extname || !db.description.startsWith('PGlite') || failure.code !== '0A000') return failure;
    return {
      code: failure.code,
      message: `the extension "${create.extname}" is not available in PGlite (${db.description}); PGlite ships ${Object.keys(PGLITE_EXTENSIONS).length} contrib extensions (docs/verify.md lists them). Verify this set against a server that has it with --database-url postgres://…`,
    };
  };
}

function planText(text: string): PlannedFile {
  return planFile('<setup>', text, { framework: 'plain', configured: undefined, mode: 'none', templates: { syntax: [], values: {} } });
}

/** Every extension a CREATE EXTENSION of the files names: PGlite must be given them when it starts. */
function extensionsOf(files: PlannedFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    for (const statement of file.statements) {
      const name = (statement.node as { CreateExtensionStmt?: { extname?: string } } | undefined)?.CreateExtensionStmt?.extname;
      if (name && !BUILTIN_EXTENSIONS.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** Runs the setup file whole, as psql -f would; a failure stops the run (exit 2) naming its line. */
async function runSetup(db: Database, setup: UserFile): Promise<void> {
  await runUserSql(db, setup, '--setup');
}

async function runUserSql(db: Database, user: UserFile, option: string): Promise<void> {
  const lines = new LineIndex(user.text);
  const planned = planText(user.text);
  for (const statement of planned.statements) {
    try {
      await db.exec(statement.sql);
    } catch (error) {
      const failure = databaseFailure(error);
      if (!failure) throw error;
      await db.exec('ROLLBACK').catch(() => undefined);
      const at = lines.positionOfByte(statement.start);
      throw new VerifyRunError(`${option} ${user.file}:${at.line}:${at.column}: PostgreSQL: ${describeFailure(failure)}`);
    }
  }
}

/** The index of the file the seed runs before: after `--seed-after`'s migration, else after the history. */
function seedPosition(inputs: { entry: MigrationEntry | undefined; planned: PlannedFile }[], after: string | undefined, historyLength: number): number {
  if (after === undefined) return historyLength;
  const version = parseMigrationVersion(after) ?? parseMigrationVersion(`${after}_`);
  const index = inputs.findIndex(
    (i) => (version && i.entry?.version && compareVersions(i.entry.version, version) === 0) || i.entry?.name === after || path.basename(i.planned.file) === after,
  );
  if (index < 0) throw new UsageError(`--seed-after ${after}: no migration of the set has this version or name.`);
  return index + 1;
}

/**
 * The history's identity: what each file sent and in which transaction, the setup, and the
 * versions. Extensions are not part of it: PGlite is given them at every start.
 */
function historyKey(history: PlannedFile[], setup: UserFile | undefined, framework: FrameworkId): string {
  const hash = createHash('sha256');
  // The runner's table is part of the state: a corrected shape must not be served from an old cache.
  hash.update(JSON.stringify([VERSION, pgliteVersion(), framework, RUNNER_TABLES[framework]?.create ?? null, setup?.text ?? null]));
  for (const file of history) {
    hash.update(`\0${file.file}\0${file.wrap}\0`);
    for (const s of file.statements) hash.update(`${s.sql}\0`);
  }
  return hash.digest('hex');
}

