/** JSON Schema of a migration-lint config file, checked with ajv before any file is linted. */
import { FRAMEWORK_IDS, type FrameworkId } from '../migrations/frameworks.js';

const severity = { anyOf: [{ enum: ['off', 'warn', 'error', 0, 1, 2] }] };
const ruleEntry = { anyOf: [severity, { type: 'array', minItems: 1, items: true }] };
const rules = { type: 'object', additionalProperties: ruleEntry };
const globs = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const transaction = { enum: ['none', 'per-file', 'all', 'implicit'] };
const postgresVersion = { type: 'integer', minimum: 9, maximum: 30 };
const framework = { enum: [...FRAMEWORK_IDS] };

export const OVERRIDE_KEYS = ['files', 'excludedFiles', 'rules', 'postgresVersion', 'transaction', 'framework'] as const;

export const CONFIG_KEYS = [
  'extends',
  'rules',
  'overrides',
  'ignores',
  'postgresVersion',
  'transaction',
  'plugins',
  'migrations',
  'reportUnusedDisableDirectives',
  'noInlineConfig',
  'framework',
  'baseline',
  'down',
  'templates',
  'batches',
] as const;

/** The presets a config can extend; see presetIncludes. */
export const PRESETS = ['recommended', 'strict', 'style', 'all'] as const;
export type Preset = (typeof PRESETS)[number];

/** Whether a preset switches a rule on, from the rule's `meta.docs.recommended` level. */
export function presetIncludes(preset: Preset, level: boolean | 'strict' | 'style'): boolean {
  switch (preset) {
    case 'all':
      return true;
    case 'recommended':
      return level === true;
    case 'strict':
      return level === true || level === 'strict';
    case 'style':
      return level === 'style';
  }
}

/** Every preset that switches a rule on, in PRESETS order (what a rule's docs page states). */
export function presetsOf(level: boolean | 'strict' | 'style'): Preset[] {
  return PRESETS.filter((preset) => presetIncludes(preset, level));
}

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: { anyOf: [{ enum: PRESETS }, { type: 'array', items: { enum: PRESETS } }] },
    rules,
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: { files: globs, excludedFiles: globs, rules, postgresVersion, transaction, framework },
      },
    },
    ignores: { type: 'array', items: { type: 'string' } },
    postgresVersion,
    transaction,
    plugins: { type: 'array', items: { type: 'string' } },
    migrations: globs,
    reportUnusedDisableDirectives: severity,
    noInlineConfig: { type: 'boolean' },
    framework,
    baseline: { type: 'string', minLength: 1 },
    down: { type: 'object', additionalProperties: false, properties: { rules } },
    templates: {
      type: 'object',
      additionalProperties: false,
      properties: {
        syntax: { type: 'array', items: { enum: ['flyway', 'go'] } },
        values: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    batches: { enum: ['git', 'file'] },
  },
} as const;

export interface ConfigFile {
  extends?: Preset | Preset[];
  rules?: Record<string, unknown>;
  overrides?: {
    files: string | string[];
    excludedFiles?: string | string[];
    rules?: Record<string, unknown>;
    postgresVersion?: number;
    transaction?: 'none' | 'per-file' | 'all' | 'implicit';
    framework?: FrameworkId;
  }[];
  ignores?: string[];
  postgresVersion?: number;
  transaction?: 'none' | 'per-file' | 'all' | 'implicit';
  plugins?: string[];
  migrations?: string | string[];
  reportUnusedDisableDirectives?: 'off' | 'warn' | 'error' | 0 | 1 | 2;
  noInlineConfig?: boolean;
  /** The runner of the migration folder, when detection should not decide. */
  framework?: FrameworkId;
  /** Adopt on an old project: migrations up to and including this version are history, not linted. */
  baseline?: string;
  /** Rules for down migrations (files and sections); over the built-in relaxation. */
  down?: { rules?: Record<string, unknown> };
  /** Templated SQL: which syntaxes to expand (Flyway sets expand `${…}` by default) and the values. */
  templates?: { syntax?: ('flyway' | 'go')[]; values?: Record<string, string> };
  /** How deploy batches are found: from git history (default), or only the linted file is new. */
  batches?: 'git' | 'file';
}

/**
 * Down migrations undo a deploy; they are not what takes production down, and they restore the
 * types an earlier migration chose, so style does not apply to them either. Rules for changes that
 * fail outright stay on: a down migration that fails is still a failure.
 */
export const BUILTIN_DOWN_RULES: Record<string, unknown> = {
  'no-bare-drop-table': 'off',
  'no-not-null-without-default': 'off',
  'no-unsafe-enum-change': 'off',
  'require-timeouts': 'off',
  'no-whole-table-dml': 'off',
  'no-slow-work-under-lock': 'off',
  'prefer-robust-types': 'off',
  'prefer-identity': 'off',
  'prefer-bigint-keys': 'off',
  'no-constrained-domains': 'off',
  'require-schema-qualified-names': 'off',
  'no-rename': 'off',
  'no-drop-column': 'off',
  'no-drop-not-null': 'off',
  'no-destructive-drop': 'off',
  'require-concurrently': 'off',
  'require-not-valid-constraint': 'off',
  'require-unique-index-first': 'off',
  'no-column-type-rewrite': 'off',
  'no-rewriting-add-column': 'off',
  'no-blocking-table-commands': 'off',
};

/** The PostgreSQL major version assumed when the config names none: the oldest still supported upstream. */
export const DEFAULT_POSTGRES_VERSION = 14;
