import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/parser/index.js';
import { lintText, type EnabledRule } from '../../src/engine/linter.js';
import { defineRule } from '../../src/engine/define-rule.js';

const meta = (id: string) => ({ type: 'problem' as const, docs: { description: id, recommended: true }, messages: { seen: '{{what}}' }, schema: [] });

// Reports every visit it gets, so the test sees which visitors ran, in order.
const steady = defineRule({
  id: 'steady',
  meta: meta('steady'),
  create: (context) => ({
    DropStmt: () => context.report({ messageId: 'seen', data: { what: 'steady DropStmt' } }),
    'Statement:exit': () => context.report({ messageId: 'seen', data: { what: 'steady Statement:exit' } }),
  }),
});

// Returns other visitors for some files, as a rule may (ESLint rules do: `if (!enabled) return {}`).
const moody = defineRule({
  id: 'moody',
  meta: meta('moody'),
  create: (context) =>
    context.filename.endsWith('b.sql')
      ? {
          CreateStmt: undefined,
          DropStmt: () => context.report({ messageId: 'seen', data: { what: 'moody DropStmt' } }),
        }
      : { CreateStmt: () => context.report({ messageId: 'seen', data: { what: 'moody CreateStmt' } }) },
});

describe('rule visitors', () => {
  beforeAll(loadParser);

  const rules = new Map<string, EnabledRule>([
    ['steady', { rule: steady, severity: 2, options: [] }],
    ['moody', { rule: moody, severity: 2, options: [] }],
  ]);
  const seen = (filename: string): string[] =>
    lintText('CREATE TABLE t (id int);\nDROP TABLE t;', {
      filename,
      rules,
      knownRuleIds: new Set(rules.keys()),
      settings: { postgresVersion: 16, transaction: 'none' },
    }).messages.map((m) => `${m.line}: ${m.message}`);

  it('run for each file as that file\'s create() returned them, whatever earlier files returned', () => {
    const a = ['1: moody CreateStmt', '1: steady Statement:exit', '2: steady DropStmt', '2: steady Statement:exit'];
    const b = ['1: steady Statement:exit', '2: moody DropStmt', '2: steady DropStmt', '2: steady Statement:exit'];
    expect(seen('/m/a.sql')).toEqual(a);
    expect(seen('/m/b.sql')).toEqual(b);
    expect(seen('/m/a.sql')).toEqual(a);
    expect(seen('/m/b.sql')).toEqual(b);
  });
});
