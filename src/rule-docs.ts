/** Rule docs pages (docs/rules/<id>.md), as the SARIF help text and the editor hover use them. */
import { readFileSync } from 'node:fs';
import { ruleDocsPath } from './package-info.js';

const pages = new Map<string, string | undefined>();

/**
 * Findings the engine reports itself, with no rules/ file, that have a docs page in docs/rules/ all
 * the same (`--explain`, SARIF help). Every other page there belongs to a rule (test/docs.test.ts).
 */
export const ENGINE_FINDING_PAGES: readonly string[] = ['parse-error'];

/** The page of a built-in rule or engine finding, or undefined (plugin rules have none). Cached. */
export function readRuleDocs(ruleId: string): string | undefined {
  if (ruleId.includes('/') || ruleId.includes('\\')) return undefined;
  if (!pages.has(ruleId)) {
    let page: string | undefined;
    try {
      page = readFileSync(ruleDocsPath(ruleId), 'utf8');
    } catch {
      page = undefined;
    }
    pages.set(ruleId, page);
  }
  return pages.get(ruleId);
}

/** The lines of a `## <heading>` section, blank edge lines trimmed; sub-headings and code stay in. */
export function markdownSection(markdown: string, heading: string): string[] | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().toLowerCase() === `## ${heading.toLowerCase()}`);
  if (start < 0) return undefined;
  const body: string[] = [];
  let fenced = false;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{1,2}\s/.test(line)) break;
    body.push(line);
  }
  while (body.length && body[0]!.trim() === '') body.shift();
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  return body.length ? body : undefined;
}

/** A docs page without its YAML front matter, with LF line ends, trimmed. */
export function stripFrontMatter(markdown: string): string {
  return markdown.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '').replace(/\r\n?/g, '\n').trim();
}
