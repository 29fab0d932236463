/**
 * Lints one file: parse → walk each statement once, dispatching to every enabled rule →
 * apply the statement to the schema state → directives → positions and severities.
 */
import { nearText, parseSource, type ParsedStatement } from '../parser/index.js';
import { LineIndex } from '../source/line-index.js';
import { withoutBom } from '../source/bom.js';
import { nulFault, type TextFault } from '../source/utf8.js';
import { SchemaState } from '../analysis/schema-state.js';
import { TransactionTracker } from '../analysis/transactions.js';
import { setRelativePath, type MigrationSet } from '../migrations/migration-set.js';
import { applyDirectives, scanDirectives } from './directives.js';
import { interpolate } from './interpolate.js';
import { SourceCode } from './source-code.js';
import { deepFreeze } from './define-rule.js';
import { fileTransactionMode, inDownSection, readFileLayout, upStatementCount, type FileFormat } from './sections.js';
import { expandTemplates, placeholderTemplates, type ExpandedText, type Placeholder, type TemplateOptions } from '../source/templates.js';
import type {
  ByteRange,
  LintMessage,
  LintResult,
  RawProblem,
  ReportDescriptor,
  Rule,
  RuleContext,
  Settings,
  StatementInfo,
} from './types.js';

export const PARSE_ERROR = 'parse-error';

export interface EnabledRule {
  rule: Rule;
  severity: 1 | 2;
  /** Options with the rule's defaults applied. */
  options: unknown[];
}

export interface LintTextOptions {
  filename: string;
  /** Rules to run, by id. */
  rules: ReadonlyMap<string, EnabledRule>;
  /** Every rule id that exists (for checking the ids named in directives). */
  knownRuleIds: ReadonlySet<string>;
  settings: Settings;
  migrationSet?: MigrationSet;
  /** State left by earlier migrations of the same set; a fresh one when absent. */
  schema?: SchemaState;
  transactions?: TransactionTracker;
  /** Honour inline directives (default true). */
  inlineConfig?: boolean;
  /** Severity of unused-directive reports (default 0: off). */
  reportUnusedDirectives?: 0 | 1 | 2;
  /** Freeze the AST so a rule that mutates it fails (used by RuleTester). */
  freezeAst?: boolean;
  /** The framework's section markers and transaction opt-outs. */
  format?: FileFormat;
  /** Severity of each rule inside down sections (0 drops the problem); same as elsewhere when absent. */
  downSeverity?: (ruleId: string) => 0 | 1 | 2;
  /** Template syntaxes to expand before parsing, and their values. */
  templates?: TemplateOptions;
  /** A byte PostgreSQL rejects before parsing (not UTF-8), found by the reader of the file's bytes. */
  textFault?: TextFault;
  /** Filled with the milliseconds each rule took (create and visitors), as ESLint's TIMING=1 does. */
  timing?: Map<string, number>;
}

export const UNRESOLVED_PLACEHOLDER = 'unresolved-placeholder';

/** Severity of problems that come from the engine rather than a rule. */
const ENGINE_SEVERITY: Record<string, 1 | 2> = { [PARSE_ERROR]: 2, 'invalid-directive': 2, [UNRESOLVED_PLACEHOLDER]: 1 };

type Visitors = Record<string, ((arg?: never) => void) | undefined>;

/** A visitor of one rule: its function's index among the file's visitor functions. */
type PlannedHandler = { ruleId: string; index: number };

/**
 * Which visitor functions handle each node type, enter and `:exit` apart (so the walk builds no
 * key string per node). Rules return the same visitor keys for every file, so one plan serves
 * every file a rule map lints; a file whose rules return other keys gets a plan of its own.
 */
interface VisitorPlan {
  /** Each rule's visitor keys, in order. */
  keys: string[][];
  handlers: Map<string, PlannedHandler[]>;
  exitHandlers: Map<string, PlannedHandler[]>;
}

const visitorPlans = new WeakMap<ReadonlyMap<string, EnabledRule>, VisitorPlan>();

