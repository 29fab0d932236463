/**
 * Tests a rule with tables of valid and invalid SQL, in the manner of ESLint's RuleTester.
 * It also checks that every expected messageId exists, that no two cases are the same, that
 * options match the rule's schema, that the rule does not modify the AST, and that a fix
 * produces SQL that still parses.
 *
 *   import { describe, it } from 'vitest';
 *   RuleTester.describe = describe; RuleTester.it = it;
 *   new RuleTester().run(rule, { valid: ['…'], invalid: [{ code: '…', errors: [{ messageId: '…', line: 1 }] }] });
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadParser, parseSource } from './parser/index.js';
import { lintText } from './engine/linter.js';
import { interpolate } from './engine/interpolate.js';
import { applyDefaultOptions, deepFreeze } from './engine/define-rule.js';
import { replayText } from './engine/replay.js';
import { applyFixes } from './engine/fixes.js';
import { checkRuleEntry } from './config/load.js';
import { DEFAULT_POSTGRES_VERSION } from './config/schema.js';
import { SchemaState } from './analysis/schema-state.js';
import { TransactionTracker } from './analysis/transactions.js';
import type { LintMessage, Rule, Settings } from './engine/types.js';
import { migrationSetFromNames, type MigrationSet } from './migrations/migration-set.js';
import { FRAMEWORKS, type FrameworkId } from './migrations/frameworks.js';
import { withoutBom } from './source/bom.js';

export interface ValidTestCase {
  code: string;
  name?: string;
  options?: unknown[];
  settings?: Partial<Settings>;
  /** The file name; defaults to `migration.sql`. */
  filename?: string;
  /** Names in the file's migration folder, relative to it (for rules that read the folder). */
  folder?: string[];
  /** The framework of that folder (default `plain`). */
  framework?: FrameworkId;
  /** drizzle-kit's journal entries for that folder. */
  journal?: { idx: number; tag: string; when?: number }[];
  /**
   * Files of that folder (as in `folder`) not applied anywhere yet: the pending deploy batch; the
   * others count as applied. Without it, deploy batches are unknown, as without git.
   */
  pending?: string[];
  /** Earlier migrations, replayed in order into the schema state before `code` is linted. */
  history?: string[];
  /**
   * How many of the last `history` migrations ship in the same deploy batch as `code` (`true`:
   * all of them): what they create counts as new. Without it, each migration is a batch of its own.
   */
  batch?: number | boolean;
  only?: boolean;
}

export interface ExpectedError {
  messageId: string;
  /** The whole message, or a pattern it must match (as ESLint's RuleTester): for text users read. */
  message?: string | RegExp;
  data?: Record<string, string | number>;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface InvalidTestCase extends ValidTestCase {
  errors: number | ExpectedError[];
  /** The SQL after one pass of fixes; `null` asserts the rule offers no fix. */
  output?: string | null;
}

type DescribeFn = (name: string, fn: () => void) => void;
type ItFn = (name: string, fn: () => Promise<void>) => void;

const globals = globalThis as { describe?: DescribeFn; it?: ItFn };

export class RuleTester {
  /** Set these to your test framework's functions (vitest's and jest's globals are used if present). */
  static describe: DescribeFn | undefined;
  static it: ItFn | undefined;
  static itOnly: ItFn | undefined;

  constructor(private readonly defaults: { settings?: Partial<Settings> } = {}) {}

  run(rule: Rule, tests: { valid: (string | ValidTestCase)[]; invalid: InvalidTestCase[] }): void {
    const describe = RuleTester.describe ?? globals.describe;
    const it = RuleTester.it ?? globals.it;
    if (!describe || !it) throw new Error('RuleTester needs describe/it: set RuleTester.describe and RuleTester.it');
    const seen = new Set<string>();
    const register = (kind: string, test: ValidTestCase, body: () => Promise<void>): void => {
      const key = JSON.stringify([test.code, test.options, test.settings, test.filename, test.folder, test.framework, test.journal, test.pending, test.history, test.batch]);
      if (seen.has(key)) throw new Error(`${rule.id}: duplicate ${kind} test case: ${test.code}`);
      seen.add(key);
      const name = test.name ?? test.code.replace(/\s+/g, ' ').trim().slice(0, 100);
      const runner = test.only ? (RuleTester.itOnly ?? it) : it;
      runner(name, body);
    };
    describe(rule.id, () => {
      describe('valid', () => {
        for (const item of tests.valid) {
          const test = typeof item === 'string' ? { code: item } : item;
          register('valid', test, async () => {
            const messages = await this.lint(rule, test);
            assert.deepEqual(
              messages.map((m) => `${m.line}:${m.column} ${m.message}`),
              [],
              `${rule.id}: expected no problems for a valid case`,
            );
          });
        }
      });
      describe('invalid', () => {
        for (const test of tests.invalid) {
          register('invalid', test, async () => {
            const messages = await this.lint(rule, test);
            this.checkErrors(rule, test, messages);
            await this.checkOutput(rule, test, messages);
          });
        }
      });
    });
  }

