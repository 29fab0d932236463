/**
 * `extends` switches on exactly the rules of its presets: recommended (the default) ⊂ strict;
 * style apart; all = every rule. Checked with one stand-in rule per level, so the test does not
 * move when rules are added, and once against the real rules' metadata.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../src/config/load.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';
import { presetName } from '../../src/cli.js';
import { project } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';

const standIn = (id: string, recommended: boolean | 'strict' | 'style'): Rule =>
  defineRule({ id, meta: { type: 'problem', docs: { description: id, recommended }, messages: {}, schema: [] }, create: () => ({}) }) as Rule;

const LEVELS = new Map<string, Rule>([
  ['in-recommended', standIn('in-recommended', true)],
  ['in-strict', standIn('in-strict', 'strict')],
  ['in-style', standIn('in-style', 'style')],
  ['in-all-only', standIn('in-all-only', false)],
]);

async function enabledRules(config: object | undefined, builtinRules: ReadonlyMap<string, Rule> = LEVELS): Promise<string[]> {
  const dir = project({ 'db/0001_a.sql': 'SELECT 1;', ...(config ? { '.migration-lintrc.json': JSON.stringify(config) } : {}) });
  const loader = new ConfigLoader({ cwd: dir, builtinRules });
  const resolved = await loader.forFile(path.join(dir, 'db/0001_a.sql'));
  return [...resolved.rules].filter(([, setting]) => setting.severity > 0).map(([id]) => id).sort();
}

describe('presets', () => {
  it.each([
    ['no config', undefined, ['in-recommended']],
    ['"recommended"', { extends: 'recommended' }, ['in-recommended']],
    ['"strict": recommended and strict rules', { extends: 'strict' }, ['in-recommended', 'in-strict']],
    ['"style": the style rules only', { extends: 'style' }, ['in-style']],
    ['"all": every rule', { extends: 'all' }, ['in-all-only', 'in-recommended', 'in-strict', 'in-style']],
    ['a list: the union', { extends: ['recommended', 'style'] }, ['in-recommended', 'in-style']],
    ['a list with strict and style', { extends: ['strict', 'style'] }, ['in-recommended', 'in-strict', 'in-style']],
    ['an empty list: nothing', { extends: [] }, []],
  ])('%s', async (_name, config, expected) => {
    expect(await enabledRules(config)).toEqual(expected);
  });

  it('rules in the config still win over the preset, both ways', async () => {
    expect(await enabledRules({ extends: 'strict', rules: { 'in-strict': 'off', 'in-all-only': 'warn' } })).toEqual(['in-all-only', 'in-recommended']);
  });

  it.each(['style', 'strict'])('the %s rules of this branch are off in down migrations (style restores earlier types; a rollback is not a deploy)', async (preset) => {
    const dir = project({ 'db/1_a.down.sql': 'SELECT 1;', '.migration-lintrc.json': JSON.stringify({ extends: preset }) });
    const builtin = await loadBuiltinRules();
    const resolved = await new ConfigLoader({ cwd: dir, builtinRules: builtin }).forFile(path.join(dir, 'db/1_a.down.sql'));
    const ids = ['require-timeouts', 'no-whole-table-dml', 'no-slow-work-under-lock', 'prefer-robust-types', 'prefer-identity', 'prefer-bigint-keys', 'no-constrained-domains'];
    const enabled = ids.filter((id) => (resolved.rules.get(id)?.severity ?? 0) > 0);
    expect(enabled.length).toBeGreaterThan(0);
    expect(enabled.filter((id) => (resolved.downRules.get(id)?.severity ?? 0) > 0)).toEqual([]);
  });

  it('end to end: a goose file with strict and style findings in its up section only reports those, not its down section', async () => {
    const goose = [
      '-- +goose Up',
      "UPDATE users SET plan = 'free';",
      'ALTER TABLE users ADD COLUMN seen_at timestamp;',
      '-- +goose Down',
      "UPDATE users SET plan = 'legacy';",
      'ALTER TABLE users ALTER COLUMN seen_at TYPE timestamp(0);',
      '',
    ].join('\n');
    const dir = project({ 'db/00002_plan.sql': goose, 'db/00001_users.sql': '-- +goose Up\nCREATE TABLE users (id bigint, plan text);\n', '.migration-lintrc.json': JSON.stringify({ extends: ['strict', 'style'] }) });
    const { stdout } = await cli(['-f', 'json', '--no-cache', 'db/00002_plan.sql'], { cwd: dir });
    const messages = (JSON.parse(stdout) as { messages: { ruleId: string; line: number }[] }[])[0]!.messages;
    expect(messages.filter((m) => ['no-whole-table-dml', 'prefer-robust-types'].includes(m.ruleId)).map((m) => `${m.ruleId}@${m.line}`)).toEqual([
      'no-whole-table-dml@2',
      'prefer-robust-types@3',
    ]);
  });

  it('an unknown preset is a config error naming the key', async () => {
    await expect(enabledRules({ extends: 'strictest' })).rejects.toThrow(/extends/);
  });

  it('with the real rules, each preset switches on the rules whose metadata names it', async () => {
    const rules = await loadBuiltinRules();
    const byLevel = (test: (level: boolean | 'strict' | 'style') => boolean): string[] =>
      [...rules.values()].filter((r) => test(r.meta.docs.recommended)).map((r) => r.id).sort();
    expect(await enabledRules({ extends: 'strict' }, rules)).toEqual(byLevel((l) => l === true || l === 'strict'));
    expect(await enabledRules({ extends: 'style' }, rules)).toEqual(byLevel((l) => l === 'style'));
    expect(await enabledRules({ extends: 'all' }, rules)).toEqual(byLevel(() => true));
    expect(await enabledRules(undefined, rules)).toEqual(byLevel((l) => l === true));
    expect(presetName(true)).toBe('recommended');
    expect(presetName(false)).toBe('all');
  });
});