/** The plan for these visitors; `fns` is filled with their functions in the plan's order. */
function visitorPlan(rules: ReadonlyMap<string, EnabledRule>, visitorsByRule: readonly Visitors[], fns: (((arg?: never) => void) | undefined)[]): VisitorPlan {
  const known = visitorPlans.get(rules);
  if (known && sameKeys(known.keys, visitorsByRule, fns)) return known;
  fns.length = 0;
  for (const visitors of visitorsByRule) for (const key in visitors) fns.push(visitors[key]);
  const plan: VisitorPlan = { keys: [], handlers: new Map(), exitHandlers: new Map() };
  const ruleIds = [...rules.keys()];
  let index = 0;
  visitorsByRule.forEach((visitors, rule) => {
    const keys: string[] = [];
    for (const key in visitors) {
      keys.push(key);
      const { type, exit } = visitorKey(key);
      const table = exit ? plan.exitHandlers : plan.handlers;
      const handler = { ruleId: ruleIds[rule]!, index: index++ };
      const list = table.get(type);
      if (list) list.push(handler);
      else table.set(type, [handler]);
    }
    plan.keys.push(keys);
  });
  if (!known) visitorPlans.set(rules, plan);
  return plan;
}

/** Whether each rule returned the plan's keys, in order; fills `fns` as it goes (one pass over the keys). */
function sameKeys(keys: readonly string[][], visitorsByRule: readonly Visitors[], fns: (((arg?: never) => void) | undefined)[]): boolean {
  if (keys.length !== visitorsByRule.length) return false;
  for (let rule = 0; rule < visitorsByRule.length; rule++) {
    const expected = keys[rule]!;
    const visitors = visitorsByRule[rule]!;
    let i = 0;
    for (const key in visitors) {
      if (expected[i++] !== key) return false;
      fns.push(visitors[key]);
    }
    if (i !== expected.length) return false;
  }
  return true;
}

