/**
 * Validation of a config file with ajv: its shape against the config schema, and each rule entry's
 * severity and options against the rule's own meta.schema. Errors read "key: what was expected",
 * and an unknown rule id gets the closest known one.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { Rule } from '../engine/types.js';
import { CONFIG_KEYS, OVERRIDE_KEYS, configSchema } from './schema.js';
import { toSeverity } from './severity.js';

// ajv is loaded on first use: most runs have no config file and no rule options to check.
type AjvInstance = { compile(schema: object): ValidateFunction };

let ajvInstance: AjvInstance | undefined;

let configShapeValidator: ValidateFunction | undefined;

function ajv(): AjvInstance {
  if (!ajvInstance) {
    const module = createRequire(import.meta.url)('ajv') as { default: new (options: object) => AjvInstance };
    ajvInstance = new module.default({ allErrors: true, strict: false });
  }
  return ajvInstance;
}

export function validateConfigShape(data: unknown): ValidateFunction {
  configShapeValidator ??= ajv().compile(configSchema);
  configShapeValidator(data);
  return configShapeValidator;
}

/** Turns ajv's errors into "key: what was expected" lines. */
export function describe(errors: ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    const at = keyPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = at === '' ? CONFIG_KEYS.join(', ') : at === 'down' ? 'rules' : OVERRIDE_KEYS.join(', ');
      lines.add(`unknown key "${at ? `${at}.` : ''}${key}"; expected one of: ${allowed}`);
    } else if (error.keyword === 'enum') {
      lines.add(`"${at}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
    } else if (error.keyword === 'anyOf' || error.keyword === 'if') {
      continue;
    } else {
      lines.add(`"${at || '(top level)'}" ${error.message ?? 'is invalid'}`);
    }
  }
  if (lines.size === 0) for (const e of errors) lines.add(`"${keyPath(e.instancePath)}" ${e.message ?? 'is invalid'}`);
  return [...lines];
}

function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i ? '.' : ''}${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}

const optionValidators = new WeakMap<Rule, ValidateFunction>();

export function checkRules(entries: Record<string, unknown> | undefined, at: string, rules: ReadonlyMap<string, Rule>): string[] {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(entries ?? {})) {
    const problem = checkRuleEntry(id, entry, rules);
    if (problem) problems.push(`"${at}.${id}": ${problem}`);
  }
  return problems;
}

/** Validates one `id: severity | [severity, ...options]` entry; returns what is wrong, if anything. */
export function checkRuleEntry(id: string, entry: unknown, rules: ReadonlyMap<string, Rule>): string | undefined {
  const rule = rules.get(id);
  if (!rule) {
    const close = closestId(id, [...rules.keys()]);
    return `unknown rule "${id}"${close ? `; did you mean "${close}"?` : ''} (run migration-lint --list-rules)`;
  }
  const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
  if (toSeverity(severity) === undefined) return `severity ${JSON.stringify(severity)} is not one of "off", "warn", "error" (or 0, 1, 2)`;
  if (options.length > rule.meta.schema.length) {
    return rule.meta.schema.length === 0 ? 'this rule takes no options' : `this rule takes at most ${rule.meta.schema.length} option(s)`;
  }
  if (options.length === 0) return undefined;
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = ajv().compile({ type: 'array', items: rule.meta.schema, additionalItems: false });
    optionValidators.set(rule, validate);
  }
  if (!validate(options)) {
    return `invalid options: ${(validate.errors ?? []).map(describeOptionError).join('; ')}`;
  }
  return undefined;
}

function describeOptionError(error: ErrorObject): string {
  const at = keyPath(error.instancePath) || 'options';
  if (error.keyword === 'additionalProperties') return `${at} has an unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return `${at} ${error.message}`;
}

function closestId(id: string, ids: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(id.length / 3)) + 1;
  for (const candidate of ids) {
    const distance = levenshtein(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
