/**
 * Every rule has a docs page in the fixed template, and the page's SQL examples behave as they
 * say: each ```sql incorrect block makes the rule report, each ```sql correct block reports
 * nothing. Fence attributes set the case up: `pg=11`, `transaction=per-file`,
 * `filename=0003_x.sql`, `folder=0001_a.sql,0002_b.sql`, `framework=prisma`, `journal=0000_a,0001_b` (drizzle-kit journal
 * tags, `0001_b@1700000000000` with its `when`), `pending=0002_b.sql` (the pending deploy batch; the
 * rest of the folder counts as applied).
 * Lines above a `-- this migration:` line are an earlier migration: replayed into the schema state, not linted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { loadBuiltinRules } from '../src/rules-registry.js';
import { loadParser } from '../src/parser/index.js';
import { lintText } from '../src/engine/linter.js';
import type { Rule, TransactionMode } from '../src/engine/types.js';
import { migrationSetFromNames, setRootOf, type MigrationSet } from '../src/migrations/migration-set.js';
import type { FrameworkId } from '../src/migrations/frameworks.js';
import { presetsOf } from '../src/config/schema.js';
import { SchemaState } from '../src/analysis/schema-state.js';
import { TransactionTracker } from '../src/analysis/transactions.js';
import { replayText } from '../src/engine/replay.js';
import { ENGINE_FINDING_PAGES } from '../src/rule-docs.js';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(import.meta.dirname, '..');
const docsDir = path.join(root, 'docs', 'rules');
const rules = await loadBuiltinRules();
const REQUIRED_HEADINGS = ['## Why', '## Rule details', '## Options', '## When not to use it'];

interface Example {
  kind: 'correct' | 'incorrect';
  code: string;
  line: number;
  attributes: Record<string, string>;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^```sql[ \t]+(correct|incorrect)([^\n]*)\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    const attributes = Object.fromEntries([...match[2]!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    out.push({ kind: match[1] as Example['kind'], code: match[3]!, line: markdown.slice(0, match.index).split('\n').length, attributes });
  }
  return out;
}

const EARLIER = /^-- this migration:\n/m;

/** Lints an example with only `rule` on, or with no rule at all (engine findings). */
function lintExample(rule: Rule | undefined, example: Example) {
  const filename = path.join(root, 'fixtures', 'docs-examples', example.attributes.filename ?? 'migration.sql');
  const transaction = (example.attributes.transaction ?? 'none') as TransactionMode;
  const split = EARLIER.exec(example.code);
  const schema = new SchemaState();
  const transactions = new TransactionTracker();
  if (split) {
    replayText(example.code.slice(0, split.index), schema, transactions, transaction);
    transactions.endHistory();
  }
  return lintText(split ? example.code.slice(split.index + split[0].length) : example.code, {
    schema,
    transactions,
    filename,
    rules: new Map(rule ? [[rule.id, { rule, severity: 2 as const, options: rule.meta.defaultOptions ?? [] }]] : []),
    knownRuleIds: new Set(rules.keys()),
    settings: {
      postgresVersion: Number(example.attributes.pg ?? 14),
      transaction: (example.attributes.transaction ?? 'none') as TransactionMode,
    },
    ...(example.attributes.folder ? { migrationSet: exampleSet(filename, example.attributes) } : {}),
  });
}

function exampleSet(filename: string, attributes: Record<string, string>): MigrationSet {
  const set = migrationSetFromNames(
    setRootOf(filename),
    (attributes.framework ?? 'plain') as FrameworkId,
    attributes.folder!.split(','),
    attributes.journal?.split(',').map((entry, idx) => {
      const [tag, when] = entry.split('@');
      return { idx, tag: tag!, ...(when ? { when: Number(when) } : {}) };
    }),
  );
  if (!attributes.pending) return set;
  const pending = new Set(attributes.pending.split(','));
  return { ...set, batches: { source: 'git', batchOf: (file) => (pending.has(file) ? 2 : 1), isPending: (file) => pending.has(file) } };
}

beforeAll(async () => {
  await loadParser();
});