export function lintText(input: string, options: LintTextOptions): LintResult {
  const original = withoutBom(input);
  const fault = options.textFault ?? nulFault(input);
  if (fault) return rejectedText(options.filename, original, fault.index - (input.length - original.length), fault.message);
  // Rules see the SQL with templates expanded; reports point into the file as written.
  let expanded = expandTemplates(original, options.templates);
  let text = expanded?.text ?? original;
  // Line indexes are built on first use: only reports, and token lookups, need one.
  let lines = lazyLineIndex(text);
  let parsed = parseSource(text, lines);
  // Template actions nobody configured: tried only when the file does not parse as written.
  const guessed = !expanded && parsed.failures.length > 0 && options.templates?.guess?.length ? placeholderTemplates(original, options.templates.guess) : undefined;
  if (guessed) {
    const guessedLines = lazyLineIndex(guessed.text);
    const reparsed = parseSource(guessed.text, guessedLines);
    // Kept only if the placeholders are what stood in the parser's way.
    if (reparsed.failures.length < parsed.failures.length) {
      expanded = guessed;
      text = guessed.text;
      lines = guessedLines;
      parsed = reparsed;
    }
  }
  const originalLines = expanded ? lazyLineIndex(original) : lines;
  const sourceCode = new SourceCode(text, lines, parsed);
  const schema = options.schema ?? new SchemaState();
  const transactions = options.transactions ?? new TransactionTracker();

  // Statement ranges and tokens are computed lazily; only directives, templates and reports need them.
  const units = (): { start: number; end: number }[] => [...parsed.statements, ...parsed.failures].sort((a, b) => a.start - b.start);
  const scan = text.includes('migration-lint-')
    ? scanDirectives(parsed.tokens, units(), options.knownRuleIds, options.inlineConfig ?? true)
    : { directives: [], problems: [], transaction: undefined };
  const byteLength = Buffer.byteLength(text);
  const layout = readFileLayout(() => parsed.tokens, options.format, byteLength);
  // Frozen: every rule of the file shares it, and none may change what the others see.
  const settings: Settings = Object.freeze({
    ...options.settings,
    transaction: scan.transaction ?? fileTransactionMode(options.settings.transaction, layout, options.format),
  });

  const problems: RawProblem[] = [];
  let current: StatementInfo | undefined;
  // The walk's path as two stacks; rules that ask get it as objects (few do, and rarely).
  const ancestorTypes: string[] = [];
  const ancestorNodes: object[] = [];
  const ancestors = (): { type: string; node: object }[] => ancestorTypes.map((type, i) => ({ type, node: ancestorNodes[i]! }));
  // Each rule's visitors for this file, in rule-map order.
  const visitorsByRule: Visitors[] = [];
  /** Where file-level reports point: the first line. */
  const fileRange = (): ByteRange => [0, lines().byteOfIndex(lines().lineEndIndex(1))];

  for (const [ruleId, enabled] of options.rules) {
    const meta = enabled.rule.meta;
    const context: RuleContext = {
      id: ruleId,
      filename: options.filename,
      settings,
      sourceCode,
      schema,
      migrationSet: options.migrationSet,
      statement: () => {
        if (!current) throw new Error(`rule "${ruleId}" asked for the current statement outside a statement`);
        return current;
      },
      ancestors,
      report: (descriptor: ReportDescriptor<string>) => {
        const message = interpolate(ruleId, descriptor.messageId, meta.messages[descriptor.messageId], descriptor.data);
        if (descriptor.fix && meta.fixable !== 'code') {
          throw new TypeError(`rule "${ruleId}" reported a fix but its meta.fixable is not "code"`);
        }
        const range =
          descriptor.range ??
          (current ? (descriptor.node ? sourceCode.rangeOf(descriptor.node, current) : [current.start, current.end]) : fileRange());
        problems.push({ ruleId, messageId: descriptor.messageId, message, range, ...(descriptor.fix ? { fix: descriptor.fix } : {}) });
      },
    };
    let visitors: Visitors;
    const createdAt = options.timing ? performance.now() : 0;
    try {
      visitors = enabled.rule.create(context, enabled.options) as Visitors;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RuleCrashError(`rule "${ruleId}" crashed while starting (create) on ${options.filename}: ${reason}`, { cause: error });
    }
    if (options.timing) options.timing.set(ruleId, (options.timing.get(ruleId) ?? 0) + performance.now() - createdAt);
    visitorsByRule.push(visitors);
  }
  // The handlers' functions, by their index in the plan.
  const fns: (((arg?: never) => void) | undefined)[] = [];
  const { handlers, exitHandlers } = visitorPlan(options.rules, visitorsByRule, fns);

  const timing = options.timing;
  const dispatch = (list: readonly PlannedHandler[] | undefined, arg?: unknown): void => {
    if (!list) return;
    for (const handler of list) {
      const fn = fns[handler.index];
      if (!fn) continue;
      const startedAt = timing ? performance.now() : 0;
      try {
        fn(arg as never);
        if (timing) timing.set(handler.ruleId, (timing.get(handler.ruleId) ?? 0) + performance.now() - startedAt);
      } catch (error) {
        const where = current ? `:${lines().positionOfByte(current.start).line}` : '';
        const reason = error instanceof Error ? error.message : String(error);
        throw new RuleCrashError(`rule "${handler.ruleId}" crashed on ${options.filename}${where}: ${reason}`, { cause: error });
      }
    }
  };

  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    for (const key in value as object) {
      const field = (value as Record<string, unknown>)[key];
      if (field === null || typeof field !== 'object') continue;
      const first = key.charCodeAt(0);
      // `{ NodeType: fields }` wrappers are the nodes; lower-case keys are plain fields.
      if (first >= 65 && first <= 90 && !Array.isArray(field)) {
        dispatch(handlers.get(key), field);
        ancestorTypes.push(key);
        ancestorNodes.push(field);
        walk(field);
        ancestorTypes.pop();
        ancestorNodes.pop();
        dispatch(exitHandlers.get(key), field);
      } else walk(field);
    }
  };

  // The set-relative path, so the schema state and transactions know which batch this file ships in.
  const file = options.migrationSet ? setRelativePath(options.migrationSet.directory, options.filename) : undefined;
  const sameBatch = schema.beginMigration(file);
  transactions.beginFile(settings.transaction, upStatementCount(layout, [parsed.statements, parsed.failures]), file, sameBatch);
  dispatch(handlers.get('File'));
  parsed.statements.forEach((statement, index) => {
    // Once: a long file's statements parse their tree anew each time it is asked for.
    const node = statement.node;
    if (options.freezeAst) deepFreeze(node);
    // A down section does not run with the up part: it neither moves transactions nor builds state.
    const down = inDownSection(layout, () => statement.start);
    const position = down ? { inTransaction: settings.transaction !== 'none', transactionId: -1 } : transactions.next(node);
    current = statementInfo(statement, node, index, position, down ? EMPTY_LOCKS : transactions.heldAccessExclusive(), transactions.session(position));
    dispatch(handlers.get('Statement'), current);
    walk(node);
    dispatch(exitHandlers.get('Statement'), current);
    if (!down) {
      schema.apply(node, position.transactionId);
      transactions.afterStatement(node);
    }
  });
  current = undefined;
  dispatch(exitHandlers.get('File'));

  for (const failure of parsed.failures) {
    problems.push({ ruleId: PARSE_ERROR, message: `Parse error: ${shortNearText(failure.message)}`, range: [failure.offset, failure.offset], fatal: true });
  }
  problems.push(...scan.problems);
  if (expanded?.guessed) problems.push(unconfiguredTemplates(expanded.unresolved, options.templates!.guess!));
  else if (expanded?.unresolved.length) problems.push(...unresolvedPlaceholders(expanded.unresolved, units()));
  problems.sort(compareProblems);

  const outcome = applyDirectives(problems, scan.directives);
  const severityOf = (problem: RawProblem): 0 | 1 | 2 => {
    const id = problem.ruleId;
    if (ENGINE_SEVERITY[id]) return ENGINE_SEVERITY[id];
    if (id === 'unused-directive') return options.reportUnusedDirectives ?? 0;
    if (options.downSeverity && inDownSection(layout, () => problem.range[0])) return options.downSeverity(id);
    return options.rules.get(id)?.severity ?? 2;
  };
  const toMessage = (problem: RawProblem): LintMessage =>
    resolvePositions(expanded ? toOriginalRanges(problem, expanded) : problem, severityOf(problem) as 1 | 2, originalLines());
  const kept = (problem: RawProblem): boolean => severityOf(problem) !== 0;

  const messages = outcome.reported.filter(kept).map(toMessage);
  if (options.reportUnusedDirectives) messages.push(...outcome.unused.map(toMessage));
  messages.sort(compareMessages);
  const suppressedMessages = outcome.suppressed.filter(({ problem }) => kept(problem)).map(({ problem, justification }) => ({
    ...toMessage(problem),
    suppressions: [{ kind: 'directive' as const, justification }],
  }));
  return buildResult(options.filename, messages, suppressedMessages, original);
}

