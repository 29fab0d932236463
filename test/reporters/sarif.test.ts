/**
 * `-f sarif` end to end: the real CLI writes a file that validates against the official SARIF
 * 2.1.0 schema and meets GitHub code scanning's own ingestion rules; plus the formatter's limits.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactUri, buildSarif, findRepositoryRoot, markdownToText, pascalCase, stripFrontMatter, type SarifLog } from '../../src/reporters/sarif.js';
import type { FormatterContext } from '../../src/reporters/types.js';
import type { LintMessage, LintResult } from '../../src/engine/types.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'migration-lint.js');
const fixtureRepo = path.join(root, 'fixtures', 'reporters', 'sarif');
// A folder name with a space: uris must percent-encode it.
const migrations = path.join(fixtureRepo, 'db', 'schema changes');
const fixtureUri = 'fixtures/reporters/sarif/db/schema%20changes';

// The official schema (rtm.5, draft-04) with the options it needs under ajv 8 (conventions §1.11).
const AjvDraft04 = (require('ajv-draft-04') as { default: typeof import('ajv-draft-04').default }).default;
const addFormats = (require('ajv-formats') as { default: typeof import('ajv-formats').default }).default;
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSchema = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);

function schemaErrors(log: unknown): string[] {
  return validateSchema(log) ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** What GitHub's upload checks on top of the schema (conventions §0 and §1.1). */
function githubProblems(log: SarifLog): string[] {
  const problems: string[] = [];
  const run = log.runs[0];
  if (log.runs.length !== 1) problems.push('expected one run');
  if (!Array.isArray(run.results)) problems.push('results is not an array');
  if (run.columnKind !== 'utf16CodeUnits') problems.push('columnKind');
  const rules = run.tool.driver.rules;
  for (const rule of rules) {
    if (!rule.shortDescription?.text || rule.shortDescription.text.length > 1024) problems.push(`${rule.id}: shortDescription`);
    if (!rule.fullDescription?.text || rule.fullDescription.text.length > 1024) problems.push(`${rule.id}: fullDescription`);
    if (!rule.help?.text) problems.push(`${rule.id}: help.text`);
    if (!rule.name || rule.name.length > 255) problems.push(`${rule.id}: name`);
    if (!['note', 'warning', 'error'].includes(rule.defaultConfiguration.level)) problems.push(`${rule.id}: level`);
  }
  for (const [i, result] of run.results.entries()) {
    if (!['error', 'warning', 'note', 'none'].includes(result.level)) problems.push(`result ${i}: level ${result.level}`);
    if (rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`result ${i}: ruleIndex does not point at ${result.ruleId}`);
    if (!result.message.text) problems.push(`result ${i}: empty message`);
    const location = result.locations?.[0]?.physicalLocation;
    if (!location?.artifactLocation.uri || !location.region.startLine) problems.push(`result ${i}: no uri + startLine`);
    const uri = location?.artifactLocation.uri ?? '';
    if (uri.includes('\\') || uri.startsWith('/') || /^[a-z]+:/i.test(uri) || uri.includes(' ')) problems.push(`result ${i}: uri ${uri}`);
    const { startLine, startColumn, endLine, endColumn } = location?.region ?? {};
    for (const [name, value] of Object.entries({ startLine, startColumn, endLine, endColumn })) {
      if (typeof value !== 'number' || value < 1) problems.push(`result ${i}: ${name} ${String(value)}`);
    }
  }
  return problems;
}

function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The text a region covers in a file, counting lines and UTF-16 columns as SARIF does. */
function regionText(file: string, region: { startLine: number; startColumn: number; endLine: number; endColumn: number }): string {
  const lines = readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
  expect(region.endLine).toBe(region.startLine);
  const line = lines[region.startLine - 1]!;
  expect(region.endColumn - 1).toBeLessThanOrEqual(line.length);
  return line.slice(region.startColumn - 1, region.endColumn - 1);
}

