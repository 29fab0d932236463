import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { hoverAt, ruleGuidance } from '../../src/lsp/hover.js';

const PAGE = `# demo-rule

Intro that the hover leaves out.

## Why

PostgreSQL takes an ACCESS EXCLUSIVE lock.

- reads wait
- writes wait

## Rule details

Not in the hover.

## Safe workflow

1. Add the column.
2. Backfill in batches:

   \`\`\`sql
   UPDATE t SET c = 0 WHERE id < 1000;
   UPDATE t SET c = 0 WHERE id >= 1000;
   \`\`\`

3. Validate.
4. Set NOT NULL.
`;

const diagnostic: Diagnostic = {
  range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } },
  message: 'DROP TABLE "t" has *no* IF EXISTS',
  code: 'demo-rule',
  codeDescription: { href: 'https://example.test/demo-rule.md' },
  source: 'migration-lint',
  data: { ruleId: 'demo-rule', version: 1, isRule: true },
};

describe('hover', () => {
  it('shows the Why section in full and only the start of the safe workflow', () => {
    const guidance = ruleGuidance(PAGE)!;
    expect(guidance).toContain('PostgreSQL takes an ACCESS EXCLUSIVE lock.\n\n- reads wait\n- writes wait');
    expect(guidance).toContain('1. Add the column.');
    expect(guidance).not.toContain('Intro');
    expect(guidance).not.toContain('Not in the hover');
    expect(guidance).not.toContain('4. Set NOT NULL');
    // Cut inside the code block: the fence is closed so the rest of the hover is not code.
    expect(guidance.match(/```/g)!.length % 2).toBe(0);
  });

  it('answers over a finding with its message, the guidance and the docs link, and nothing elsewhere', () => {
    const hover = hoverAt({ line: 2, character: 6 }, [diagnostic], () => PAGE)!;
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('DROP TABLE "t" has \\*no\\* IF EXISTS');
    expect(value).toContain('ACCESS EXCLUSIVE lock');
    expect(value).toContain('[Documentation for demo-rule](https://example.test/demo-rule.md)');
    expect(hover.range).toEqual(diagnostic.range);
    expect(hoverAt({ line: 2, character: 11 }, [diagnostic], () => PAGE)).toBeNull();
    expect(hoverAt({ line: 1, character: 6 }, [diagnostic], () => PAGE)).toBeNull();
  });
});