/**
 * PostgreSQL refuses the whole text before parsing any of it, so the file gets that one fatal
 * finding and nothing else is linted — or fixed: `--fix` never rewrites a file it cannot read
 * byte for byte.
 */
function rejectedText(filename: string, text: string, index: number, reason: string): LintResult {
  const lines = new LineIndex(text);
  const offset = lines.byteOfIndex(index);
  const message = resolvePositions(
    {
      ruleId: PARSE_ERROR,
      message: `Parse error: ${reason}. PostgreSQL rejects the whole file, so nothing else in it is linted or fixed until this byte is gone.`,
      range: [offset, offset],
      fatal: true,
    },
    2,
    lines,
  );
  return buildResult(filename, [message], [], text);
}

/**
 * A line index built on first use. A function of its own, so that what keeps it (the parsed
 * file) keeps only the text, not everything else lintText's closures share.
 */
function lazyLineIndex(text: string): () => LineIndex {
  let index: LineIndex | undefined;
  return () => (index ??= new LineIndex(text));
}

/** One finding per file for template actions expanded without any `templates` config. */
function unconfiguredTemplates(placeholders: Placeholder[], syntax: readonly string[]): RawProblem {
  const distinct = [...new Set(placeholders.map((p) => p.text))];
  const names = distinct.slice(0, 3).join(', ') + (distinct.length > 3 ? `, and ${distinct.length - 3} more` : '');
  const used = syntax.filter((s) => placeholders.some((p) => (s === 'go' ? p.text.startsWith('{{') : p.text.startsWith('${'))));
  const first = placeholders[0] ?? { start: 0, end: 0 };
  return {
    ruleId: UNRESOLVED_PLACEHOLDER,
    message: `This file uses template placeholders (${names}) and no "templates" config, so it was linted with a placeholder identifier of the same length in their place. Set "templates": { "syntax": ${JSON.stringify(used)}, "values": { … } } in the config to lint it as it will run.`,
    range: [first.start, first.end],
  };
}

/** One finding per statement that uses placeholders without a configured value. */
function unresolvedPlaceholders(placeholders: Placeholder[], units: readonly { start: number; end: number }[]): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const unit of units) {
    const inside = placeholders.filter((p) => p.start >= unit.start && p.start < unit.end);
    if (inside.length === 0) continue;
    const names = [...new Set(inside.map((p) => p.text))].join(', ');
    problems.push({
      ruleId: UNRESOLVED_PLACEHOLDER,
      message: `This statement uses ${names} with no configured value, so it was linted with a stand-in identifier (_name) in its place. Set "templates": { "values": { … } } in the config to lint it as it will run.`,
      range: [inside[0]!.start, inside[0]!.end],
    });
  }
  return problems;
}

function toOriginalRanges(problem: RawProblem, expanded: ExpandedText): RawProblem {
  const range: ByteRange = [expanded.toOriginal(problem.range[0], 'start'), expanded.toOriginal(problem.range[1], 'end')];
  const { fix, ...rest } = problem;
  // A fix that would edit expanded template text cannot be written back into the template.
  if (!fix || expanded.touchesTemplate(fix.range[0], fix.range[1])) return { ...rest, range };
  const fixEnd = fix.range[1] === fix.range[0] ? 'start' : 'end';
  return { ...rest, range, fix: { ...fix, range: [expanded.toOriginal(fix.range[0], 'start'), expanded.toOriginal(fix.range[1], fixEnd)] } };
}

