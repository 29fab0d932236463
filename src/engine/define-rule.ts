import type { Rule, RuleContext, RuleMeta, Visitors } from './types.js';

/** Where each rule's docs page lives; `<id>.md` is appended. */
export const RULE_DOCS_BASE = 'https://github.com/migration-lint/migration-lint/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}

/**
 * Declares a rule. The docs URL is derived from the id, and `create` receives the options with
 * the rule's defaults already merged in.
 */
export function defineRule<Options extends unknown[] = [], MessageIds extends string = string>(definition: {
  id: string;
  meta: RuleMeta<MessageIds>;
  create(context: RuleContext<MessageIds>, options: Options): Visitors;
}): Rule<Options, MessageIds> {
  return {
    id: definition.id,
    meta: { ...definition.meta, docs: { ...definition.meta.docs, url: definition.meta.docs.url ?? ruleDocsUrl(definition.id) } },
    create: definition.create,
  };
}

/** The user's options over the rule's defaults; objects are merged one level deep. */
export function applyDefaultOptions(defaults: unknown[] | undefined, given: unknown[]): unknown[] {
  const out: unknown[] = [];
  const length = Math.max(defaults?.length ?? 0, given.length);
  for (let i = 0; i < length; i++) {
    const base = defaults?.[i];
    const value = given[i];
    if (isPlainObject(base) && isPlainObject(value)) out.push({ ...base, ...value });
    else out.push(value === undefined ? base : value);
  }
  return deepFreeze(out);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
