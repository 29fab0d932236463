/**
 * `--print-config <file>`: the configuration that applies to a file, and what migration-lint
 * decides for it that no config says — its migration set, the runner (framework) and the
 * transaction it runs in — each with where the decision came from: the config, detection, a
 * comment or name in the file, or the runner's default. It decides these exactly as a lint does
 * (lint/lint-files.ts and the engine), from the same functions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileConfig, RuleSetting } from './config/load.js';
import { scanDirectives } from './engine/directives.js';
import { fileTransactionMode, readFileLayout } from './engine/sections.js';
import type { TransactionMode } from './engine/types.js';
import { FRAMEWORKS, type FrameworkId } from './migrations/frameworks.js';
import { readMigrationSet, setRootOf } from './migrations/migration-set.js';
import { loadParser, parseSource } from './parser/index.js';
import { withoutBom } from './source/bom.js';

/** What detection looks for, as the README's framework table says. */
const DETECTED_BY: Record<FrameworkId, string> = {
  drizzle: 'drizzle-kit journal meta/_journal.json in the folder',
  prisma: 'Prisma layout: migration_lock.toml or <timestamp>_name/migration.sql folders',
  'golang-migrate': 'golang-migrate file names: N_name.up.sql / N_name.down.sql',
  goose: 'goose annotations: -- +goose Up',
  dbmate: 'dbmate annotations: -- migrate:up',
  flyway: 'Flyway file names: V1__name.sql, R__name.sql',
  diesel: 'Diesel layout: <date>_name/up.sql and down.sql folders',
  supabase: 'the folder is supabase/migrations',
  popx: 'ory/popx file names: <20 digits>_name.up.sql',
  plain: "no runner's layout recognised: plain numbered or timestamped .sql files",
};

export interface Decision<T> {
  value: T;
  from: string;
}

export interface MigrationDecisions {
  migrationSet: Decision<string>;
  framework: Decision<FrameworkId>;
  transaction: Decision<TransactionMode>;
}

export async function decideForFile(file: string, config: FileConfig): Promise<MigrationDecisions> {
  const root = setRootOf(file);
  const framework: Decision<FrameworkId> = config.framework
    ? { value: config.framework, from: `config: "framework" in ${config.configFile ?? 'the config'}` }
    : { value: readMigrationSet(root, undefined).framework, from: '' };
  if (!framework.from) framework.from = `detection: ${DETECTED_BY[framework.value]}`;
  const migrationSet: Decision<string> = {
    value: root,
    from: root === path.dirname(file) ? "the file's folder" : 'the folder above: one folder per migration, each with its SQL file',
  };
  return { migrationSet, framework, transaction: await decideTransaction(file, config, framework.value) };
}

/** In the engine's order: a directive, the runner's opt-out comment, its opt-out file name, the config, the runner's default. */
async function decideTransaction(file: string, config: FileConfig, frameworkId: FrameworkId): Promise<Decision<TransactionMode>> {
  const framework = FRAMEWORKS[frameworkId];
  let text: string | undefined;
  try {
    text = withoutBom(readFileSync(file, 'utf8'));
  } catch {
    text = undefined; // a file not written yet: its comments cannot decide anything
  }
  if (text !== undefined) {
    await loadParser();
    const parsed = parseSource(text);
    const units = [...parsed.statements, ...parsed.failures].sort((a, b) => a.start - b.start);
    const directive = text.includes('migration-lint-')
      ? scanDirectives(parsed.tokens, units, new Set(config.availableRules.keys()), !config.noInlineConfig).transaction
      : undefined;
    if (directive) return { value: directive, from: `file: a -- migration-lint-transaction: ${directive} comment` };
    const layout = readFileLayout(() => parsed.tokens, framework, Buffer.byteLength(text));
    if (layout.optsOutOfTransaction) {
      // dbmate still sends the up block as one query: `implicit`, not `none`.
      return { value: fileTransactionMode(framework.transaction, layout, framework), from: `file: ${frameworkId}'s opt-out comment (${frameworkId === 'goose' ? '-- +goose NO TRANSACTION' : '-- migrate:up transaction:false'})` };
    }
  }
  if (framework.fileOptOut?.(path.basename(file))) return { value: 'none', from: `file name: ${frameworkId}'s .autocommit. opt-out` };
  if (config.transaction) return { value: config.transaction, from: `config: "transaction" in ${config.configFile ?? 'the config'}` };
  return { value: framework.transaction, from: `default: how ${frameworkId} runs a migration (docs/frameworks-transactions.md)` };
}

/** The JSON `--print-config` prints. */
export async function printedConfig(file: string, config: FileConfig): Promise<string> {
  const decided = await decideForFile(file, config);
  const normalised = (settings: Map<string, RuleSetting>): Record<string, unknown[]> =>
    Object.fromEntries([...settings].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => [id, [s.severity, ...s.options]]));
  const printed = {
    configFile: config.configFile ?? null,
    postgresVersion: config.postgresVersion,
    migrationSet: decided.migrationSet.value,
    framework: decided.framework.value,
    transaction: decided.transaction.value,
    decidedBy: {
      migrationSet: decided.migrationSet.from,
      framework: decided.framework.from,
      transaction: decided.transaction.from,
    },
    baseline: config.baseline ?? null,
    templates: { syntax: config.templates.syntax ?? (decided.framework.value === 'flyway' ? ['flyway'] : []), values: config.templates.values },
    ignored: config.ignored,
    reportUnusedDisableDirectives: config.reportUnusedDisableDirectives,
    noInlineConfig: config.noInlineConfig,
    rules: normalised(config.rules),
    downRules: normalised(config.downRules),
  };
  return `${JSON.stringify(printed, null, 2)}\n`;
}
