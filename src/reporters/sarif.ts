/**
 * SARIF 2.1.0 for GitHub code scanning: one run, a descriptor for every enabled rule (with the
 * rule's docs page as help), one result per unsuppressed message. Output is deterministic (no
 * timestamps, no absolute paths) and kept inside GitHub's upload limits.
 */
import path from 'node:path';
import { LineIndex } from '../source/line-index.js';
import { markdownSection, stripFrontMatter } from '../rule-docs.js';
import { ruleDocsUrl } from '../engine/define-rule.js';
import type { LintMessage, LintResult } from '../engine/types.js';
import type { Formatter, FormatterContext } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/migration-lint/migration-lint';
const SRCROOT = '%SRCROOT%';

/** GitHub rejects runs with more results than this. */
export const MAX_RESULTS = 25_000;
/** GitHub's hard limit is 10 MB (gzipped); staying under it uncompressed leaves a wide margin. */
export const MAX_BYTES = 8_000_000;

// Text limits GitHub documents for rule descriptors (name ≤ 255, descriptions ≤ 1024).
const NAME_MAX = 255;
const DESCRIPTION_MAX = 1024;
// GitHub documents no limit for help; a docs page is a few KB, this only guards against runaways.
const HELP_MAX = 20_000;

type Level = 'error' | 'warning' | 'note';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: [{ physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }];
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: Region; insertedContent?: { text: string } }[] }[];
  }[];
}

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown?: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: string; 'problem.severity': string };
}

interface Notification {
  level: Level;
  message: { text: string };
  descriptor: { id: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: ReportingDescriptor[] } };
      invocations: [{ executionSuccessful: true; toolExecutionNotifications?: Notification[] }];
      columnKind: 'utf16CodeUnits';
      /** Files whose results carry properties (verify's status and observed locks). */
      artifacts?: { location: ArtifactLocation; properties: Record<string, unknown> }[];
      results: SarifResult[];
    },
  ];
}

export interface SarifLimits {
  maxResults: number;
  maxBytes: number;
}

/** Findings that come from the engine rather than a rule (parse-error has a docs page all the same). */
const ENGINE_RULES: Record<string, { description: string; full: string; tag: string }> = {
  'parse-error': {
    description: "SQL that PostgreSQL's parser rejects",
    full: "The file contains SQL that PostgreSQL's own grammar rejects. The migration fails when it runs, and no rule can check the statement until it parses.",
    tag: 'syntax',
  },
  'invalid-directive': {
    description: 'A migration-lint directive comment that is malformed or names an unknown rule',
    full: 'A `-- migration-lint-…` comment could not be applied: it names a rule or transaction mode that does not exist, or an ignore-file directive comes after the first statement. It has no effect until it is fixed.',
    tag: 'configuration',
  },
  'unused-directive': {
    description: 'A migration-lint directive comment that suppresses nothing',
    full: 'A `-- migration-lint-ignore` or `-- migration-lint-disable` comment did not suppress any problem. Remove it, so that it cannot hide a real problem later.',
    tag: 'configuration',
  },
};

/**
 * The folder holding `.git` (a folder, or a file in worktrees and submodules), found by walking
 * up from `start` without running git. SARIF paths are relative to it, as GitHub expects.
 */
export { findRepositoryRoot } from '../source/repository-root.js';

/** A repository-relative, POSIX, percent-encoded URI reference for a linted file. */
export function artifactUri(filePath: string, root: string): string {
  const relative = path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
  return relative.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
}

