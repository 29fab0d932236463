/**
 * Inline directives in SQL comments, applied to the position-sorted problems after the rules
 * have run (traversal and suppression never mix):
 *
 *   -- migration-lint-ignore rule-a, rule-b -- reason     the whole next statement
 *   -- migration-lint-disable [rules] … -- migration-lint-enable [rules]
 *   -- migration-lint-ignore-file [rules] -- reason       in the header, before the first statement
 *   -- migration-lint-transaction: none | per-file | all | implicit  how the runner wraps this file
 *
 * A directive with no rule list covers every rule. Malformed text never widens a directive: an
 * unknown rule id is reported and covers nothing.
 */
import { isComment, type Token } from '../parser/index.js';
import type { ByteRange, RawProblem, TransactionMode } from './types.js';

export type DirectiveKind = 'ignore' | 'ignore-file' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids it names; empty means every rule. */
  rules: string[];
  justification: string;
  /** The comment's byte range. */
  range: ByteRange;
  /** The byte range it covers (ignore: the next statement; ignore-file: the file). */
  scope: ByteRange | undefined;
}

export interface DirectiveScan {
  directives: Directive[];
  /** Problems with the directives themselves (unknown rules, misplaced directives). */
  problems: RawProblem[];
  /** A `migration-lint-transaction:` directive, if the file has one. */
  transaction: TransactionMode | undefined;
}

const DIRECTIVE = /^migration-lint-(ignore-file|ignore|disable|enable|transaction)(?::|\s|$)([\s\S]*)$/;
const JUSTIFICATION = /\s-{2,}\s/;
const TRANSACTION_MODES: readonly TransactionMode[] = ['none', 'per-file', 'all', 'implicit'];

export const INVALID_DIRECTIVE = 'invalid-directive';
export const UNUSED_DIRECTIVE = 'unused-directive';

export function scanDirectives(
  tokens: readonly Token[],
  statements: readonly { start: number; end: number }[],
  knownRules: ReadonlySet<string>,
  inlineConfig: boolean,
): DirectiveScan {
  const scan: DirectiveScan = { directives: [], problems: [], transaction: undefined };
  const firstStatement = statements[0]?.start ?? Infinity;
  for (const token of tokens) {
    if (!isComment(token)) continue;
    const body = commentBody(token);
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const kind = match[1]!;
    const range: ByteRange = [token.start, token.end];
    const invalid = (message: string): void => {
      scan.problems.push({ ruleId: INVALID_DIRECTIVE, message, range });
    };
    if (kind === 'transaction') {
      const mode = match[2]!.trim().split(JUSTIFICATION)[0]!.trim() as TransactionMode;
      if (TRANSACTION_MODES.includes(mode)) scan.transaction = mode;
      else invalid(`Unknown transaction mode '${mode}' in migration-lint-transaction; expected one of: ${TRANSACTION_MODES.join(', ')}.`);
      continue;
    }
    if (!inlineConfig) continue;
    const [list = '', ...reason] = match[2]!.split(JUSTIFICATION);
    const named = list.split(/[\s,]+/).filter(Boolean);
    const rules = named.filter((id) => knownRules.has(id));
    for (const id of named) {
      if (!knownRules.has(id)) invalid(`Unknown rule '${id}' in migration-lint-${kind} directive.`);
    }
    // Every name was unknown: the directive covers nothing rather than everything.
    if (named.length > 0 && rules.length === 0) continue;
    let scope: ByteRange | undefined;
    if (kind === 'ignore') {
      const next = statements.find((s) => s.start >= token.end);
      scope = next ? [next.start, next.end] : undefined;
    } else if (kind === 'ignore-file') {
      if (token.start > firstStatement) {
        invalid('migration-lint-ignore-file must come before the first statement; it was not applied.');
        continue;
      }
      scope = [0, Number.MAX_SAFE_INTEGER];
    }
    scan.directives.push({ kind: kind as DirectiveKind, rules, justification: reason.join(' -- ').trim(), range, scope });
  }
  return scan;
}

function commentBody(token: Token): string {
  const text = token.kind === 'line-comment' ? token.text.replace(/^--+/, '') : token.text.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
  return text.trim();
}

/** Problems that no directive may hide. */
const UNSUPPRESSIBLE = new Set(['parse-error', INVALID_DIRECTIVE, UNUSED_DIRECTIVE]);

export interface DirectiveOutcome {
  reported: RawProblem[];
  suppressed: { problem: RawProblem; justification: string }[];
  unused: RawProblem[];
}

/** Splits position-sorted problems into reported and suppressed ones. */
export function applyDirectives(problems: RawProblem[], directives: Directive[]): DirectiveOutcome {
  const used = new Map<Directive, Set<string>>();
  const outcome: DirectiveOutcome = { reported: [], suppressed: [], unused: [] };
  for (const problem of problems) {
    const by = UNSUPPRESSIBLE.has(problem.ruleId) ? undefined : suppressor(problem, directives);
    if (!by) {
      outcome.reported.push(problem);
      continue;
    }
    outcome.suppressed.push({ problem, justification: by.justification });
    const ids = used.get(by) ?? new Set<string>();
    ids.add(problem.ruleId);
    used.set(by, ids);
  }
  for (const directive of directives) {
    if (directive.kind === 'enable') continue;
    const hit = used.get(directive);
    const label = `migration-lint-${directive.kind}`;
    if (directive.rules.length === 0) {
      if (!hit) outcome.unused.push(unusedProblem(directive, `Unused ${label} directive (no problems were reported).`));
      continue;
    }
    const idle = directive.rules.filter((id) => !hit?.has(id));
    if (idle.length > 0) {
      const names = idle.map((id) => `'${id}'`).join(', ');
      outcome.unused.push(unusedProblem(directive, `Unused ${label} directive (no problems were reported from ${names}).`));
    }
  }
  return outcome;
}

function unusedProblem(directive: Directive, message: string): RawProblem {
  return { ruleId: UNUSED_DIRECTIVE, message, range: directive.range };
}

function covers(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(ruleId);
}

function suppressor(problem: RawProblem, directives: Directive[]): Directive | undefined {
  const at = problem.range[0];
  let lastRange: Directive | undefined;
  for (const directive of directives) {
    if (!covers(directive, problem.ruleId)) continue;
    if (directive.kind === 'ignore' || directive.kind === 'ignore-file') {
      if (directive.scope && at >= directive.scope[0] && at <= directive.scope[1]) return directive;
    } else if (directive.range[1] <= at) {
      // The last disable/enable before the problem that mentions its rule decides.
      lastRange = directive;
    }
  }
  return lastRange?.kind === 'disable' ? lastRange : undefined;
}