const docsPage = (id: string): string | undefined => {
  const file = path.join(root, 'docs', 'rules', `${id}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

let tmp: string;
let log: SarifLog;
let firstRun: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'src', 'cli.js'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npx tsc -p tsconfig.build.json`.');
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-sarif-'));
  firstRun = await runCli(['-f', 'sarif', '-o', path.join(tmp, 'out.sarif'), migrations], root);
  log = JSON.parse(readFileSync(path.join(tmp, 'out.sarif'), 'utf8')) as SarifLog;
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('-f sarif through the CLI', () => {
  it('uses fixtures with CRLF line endings and non-ASCII text', () => {
    const text = readFileSync(path.join(migrations, '0002_add_email.sql'), 'utf8');
    expect(text).toContain('\r\n');
    expect(text).toMatch(/[^\x00-\x7f]/);
  });

  it('exits 1, writes the file and prints nothing to stdout', () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(1);
    expect(firstRun.stdout).toBe('');
    expect(existsSync(path.join(tmp, 'out.sarif'))).toBe(true);
  });

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(schemaErrors(log)).toEqual([]);
  });

  it("meets GitHub code scanning's ingestion rules", () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(githubProblems(log)).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('names the tool and lists every enabled rule, plus the engine findings that occurred', async () => {
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('migration-lint');
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(driver.semanticVersion).toBe(version);
    const recommended = [...(await loadBuiltinRules()).values()].filter((r) => r.meta.docs.recommended === true).map((r) => r.id);
    const ids = driver.rules.map((r) => r.id);
    for (const id of recommended) expect(ids).toContain(id);
    expect(ids).toContain('parse-error');
    expect(ids).not.toContain('invalid-directive');
    const drop = driver.rules.find((r) => r.id === 'no-bare-drop-table')!;
    expect(drop.name).toBe('NoBareDropTable');
    expect(drop.helpUri).toMatch(/^https:\/\/.*no-bare-drop-table\.md$/);
    expect(drop.defaultConfiguration.level).toBe('error');
    expect(drop.properties.tags).toEqual(expect.arrayContaining(['postgresql', 'migrations']));
  });

  it('gives parse-error a help text and a helpUri from its own docs page, like every rule', () => {
    const parse = log.runs[0].tool.driver.rules.find((r) => r.id === 'parse-error')!;
    expect(parse.helpUri).toMatch(/^https:\/\/.*\/docs\/rules\/parse-error\.md$/);
    expect(parse.help.markdown).toContain('PostgreSQL 18');
    expect(parse.help.markdown).toContain('### Templated SQL');
    expect(parse.help.text).toContain('syntax error at or near');
  });

  it("takes each rule's help from its docs page", async () => {
    for (const rule of log.runs[0].tool.driver.rules) {
      const page = docsPage(rule.id);
      if (page === undefined) {
        expect(rule.help.markdown).toBeUndefined();
        expect(rule.help.text).toContain(rule.shortDescription.text);
        continue;
      }
      const why = /^## Why\n+([^\n]+)/m.exec(page)?.[1];
      expect(why, `${rule.id}.md has a Why section`).toBeDefined();
      expect(rule.help.markdown).toContain(why!.slice(0, 40));
      expect(rule.help.markdown).not.toMatch(/^---\n/);
      expect(rule.help.text).not.toContain('```');
    }
  });

  it('reports every rule that fired, and the parse error, with repository-relative POSIX uris', async () => {
    const seen = log.runs[0].results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`);
    expect([...new Set(seen)].sort()).toEqual(
      [
        `no-bare-drop-table ${fixtureUri}/0002_add_email.sql`,
        `no-not-null-without-default ${fixtureUri}/0002_add_email.sql`,
        `no-unsafe-enum-change ${fixtureUri}/0004_rename_mood.sql`,
        `parse-error ${fixtureUri}/0005_broken.sql`,
      ].sort(),
    );
    // One result per reported (unsuppressed) message, as the JSON report has them.
    const json = await runCli(['-f', 'json', migrations], root);
    const messages = (JSON.parse(json.stdout) as LintResult[]).reduce((n, r) => n + r.messages.length, 0);
    expect(log.runs[0].results).toHaveLength(messages);
    const parse = log.runs[0].results.find((r) => r.ruleId === 'parse-error')!;
    expect(parse.level).toBe('error');
    expect(parse.locations[0].physicalLocation.region.startLine).toBe(2);
    for (const r of log.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
  });

  it('leaves out the message an inline directive suppressed', () => {
    const drops = log.runs[0].results.filter((r) => r.ruleId === 'no-bare-drop-table');
    expect(drops).toHaveLength(1);
    expect(drops[0]!.message.text).toContain('légacy');
    expect(JSON.stringify(log)).not.toContain('old_stuff');
  });

  it('points regions at the right text in UTF-16 columns, CRLF and non-ASCII included', () => {
    const file = path.join(migrations, '0002_add_email.sql');
    const drop = log.runs[0].results.find((r) => r.ruleId === 'no-bare-drop-table')!;
    expect(regionText(file, drop.locations[0].physicalLocation.region)).toBe('DROP TABLE "légacy"');
    const notNull = log.runs[0].results.find((r) => r.ruleId === 'no-not-null-without-default')!;
    expect(notNull.locations[0].physicalLocation.region.startLine).toBe(2);
    expect(regionText(file, notNull.locations[0].physicalLocation.region)).toContain('email');
  });

  it('carries the fix as a replacement that produces the fixed statement', () => {
    const drop = log.runs[0].results.find((r) => r.ruleId === 'no-bare-drop-table')!;
    const replacement = drop.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    const { startLine, startColumn, endLine, endColumn } = replacement.deletedRegion;
    expect([startLine, endLine]).toEqual([3, 3]);
    const line = readFileSync(path.join(migrations, '0002_add_email.sql'), 'utf8').split(/\r\n/)[2]!;
    const fixed = line.slice(0, startColumn - 1) + (replacement.insertedContent?.text ?? '') + line.slice(endColumn - 1);
    expect(fixed).toBe('/* ☕ 😀 */ DROP TABLE IF EXISTS "légacy";');
  });

  it('writes byte-identical files on two runs, with no absolute paths or timestamps', async () => {
    const second = await runCli(['-f', 'sarif', '-o', path.join(tmp, 'again.sarif'), migrations], root);
    expect(second.code).toBe(1);
    const a = readFileSync(path.join(tmp, 'out.sarif'));
    const b = readFileSync(path.join(tmp, 'again.sarif'));
    expect(a.equals(b)).toBe(true);
    expect(a.toString()).not.toContain(root);
    expect(a.toString()).not.toMatch(/"(timeUtc|startTimeUtc|endTimeUtc)"/);
  });

  it('makes uris relative to the git top level when run from a subfolder', async () => {
    const repo = path.join(tmp, 'repo with space');
    cpSync(fixtureRepo, repo, { recursive: true });
    mkdirSync(path.join(repo, '.git'));
    const out = path.join(tmp, 'sub.sarif');
    const result = await runCli(['-f', 'sarif', '-o', out, 'schema changes'], path.join(repo, 'db'));
    expect(result.code).toBe(1);
    const sub = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
    expect(schemaErrors(sub)).toEqual([]);
    const uris = new Set(sub.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['db/schema%20changes/0002_add_email.sql', 'db/schema%20changes/0004_rename_mood.sql', 'db/schema%20changes/0005_broken.sql']);
  });

  it('writes a valid log with an empty results array when nothing is wrong', async () => {
    const clean = path.join(tmp, 'clean');
    mkdirSync(clean);
    writeFileSync(path.join(clean, '0001_init.sql'), 'CREATE TABLE t (id int);\n');
    const out = path.join(tmp, 'clean.sarif');
    const result = await runCli(['-f', 'sarif', '-o', out, '0001_init.sql'], clean);
    expect(result.code).toBe(0);
    const empty = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
    expect(empty.runs[0].results).toEqual([]);
    expect(empty.runs[0].tool.driver.rules.length).toBeGreaterThan(0);
    expect(schemaErrors(empty)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The formatter on its own: synthetic results.

function message(line: number, severity: 1 | 2, ruleId = 'no-bare-drop-table', extra: Partial<LintMessage> = {}): LintMessage {
  return { ruleId, severity, message: `problem on line ${line}`, line, column: 1, endLine: line, endColumn: 5, ...extra };
}

function result(filePath: string, messages: LintMessage[], source?: string): LintResult {
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: 0,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(source === undefined ? {} : { source }),
  };
}

async function context(extra: Partial<FormatterContext> = {}): Promise<FormatterContext> {
  const rulesMeta: FormatterContext['rulesMeta'] = {};
  for (const [id, rule] of await loadBuiltinRules()) rulesMeta[id] = rule.meta;
  return { cwd: '/project', rulesMeta, color: false, version: '1.2.3', ...extra };
}

describe('the sarif formatter', () => {
  const cwd = path.resolve('/project');

  it('keeps at most maxResults results, errors first, and says how many it left out', async () => {
    // 30 results: warnings on even lines, errors on odd lines.
    const messages = Array.from({ length: 30 }, (_, i) => message(i + 1, i % 2 === 0 ? 1 : 2));
    const out = buildSarif([result(path.join(cwd, 'a.sql'), messages)], await context({ cwd }), { maxResults: 20, maxBytes: 10_000_000 });
    const parsed = JSON.parse(out) as SarifLog;
    expect(schemaErrors(parsed)).toEqual([]);
    const kept = parsed.runs[0].results;
    expect(kept).toHaveLength(20);
    expect(kept.filter((r) => r.level === 'error')).toHaveLength(15);
    // The kept results stay in report order.
    const lines = kept.map((r) => r.locations[0].physicalLocation.region.startLine);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const notes = parsed.runs[0].invocations[0].toolExecutionNotifications!;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message.text).toMatch(/^10 of 30 results were left out/);
    expect(parsed.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('drops results until the file fits maxBytes', async () => {
    const messages = Array.from({ length: 200 }, (_, i) => message(i + 1, 2, 'no-bare-drop-table', { message: 'x'.repeat(200) }));
    const unlimited = buildSarif([result(path.join(cwd, 'a.sql'), messages)], await context({ cwd }));
    const maxBytes = Math.floor(Buffer.byteLength(unlimited) / 2);
    const out = buildSarif([result(path.join(cwd, 'a.sql'), messages)], await context({ cwd }), { maxResults: 25_000, maxBytes });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(maxBytes);
    const parsed = JSON.parse(out) as SarifLog;
    expect(schemaErrors(parsed)).toEqual([]);
    const kept = parsed.runs[0].results.length;
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(200);
    expect(parsed.runs[0].invocations[0].toolExecutionNotifications![0]!.message.text).toMatch(new RegExp(`^${200 - kept} of 200 results`));
  });

  it('has no notification when nothing was left out', async () => {
    const out = JSON.parse(buildSarif([result(path.join(cwd, 'a.sql'), [message(1, 2)])], await context({ cwd }))) as SarifLog;
    expect(out.runs[0].invocations[0]).toEqual({ executionSuccessful: true });
  });

  it('turns a docs page into help markdown and plain text', async () => {
    const page = [
      '---',
      'id: no-bare-drop-table',
      'description: whatever',
      '---',
      '',
      '# no-bare-drop-table',
      '',
      '## Why',
      '',
      'A bare **DROP TABLE** fails on a re-run; see [the options](#options) and [config](../configuration.md).',
      '',
      '## Rule details',
      '',
      '```sql incorrect',
      'DROP TABLE users;',
      '```',
      '',
    ].join('\n');
    const ctx = await context({ cwd, ruleDocs: (id) => (id === 'no-bare-drop-table' ? page : undefined) });
    const parsed = JSON.parse(buildSarif([result(path.join(cwd, 'a.sql'), [message(1, 2)])], ctx)) as SarifLog;
    const rule = parsed.runs[0].tool.driver.rules.find((r) => r.id === 'no-bare-drop-table')!;
    expect(rule.help.markdown).toMatch(/^# no-bare-drop-table\n/);
    expect(rule.help.markdown).not.toContain('description: whatever');
    expect(rule.help.markdown).toContain('A bare **DROP TABLE** fails on a re-run');
    // Relative links would point nowhere from an alert page.
    expect(rule.help.markdown).toContain('(https://github.com/migration-lint/migration-lint/blob/main/docs/configuration.md)');
    expect(rule.help.markdown).toContain('(https://github.com/migration-lint/migration-lint/blob/main/docs/rules/no-bare-drop-table.md#options)');
    expect(rule.fullDescription.text).toMatch(/^A bare DROP TABLE fails on a re-run; see the options \(https:/);
    expect(rule.help.text).toContain('Incorrect:\n    DROP TABLE users;');
    expect(rule.help.text).not.toMatch(/\*\*|```|^#/m);
    expect(schemaErrors(parsed)).toEqual([]);
  });

  it("summarises a rule by its page's opening paragraph, cut at a sentence", async () => {
    const intro = `${'This rule stops bad drops. '.repeat(50)}`.trim();
    const page = `---\nid: x\n---\n\n# no-bare-drop-table\n\n${intro}\n\n## Why\n\nBecause.\n`;
    const ctx = await context({ cwd, ruleDocs: () => page });
    const parsed = JSON.parse(buildSarif([], ctx)) as SarifLog;
    const rule = parsed.runs[0].tool.driver.rules.find((r) => r.id === 'no-bare-drop-table')!;
    expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
    expect(rule.fullDescription.text).toMatch(/^This rule stops bad drops\. .*drops\.$/);
  });

  it('lists the recommended rules when the caller does not say which are enabled', async () => {
    const parsed = JSON.parse(buildSarif([], await context({ cwd }))) as SarifLog;
    const recommended = [...(await loadBuiltinRules()).values()].filter((r) => r.meta.docs.recommended === true).map((r) => r.id);
    expect(parsed.runs[0].tool.driver.rules.map((r) => r.id)).toEqual(recommended.sort());
    expect(parsed.runs[0].results).toEqual([]);
  });

  it('gives the configured severity as the default level, and warnings as warning results', async () => {
    const ctx = await context({ cwd, enabledRules: { 'no-bare-drop-table': 1, 'no-numbering-gaps': 2 } });
    const parsed = JSON.parse(buildSarif([result(path.join(cwd, 'a.sql'), [message(1, 1)])], ctx)) as SarifLog;
    const rules = parsed.runs[0].tool.driver.rules;
    expect(rules.map((r) => [r.id, r.defaultConfiguration.level])).toEqual([
      ['no-bare-drop-table', 'warning'],
      ['no-numbering-gaps', 'error'],
    ]);
    expect(parsed.runs[0].results[0]!.level).toBe('warning');
    expect(parsed.runs[0].results[0]!.ruleIndex).toBe(0);
  });

  it('describes engine findings (directive problems) as rules of their own', async () => {
    const ctx = await context({ cwd, enabledRules: {} });
    const parsed = JSON.parse(buildSarif([result(path.join(cwd, 'a.sql'), [message(1, 2, 'invalid-directive')])], ctx)) as SarifLog;
    const [rule] = parsed.runs[0].tool.driver.rules;
    expect(rule!.id).toBe('invalid-directive');
    expect(rule!.shortDescription.text).toMatch(/directive/);
    expect(githubProblems(parsed)).toEqual([]);
  });

  it('clamps column 0 to 1 and omits a fix it cannot place', async () => {
    const bad = message(1, 2, 'no-bare-drop-table', { column: 0, endColumn: 0, fix: { range: [50, 60], text: 'x' } });
    const parsed = JSON.parse(buildSarif([result(path.join(cwd, 'a.sql'), [bad], 'DROP TABLE t;')], await context({ cwd }))) as SarifLog;
    const r = parsed.runs[0].results[0]!;
    expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(r.fixes).toBeUndefined();
    expect(schemaErrors(parsed)).toEqual([]);
  });
});

describe('sarif helpers', () => {
  it('percent-encodes uris relative to the root', () => {
    const rootDir = path.resolve('/repo');
    expect(artifactUri(path.join(rootDir, 'db', 'my migrations', '0001 ünï#.sql'), rootDir)).toBe('db/my%20migrations/0001%20%C3%BCn%C3%AF%23.sql');
    expect(artifactUri('<text>', rootDir)).toBe('%3Ctext%3E');
  });

  it('finds the git top level from a folder or a worktree .git file', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-root-'));
    try {
      const nested = path.join(base, 'a', 'b');
      mkdirSync(nested, { recursive: true });
      writeFileSync(path.join(base, 'a', '.git'), 'gitdir: /elsewhere\n');
      expect(findRepositoryRoot(nested)).toBe(path.join(base, 'a'));
      expect(readdirSync(base)).toEqual(['a']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('names rules in PascalCase', () => {
    expect(pascalCase('no-not-null-without-default')).toBe('NoNotNullWithoutDefault');
    expect(pascalCase('acme/no-x')).toBe('AcmeNoX');
  });

  it('strips front matter and renders plain text', () => {
    expect(stripFrontMatter('---\r\nid: x\r\n---\r\n# x\r\n\r\nBody')).toBe('# x\n\nBody');
    expect(markdownToText('Use `IF EXISTS` and _never_ [CASCADE](https://x.test/c); keep snake_case_names.')).toBe(
      'Use IF EXISTS and never CASCADE (https://x.test/c); keep snake_case_names.',
    );
  });
});