  private async lint(rule: Rule, test: ValidTestCase): Promise<LintMessage[]> {
    await loadParser();
    const problem = checkRuleEntry(rule.id, ['error', ...(test.options ?? [])], new Map([[rule.id, rule]]));
    if (problem) throw new Error(`${rule.id}: invalid options in test case: ${problem}`);
    const settings: Settings = {
      postgresVersion: DEFAULT_POSTGRES_VERSION,
      transaction: 'none',
      ...this.defaults.settings,
      ...test.settings,
    };
    const schema = new SchemaState();
    const transactions = new TransactionTracker();
    transactions.useRunner(FRAMEWORKS[test.framework ?? 'plain']);
    const filename = path.resolve(test.filename ?? 'migration.sql');
    const history = test.history ?? [];
    const batched = test.batch === undefined || test.batch === false ? undefined : test.batch === true ? history.length : test.batch;
    // History files are named history-<n>.sql next to the linted file, so batches can tell them apart.
    const names = history.map((_, i) => `history-${String(i + 1).padStart(4, '0')}.sql`);
    let batchSet: MigrationSet | undefined;
    if (batched !== undefined) {
      const own = path.basename(filename);
      const ordinals = new Map<string, number>(names.map((name, i) => [name, i >= history.length - batched ? history.length + 1 : i + 1]));
      ordinals.set(own, history.length + 1);
      batchSet = migrationSetFromNames(path.dirname(filename), test.framework ?? 'plain', [...names, own], test.journal);
      batchSet.batches = { source: 'git', batchOf: (file) => ordinals.get(file), isPending: (file) => ordinals.get(file) === history.length + 1 };
      schema.useBatches(batchSet.batches.batchOf);
    }
    history.forEach((earlier, i) => replayText(earlier, schema, transactions, settings.transaction, undefined, undefined, batched === undefined ? undefined : names[i]));
    const result = lintText(test.code, {
      filename,
      rules: new Map([[rule.id, { rule, severity: 2, options: applyDefaultOptions(rule.meta.defaultOptions, deepFreeze([...(test.options ?? [])])) }]]),
      knownRuleIds: new Set([rule.id]),
      settings,
      schema,
      transactions,
      ...(test.folder ? { migrationSet: testSet(filename, test) } : {}),
      ...(batchSet && !test.folder ? { migrationSet: batchSet } : {}),
      // The framework's section markers and transaction opt-outs, as the CLI reads them.
      ...(test.framework ? { format: FRAMEWORKS[test.framework] } : {}),
      freezeAst: true,
    });
    const parseErrors = result.messages.filter((m) => m.fatal);
    assert.equal(parseErrors.length, 0, `${rule.id}: test SQL must parse: ${parseErrors.map((m) => m.message).join('; ')}`);
    return result.messages.filter((m) => m.ruleId === rule.id);
  }

  private checkErrors(rule: Rule, test: InvalidTestCase, messages: LintMessage[]): void {
    if (typeof test.errors === 'number') {
      assert.ok(test.errors > 0, `${rule.id}: an invalid case must expect at least one error`);
      assert.equal(messages.length, test.errors, `${rule.id}: expected ${test.errors} problem(s), got:\n${render(messages)}`);
      return;
    }
    assert.ok(test.errors.length > 0, `${rule.id}: an invalid case must expect at least one error`);
    assert.equal(messages.length, test.errors.length, `${rule.id}: expected ${test.errors.length} problem(s), got:\n${render(messages)}`);
    test.errors.forEach((expected, i) => {
      const actual = messages[i]!;
      const template = (rule.meta.messages as Record<string, string>)[expected.messageId];
      assert.ok(template !== undefined, `${rule.id}: messageId "${expected.messageId}" does not exist in meta.messages`);
      assert.equal(actual.messageId, expected.messageId, `${rule.id}: problem ${i + 1} messageId (message: ${actual.message})`);
      for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
        if (expected[key] !== undefined) assert.equal(actual[key], expected[key], `${rule.id}: problem ${i + 1} ${key}`);
      }
      if (typeof expected.message === 'string') assert.equal(actual.message, expected.message, `${rule.id}: problem ${i + 1} message`);
      else if (expected.message) assert.match(actual.message, expected.message, `${rule.id}: problem ${i + 1} message`);
      if (expected.data) {
        const interpolated = interpolate(rule.id, expected.messageId, template, expected.data);
        assert.equal(actual.message, interpolated, `${rule.id}: problem ${i + 1} message with the expected data`);
      }
    });
  }

  private async checkOutput(rule: Rule, test: InvalidTestCase, messages: LintMessage[]): Promise<void> {
    const fixes = messages.flatMap((m) => (m.fix ? [m.fix] : []));
    const source = withoutBom(test.code);
    if (test.output === undefined) {
      assert.equal(fixes.length, 0, `${rule.id}: the rule fixed the code; add an "output" to the test case`);
      return;
    }
    if (test.output === null) {
      assert.equal(fixes.length, 0, `${rule.id}: expected no fix`);
      return;
    }
    const { output } = applyFixes(source, fixes);
    assert.equal(output, test.output, `${rule.id}: fixed output`);
    assert.equal(parseSource(output).failures.length, 0, `${rule.id}: the fixed SQL must still parse`);
  }
}

function render(messages: LintMessage[]): string {
  return messages.map((m) => `  ${m.line}:${m.column} [${m.messageId}] ${m.message}`).join('\n') || '  (none)';
}

/** The migration set of a test case, with its pending batch when the case names one. */
function testSet(filename: string, test: ValidTestCase): MigrationSet {
  // In a folder layout (Prisma, Diesel) the file sits in its migration's folder, inside the set.
  const dir = path.dirname(filename);
  const inFolder = test.folder!.some((name) => name.startsWith(`${path.basename(dir)}/`));
  const set = migrationSetFromNames(inFolder ? path.dirname(dir) : dir, test.framework ?? 'plain', test.folder!, test.journal);
  if (!test.pending) return set;
  const pending = new Set(test.pending);
  return { ...set, batches: { source: 'git', batchOf: (file) => (pending.has(file) ? 2 : 1), isPending: (file) => pending.has(file) } };
}