/** The most of PostgreSQL's "at or near" text a report quotes. */
const NEAR_TEXT_LIMIT = 60;

/**
 * PostgreSQL quotes, after "at or near", everything from where it stopped: for an unterminated
 * string or comment, the whole rest of the file. A report quotes the first line of it, at most
 * NEAR_TEXT_LIMIT characters, and marks the cut with "…"; the finding's position says where it is.
 */
function shortNearText(message: string): string {
  const near = nearText(message);
  if (near === undefined) return message;
  const lineBreak = near.search(/[\r\n]/);
  const end = Math.min(lineBreak < 0 ? near.length : lineBreak, NEAR_TEXT_LIMIT);
  return end === near.length ? message : `${message.slice(0, message.length - near.length - 1)}${near.slice(0, end)}…"`;
}

const visitorKeys = new Map<string, { type: string; exit: boolean }>();

/** `IndexStmt` or `IndexStmt:exit`, split once per key for the whole run. */
function visitorKey(key: string): { type: string; exit: boolean } {
  let parsed = visitorKeys.get(key);
  if (!parsed) {
    const exit = key.endsWith(':exit');
    parsed = { type: exit ? key.slice(0, -':exit'.length) : key, exit };
    visitorKeys.set(key, parsed);
  }
  return parsed;
}

/** The statement as rules see it; its range is only worked out if someone asks. */
function statementInfo(
  statement: ParsedStatement,
  node: ParsedStatement['node'],
  index: number,
  position: { inTransaction: boolean; transactionId: number },
  heldAccessExclusive: ReadonlyMap<string, string>,
  session: StatementInfo['session'],
): StatementInfo {
  return new LintedStatement(statement, node, index, position.inTransaction, position.transactionId, heldAccessExclusive, session);
}

/** A class, not an object literal with getters: one is made per statement, and literals with accessors are slow to build. */
class LintedStatement implements StatementInfo {
  readonly type: string;

  constructor(
    private readonly statement: ParsedStatement,
    readonly node: ParsedStatement['node'],
    readonly index: number,
    readonly inTransaction: boolean,
    readonly transactionId: number,
    readonly heldAccessExclusive: ReadonlyMap<string, string>,
    readonly session: StatementInfo['session'],
  ) {
    this.type = statement.type;
  }

  get start(): number {
    return this.statement.start;
  }

  get end(): number {
    return this.statement.end;
  }
}

const EMPTY_LOCKS: ReadonlyMap<string, string> = new Map();

export class RuleCrashError extends Error {
  override name = 'RuleCrashError';
}

function compareProblems(a: RawProblem, b: RawProblem): number {
  return a.range[0] - b.range[0] || a.range[1] - b.range[1] || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message);
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareText(a.ruleId ?? '', b.ruleId ?? '') ||
    compareText(a.message, b.message)
  );
}

/**
 * Code-unit order: the same on every machine, whatever its locale (localeCompare asks ICU, which
 * also cost more than the rest of the sort).
 */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function resolvePositions(problem: RawProblem, severity: 1 | 2, lines: LineIndex): LintMessage {
  const start = lines.positionOfByte(problem.range[0]);
  const end = lines.positionOfByte(problem.range[1]);
  const message: LintMessage = {
    ruleId: problem.ruleId,
    severity,
    message: problem.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
  if (problem.messageId) message.messageId = problem.messageId;
  if (problem.fatal) message.fatal = true;
  if (problem.fix) {
    message.fix = { range: [lines.indexOfByte(problem.fix.range[0]), lines.indexOfByte(problem.fix.range[1])], text: problem.fix.text };
  }
  return message;
}

export function buildResult(filePath: string, messages: LintMessage[], suppressedMessages: LintMessage[], source?: string): LintResult {
  const result: LintResult = {
    filePath,
    messages,
    suppressedMessages,
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
  for (const message of messages) {
    if (message.severity === 2) {
      result.errorCount++;
      if (message.fatal) result.fatalErrorCount++;
      if (message.fix) result.fixableErrorCount++;
    } else {
      result.warningCount++;
      if (message.fix) result.fixableWarningCount++;
    }
  }
  if (messages.length > 0 && source !== undefined) result.source = source;
  return result;
}
