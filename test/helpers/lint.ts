/** Lints SQL in memory with the built-in rules, as the CLI would with the default config. */
import path from 'node:path';
import { loadParser } from '../../src/parser/index.js';
import { lintText, type LintTextOptions } from '../../src/engine/linter.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';
import { applyDefaultOptions } from '../../src/engine/define-rule.js';
import type { LintResult } from '../../src/engine/types.js';
import { presetIncludes } from '../../src/config/schema.js';

export async function lint(code: string, options: Partial<LintTextOptions> & { only?: string[] } = {}): Promise<LintResult> {
  await loadParser();
  const rules = await loadBuiltinRules();
  const enabled = new Map(
    [...rules]
      // The default config: the recommended preset, unless the test names its rules.
      .filter(([id, rule]) => (options.only ? options.only.includes(id) : presetIncludes('recommended', rule.meta.docs.recommended)))
      .map(([id, rule]) => [id, { rule, severity: 2 as const, options: applyDefaultOptions(rule.meta.defaultOptions, []) }]),
  );
  return lintText(code, {
    filename: path.resolve('test.sql'),
    rules: enabled,
    knownRuleIds: new Set(rules.keys()),
    settings: { postgresVersion: 14, transaction: 'none' },
    ...options,
  });
}
