/** The library API: everything a plugin author or an integration needs. */
export { defineRule, ruleDocsUrl } from './engine/define-rule.js';
export { lintText, PARSE_ERROR, type EnabledRule, type LintTextOptions } from './engine/linter.js';
export { applyFixes } from './engine/fixes.js';
export { loadParser } from './parser/index.js';
export { RuleTester, type ValidTestCase, type InvalidTestCase, type ExpectedError } from './rule-tester.js';
export { loadBuiltinRules } from './rules-registry.js';
export { ConfigLoader, ConfigError, type FileConfig } from './config/load.js';
export { findFiles } from './lint/find-files.js';
export { lintFiles, lintBuffer } from './lint/lint-files.js';
export { UsageError } from './usage-error.js';
export { loadFormatter } from './reporters/index.js';
export type { Formatter, FormatterContext } from './reporters/types.js';
export type { SchemaView, TableState, ColumnState, EnumState } from './analysis/schema-state.js';
export type * from './engine/types.js';