describe('rule docs', () => {
  it('every docs page belongs to a rule, or to an engine finding listed in ENGINE_FINDING_PAGES', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'TEMPLATE.md').map((f) => f.replace(/\.md$/, ''));
    expect(pages.filter((id) => !rules.has(id) && !ENGINE_FINDING_PAGES.includes(id))).toEqual([]);
    for (const id of ENGINE_FINDING_PAGES) expect(rules.has(id), `${id} is an engine finding, not a rule`).toBe(false);
  });

  for (const [id, rule] of rules) {
    describe(id, () => {
      const file = path.join(docsDir, `${id}.md`);
      const markdown = readFileSync(file, 'utf8');

      it('has front matter matching the rule meta, and the template headings', () => {
        const front = /^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? '';
        expect(front).toContain(`id: ${id}`);
        expect(front).toContain(`description: ${rule.meta.docs.description}`);
        expect(markdown).toContain(`# ${id}`);
        for (const heading of REQUIRED_HEADINGS) expect(markdown, `${id}.md lacks "${heading}"`).toContain(`\n${heading}\n`);
        const options = rule.meta.schema.flatMap((s) => Object.keys((s as { properties?: object }).properties ?? {}));
        for (const option of options) expect(markdown, `${id}.md lacks "### ${option}"`).toContain(`\n### ${option}\n`);
      });

      it('states the presets that include it, as its metadata says', () => {
        const expected = `**Presets:** ${presetsOf(rule.meta.docs.recommended).map((p) => `\`${p}\``).join(', ')}`;
        const stated = markdown.split('\n').filter((line) => line.startsWith('**Presets:**'));
        expect(stated, `${id}.md must have exactly the line "${expected}" (from meta.docs.recommended; npm test writes it)`).toEqual([expected]);
      });

      const blocks = examples(markdown);
      it('has both incorrect and correct examples', () => {
        expect(blocks.some((b) => b.kind === 'incorrect')).toBe(true);
        expect(blocks.some((b) => b.kind === 'correct')).toBe(true);
      });

      for (const example of blocks) {
        it(`${example.kind} example at ${id}.md:${example.line}`, () => {
          const result = lintExample(rule, example);
          const parseErrors = result.messages.filter((m) => m.fatal).map((m) => m.message);
          expect(parseErrors).toEqual([]);
          const found = result.messages.filter((m) => m.ruleId === id);
          if (example.kind === 'incorrect') expect(found.length, 'an incorrect example must trigger the rule').toBeGreaterThan(0);
          else expect(found.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
        });
      }
    });
  }
});

/**
 * Pages of engine findings (parse-error): the same template, and their examples checked against
 * the engine with every rule off: an incorrect block gives the finding, a correct one does not.
 */
describe.each(ENGINE_FINDING_PAGES)('engine finding %s', (id) => {
  const markdown = readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
  const blocks = examples(markdown);

  it('has front matter and the template headings', () => {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? '';
    expect(front).toContain(`id: ${id}`);
    expect(front).toMatch(/\ndescription: \S/);
    expect(markdown).toContain(`\n# ${id}\n`);
    for (const heading of REQUIRED_HEADINGS) expect(markdown, `${id}.md lacks "${heading}"`).toContain(`\n${heading}\n`);
    expect(blocks.some((b) => b.kind === 'incorrect') && blocks.some((b) => b.kind === 'correct')).toBe(true);
  });

  for (const example of blocks) {
    it(`${example.kind} example at ${id}.md:${example.line}`, () => {
      const found = lintExample(undefined, example).messages.filter((m) => m.ruleId === id);
      if (example.kind === 'incorrect') expect(found.length, `an incorrect example must give ${id}`).toBeGreaterThan(0);
      else expect(found.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
  }
});

describe('parse-error examples on PostgreSQL 18 (PGlite)', () => {
  it('PostgreSQL rejects each incorrect example with a syntax error, as the page says', async () => {
    const db = await PGlite.create();
    try {
      expect((await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version).toMatch(/^18\./);
      const incorrect = examples(readFileSync(path.join(docsDir, 'parse-error.md'), 'utf8')).filter((b) => b.kind === 'incorrect');
      for (const example of incorrect) await expect(db.exec(example.code), example.code).rejects.toThrow(/syntax error/);
    } finally {
      await db.close();
    }
  }, 120_000); // PGlite's start-up takes seconds on a busy machine
});

describe('README', () => {
  it('links every rule to its docs page', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const id of rules.keys()) expect(readme).toContain(`(docs/rules/${id}.md)`);
  });
});