/** `no-bare-drop-table` → `NoBareDropTable` (plugin prefixes included: `acme/x-y` → `AcmeXY`). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** Cuts text to at most `max` UTF-16 units, never inside a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Cuts a long help page at a paragraph break and points at the full page. */
function clipHelp(text: string, url: string | undefined): string {
  if (text.length <= HELP_MAX) return text;
  const note = `\n\n… The page continues${url ? ` at ${url}` : ''}.`;
  const room = HELP_MAX - note.length;
  const cut = text.lastIndexOf('\n\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}

export { stripFrontMatter };

/** Relative links in a docs page point nowhere from an alert page; resolve them against the page URL. */
function absoluteLinks(markdown: string, pageUrl: string | undefined): string {
  if (!pageUrl || !/^https?:\/\//.test(pageUrl)) return markdown;
  return markdown.replace(/(\]\()([^)\s]+)(\))/g, (whole, open: string, target: string, close: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
    try {
      return `${open}${new URL(target, pageUrl).href}${close}`;
    } catch {
      return whole;
    }
  });
}

/** A plain-text rendering of a docs page: no markup, code blocks indented, links spelled out. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    const fence = /^\s*(```|~~~)\s*(\S*)\s*(.*)$/.exec(line);
    if (fence) {
      if (!inFence) {
        const label = fence[3]!.split(/\s+/)[0];
        if (label === 'incorrect' || label === 'correct') out.push(label === 'incorrect' ? 'Incorrect:' : 'Correct:');
      }
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    out.push(
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, label: string, url: string) => (label === url ? url : `${label} (${url})`))
        .replace(/<\/?[a-z][^>]*>/gi, '')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1'),
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A page's summary: the first paragraph after the title, else the first one under `## Why`. */
function summaryParagraph(markdown: string): string | undefined {
  const firstParagraph = (section: string | undefined): string | undefined =>
    section
      ?.trim()
      .split(/\n\s*\n/)
      .find((p) => p.trim() !== '' && !/^\s*(```|~~~|\||<|#)/.test(p));
  const intro = /^#\s[^\n]*\n([\s\S]*?)(?=^##\s|$(?![\s\S]))/m.exec(markdown)?.[1];
  const why = markdownSection(markdown, 'Why')?.join('\n');
  const paragraph = firstParagraph(intro) ?? firstParagraph(why);
  return paragraph ? markdownToText(paragraph).replace(/\s*\n\s*/g, ' ') : undefined;
}

/** Shortens to whole sentences when it can, so a long summary doesn't stop mid-word. */
function clipSentences(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('. ', max - 1);
  return cut > max / 2 ? text.slice(0, cut + 1) : clip(text, max);
}

const levelOf = (severity: 1 | 2): Level => (severity === 2 ? 'error' : 'warning');

/** Every rule the run had switched on, with its level; falls back to what the results show. */
function ruleLevels(results: LintResult[], context: FormatterContext): Map<string, Level> {
  const levels = new Map<string, Level>();
  if (context.enabledRules) {
    for (const id of Object.keys(context.enabledRules).sort()) levels.set(id, levelOf(context.enabledRules[id]!));
  } else {
    for (const id of Object.keys(context.rulesMeta).sort()) if (context.rulesMeta[id]!.docs.recommended === true) levels.set(id, 'error');
  }
  const seen = new Map<string, Level>();
  for (const result of results) {
    for (const message of result.messages) {
      const id = ruleIdOf(message);
      if (levels.has(id)) continue;
      if (seen.get(id) !== 'error') seen.set(id, levelOf(message.severity));
    }
  }
  for (const id of [...seen.keys()].sort()) levels.set(id, seen.get(id)!);
  return levels;
}

const ruleIdOf = (message: LintMessage): string => message.ruleId ?? 'parse-error';

function describeRule(id: string, level: Level, context: FormatterContext): ReportingDescriptor {
  const meta = context.rulesMeta[id];
  const engine = ENGINE_RULES[id];
  const page = context.ruleDocs?.(id);
  // Engine findings with a page of their own (parse-error) link to it as rules do.
  const url = meta?.docs.url ?? (engine && page !== undefined ? ruleDocsUrl(id) : undefined);
  // GitHub rejects empty descriptions, so a plugin rule without one gets a stand-in.
  const description = meta?.docs.description || engine?.description || `Problems reported by ${id}`;
  const markdown = page === undefined ? undefined : absoluteLinks(stripFrontMatter(page), url);
  const full = (markdown && summaryParagraph(markdown)) ?? engine?.full ?? description;
  const fallback = [description, full === description ? '' : full, url ? `See ${url}` : ''];
  const text = markdown ? markdownToText(markdown) : fallback.filter(Boolean).join('\n\n');
  return {
    id,
    name: clip(pascalCase(id) || id, NAME_MAX),
    shortDescription: { text: clip(description, DESCRIPTION_MAX) },
    fullDescription: { text: clipSentences(full, DESCRIPTION_MAX) },
    ...(url ? { helpUri: url } : {}),
    help: { text: clipHelp(text, url), ...(markdown ? { markdown: clipHelp(markdown, url) } : {}) },
    defaultConfiguration: { level },
    properties: {
      tags: ['postgresql', 'migrations', meta?.type ?? engine?.tag ?? 'problem'],
      precision: engine ? 'very-high' : 'high',
      'problem.severity': level === 'note' ? 'recommendation' : level,
    },
  };
}

const clampRegion = (r: Region): Region => {
  const startLine = Math.max(1, r.startLine);
  const startColumn = Math.max(1, r.startColumn);
  const endLine = Math.max(startLine, r.endLine);
  const endColumn = Math.max(endLine === startLine ? startColumn : 1, r.endColumn);
  return { startLine, startColumn, endLine, endColumn };
};

function fixDescription(id: string, text: string, isInsertion: boolean): string {
  const shown = JSON.stringify(text.trim().length > 0 ? clip(text.trim(), 80) : text);
  if (isInsertion) return `${id}: insert ${shown}`;
  return text ? `${id}: replace with ${shown}` : `${id}: delete the flagged text`;
}

function toResult(message: LintMessage, location: ArtifactLocation, lines: LineIndex | undefined, ruleIndex: number): SarifResult {
  const id = ruleIdOf(message);
  const result: SarifResult = {
    ruleId: id,
    ruleIndex,
    level: message.fatal ? 'error' : levelOf(message.severity),
    message: { text: message.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: location,
          region: clampRegion({ startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn }),
        },
      },
    ],
  };
  // A fix's range is in UTF-16 indices of the source; only a known source turns it into lines.
  if (message.fix && lines && message.fix.range[0] <= message.fix.range[1] && message.fix.range[1] <= lines.text.length) {
    const start = lines.positionOfIndex(message.fix.range[0]);
    const end = lines.positionOfIndex(message.fix.range[1]);
    result.fixes = [
      {
        description: { text: fixDescription(id, message.fix.text, message.fix.range[0] === message.fix.range[1]) },
        artifactChanges: [
          {
            artifactLocation: location,
            replacements: [
              {
                deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
                ...(message.fix.text ? { insertedContent: { text: message.fix.text } } : {}),
              },
            ],
          },
        ],
      },
    ];
  }
  return result;
}

/** Builds the SARIF log; `limits` only need changing in tests. */
export function buildSarif(results: LintResult[], context: FormatterContext, limits: SarifLimits = { maxResults: MAX_RESULTS, maxBytes: MAX_BYTES }): string {
  const root = context.repositoryRoot ?? context.cwd;
  const levels = ruleLevels(results, context);
  const rules = [...levels].map(([id, level]) => describeRule(id, level, context));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));

  const all: SarifResult[] = [];
  for (const result of results) {
    if (result.messages.length === 0) continue;
    const location: ArtifactLocation = { uri: artifactUri(result.filePath, root), uriBaseId: SRCROOT };
    // After --fix the messages describe the fixed text, which `output` holds (BOM kept, positions without it).
    const text = result.source ?? result.output?.replace(/^\uFEFF/, '');
    const lines = text === undefined ? undefined : new LineIndex(text);
    for (const message of result.messages) all.push(toResult(message, location, lines, ruleIndex.get(ruleIdOf(message))!));
  }

  const artifacts = results.flatMap((r) => (r.properties ? [{ location: { uri: artifactUri(r.filePath, root), uriBaseId: SRCROOT }, properties: r.properties }] : []));

  // When results must go, the most severe stay: errors before warnings, then in report order.
  const rank = (r: SarifResult): number => (r.level === 'error' ? 0 : r.level === 'warning' ? 1 : 2);
  const priority = all.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);

  const serialize = (keep: number): string => {
    const kept = new Set(priority.slice(0, keep).map((p) => p.i));
    const left = all.length - keep;
    const log: SarifLog = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'migration-lint', version: context.version, semanticVersion: context.version, informationUri: INFORMATION_URI, rules } },
          invocations: [
            {
              executionSuccessful: true,
              ...(left > 0
                ? {
                    toolExecutionNotifications: [
                      {
                        level: 'warning' as const,
                        message: {
                          text: `${left} of ${all.length} results were left out to stay within GitHub code scanning's upload limits (${limits.maxResults} results, ${limits.maxBytes} bytes); errors were kept before warnings. Run migration-lint with another format to see them all.`,
                        },
                        descriptor: { id: 'results-truncated' },
                      },
                    ],
                  }
                : {}),
            },
          ],
          columnKind: 'utf16CodeUnits',
          ...(artifacts.length > 0 ? { artifacts } : {}),
          results: all.filter((_r, i) => kept.has(i)),
        },
      ],
    };
    return JSON.stringify(log, null, 2);
  };

  let keep = Math.min(all.length, limits.maxResults);
  let output = serialize(keep);
  if (Buffer.byteLength(output) > limits.maxBytes) {
    // The largest count that fits, by bisection (size grows with the count).
    let lo = 0;
    let hi = keep - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (Buffer.byteLength(serialize(mid)) <= limits.maxBytes) lo = mid;
      else hi = mid - 1;
    }
    keep = lo;
    output = serialize(keep);
  }
  return output;
}

const sarif: Formatter = (results, context) => buildSarif(results, context);
export default sarif;
