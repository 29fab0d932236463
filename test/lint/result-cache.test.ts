import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../src/config/load.js';
import type { EnabledRule } from '../../src/engine/linter.js';
import { findFiles } from '../../src/lint/find-files.js';
import { lintFiles, type LintRunOptions } from '../../src/lint/lint-files.js';
import { ResultCache } from '../../src/lint/result-cache.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';
import { project } from '../helpers/tmp.js';

/** Lints the project's db/ folder as the CLI would, with a result cache of the given build. */
async function lintDb(dir: string, cache: ResultCache, extra: Partial<LintRunOptions> = {}) {
  const loader = new ConfigLoader({ cwd: dir, builtinRules: await loadBuiltinRules() });
  const rulesInUse = new Map<string, EnabledRule>();
  const results = await lintFiles(await findFiles(['db'], dir), { cwd: dir, loader, results: cache, rulesInUse, ...extra });
  const findings = results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)} ${m.ruleId}`));
  return { results, findings, rules: [...rulesInUse].map(([id, r]) => `${id}:${r.severity}`) };
}

/** A project linted once with build-1's cache, as a previous run leaves it. */
async function primed(files: Record<string, string>) {
  const dir = project(files);
  const cacheDir = path.join(dir, '.cache');
  const first = await lintDb(dir, new ResultCache('build-1', cacheDir));
  return { dir, cacheDir, first };
}

const ENUM_HISTORY = {
  'db/0001_status.sql': "CREATE TYPE status AS ENUM ('a', 'b');\nCREATE TABLE orders (id int, status status);\n",
  'db/0002_recreate.sql': [
    'ALTER TYPE status RENAME TO status_old;',
    "CREATE TYPE status AS ENUM ('a', 'b');",
    'ALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;',
    'DROP TYPE status_old;',
    'DROP TABLE legacy;',
  ].join('\n'),
};

describe('result cache', () => {
  it('serves an unchanged set from the cache with the same results, sources and rules in force', async () => {
    const { dir, cacheDir, first } = await primed(ENUM_HISTORY);
    expect(first.findings).toEqual(['0002_recreate.sql no-bare-drop-table']);
    const cache = new ResultCache('build-1', cacheDir);
    const second = await lintDb(dir, cache);
    expect(cache.counts).toEqual({ hits: 1, misses: 0 });
    expect(second.results).toEqual(first.results);
    expect(second.results[1]!.source).toBe(ENUM_HISTORY['db/0002_recreate.sql']);
    expect(second.rules).toEqual(first.rules);
  });

  it('lints again when an earlier migration changes what a later one means', async () => {
    const { dir, cacheDir } = await primed(ENUM_HISTORY);
    // The enum now has a value that the recreation drops: the later file's findings change.
    writeFileSync(path.join(dir, 'db/0001_status.sql'), "CREATE TYPE status AS ENUM ('a', 'b', 'gone');\nCREATE TABLE orders (id int, status status);\n");
    const cache = new ResultCache('build-1', cacheDir);
    const { findings } = await lintDb(dir, cache);
    expect(cache.counts).toEqual({ hits: 0, misses: 1 });
    expect(findings).toEqual(['0002_recreate.sql no-unsafe-enum-change', '0002_recreate.sql no-bare-drop-table']);
  });

  it('lints again when the config, the run options, the folder listing or the build change', async () => {
    const { dir, cacheDir } = await primed(ENUM_HISTORY);

    writeFileSync(path.join(dir, '.migration-lintrc.json'), '{ "rules": { "no-bare-drop-table": "warn" } }');
    const afterConfig = new ResultCache('build-1', cacheDir);
    expect((await lintDb(dir, afterConfig)).results[1]!.warningCount).toBe(1);
    expect(afterConfig.counts.misses).toBe(1);

    const quiet = new ResultCache('build-1', cacheDir);
    expect((await lintDb(dir, quiet, { quiet: true })).findings).toEqual([]);
    expect(quiet.counts.misses).toBe(1);

    writeFileSync(path.join(dir, 'db/0004_next.sql'), 'SELECT 1;');
    const listing = new ResultCache('build-1', cacheDir);
    expect((await lintDb(dir, listing)).findings).toContain('0004_next.sql no-numbering-gaps');
    expect(listing.counts.misses).toBe(1);

    const otherBuild = new ResultCache('build-2', cacheDir);
    await lintDb(dir, otherBuild);
    expect(otherBuild.counts).toEqual({ hits: 0, misses: 1 });
  });

  it('is not used for --fix, and not for sets linted with plugin rules', async () => {
    const plugin = `export default { meta: { namespace: 'acme' }, rules: { 'no-truncate': {
      id: 'no-truncate', meta: { type: 'problem', docs: { description: 'x', recommended: false, url: 'u' }, messages: { bad: 'no' }, schema: [] },
      create(ctx) { return { TruncateStmt() { ctx.report({ messageId: 'bad' }); } }; } } } };`;
    const dir = project({
      'db/0001_a.sql': 'TRUNCATE orders;',
      'acme.mjs': plugin,
      '.migration-lintrc.json': JSON.stringify({ plugins: ['./acme.mjs'], rules: { 'acme/no-truncate': 'error' } }),
    });
    const cacheDir = path.join(dir, '.cache');
    for (let run = 0; run < 2; run++) {
      const cache = new ResultCache('build-1', cacheDir);
      expect((await lintDb(dir, cache)).findings).toEqual(['0001_a.sql acme/no-truncate']);
      expect(cache.counts).toEqual({ hits: 0, misses: 0 });
    }
    const fixing = new ResultCache('build-1', cacheDir);
    await lintDb(project({ 'db/0001_a.sql': 'DROP TABLE a;' }), fixing, { fix: true });
    expect(fixing.counts).toEqual({ hits: 0, misses: 0 });
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it('treats a damaged cache file as a miss', async () => {
    const { dir, cacheDir, first } = await primed(ENUM_HISTORY);
    const [file] = readdirSync(cacheDir);
    const stored = readFileSync(path.join(cacheDir, file!), 'utf8');
    writeFileSync(path.join(cacheDir, file!), stored.slice(0, stored.length - 20)); // cut short after a valid header
    const cache = new ResultCache('build-1', cacheDir);
    expect((await lintDb(dir, cache)).results).toEqual(first.results);
    expect(cache.counts).toEqual({ hits: 0, misses: 1 });
  });

  it('treats an entry whose bytes were flipped, though still valid JSON, as a miss', async () => {
    const { dir, cacheDir, first } = await primed(ENUM_HISTORY);
    const [file] = readdirSync(cacheDir);
    const stored = readFileSync(path.join(cacheDir, file!), 'utf8');
    // The finding's line moves from 5 to 4: valid JSON, a wrong report if it were trusted.
    const flipped = stored.replace('"line":5', '"line":4');
    expect(flipped).not.toBe(stored);
    for (const entry of stored.split('\n').slice(1)) JSON.parse(entry);
    writeFileSync(path.join(cacheDir, file!), flipped);
    const cache = new ResultCache('build-1', cacheDir);
    expect((await lintDb(dir, cache)).results).toEqual(first.results);
    expect(cache.counts).toEqual({ hits: 0, misses: 1 });
  });

  it('--cache-strategy content sees a file whose contents changed but whose size and time did not', async () => {
    for (const [strategy, seen] of [['metadata', false], ['content', true]] as const) {
      const dir = project({ 'db/0001_a.sql': 'DROP TABLE IF EXISTS a;\n' });
      const cacheDir = path.join(dir, '.cache');
      const file = path.join(dir, 'db/0001_a.sql');
      const then = new Date('2026-01-01T00:00:00Z');
      utimesSync(file, then, then);
      await lintDb(dir, new ResultCache('build-1', cacheDir), { cacheStrategy: strategy });
      writeFileSync(file, 'DROP TABLE  a;   -- new\n'); // the same size, a new meaning
      expect(statSync(file).size).toBe('DROP TABLE IF EXISTS a;\n'.length);
      utimesSync(file, then, then); // as a CI cache or checkout restores old times
      const cache = new ResultCache('build-1', cacheDir);
      const { findings } = await lintDb(dir, cache, { cacheStrategy: strategy });
      expect(findings.length > 0, strategy).toBe(seen);
      expect(cache.counts, strategy).toEqual(seen ? { hits: 0, misses: 1 } : { hits: 1, misses: 0 });
    }
  });
});
