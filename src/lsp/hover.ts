/**
 * Hover over a finding: its message, the rule's reasoning ("## Why") and the start of its
 * "## Safe workflow" from the rule's docs page, and a link to the whole page.
 */
import { MarkupKind, type Diagnostic, type Hover, type Position, type Range } from 'vscode-languageserver/node';
import { markdownSection, readRuleDocs } from '../rule-docs.js';
import { diagnosticData } from './diagnostics.js';

/** How much of "## Safe workflow" a hover shows; the docs link has the rest. */
const WORKFLOW_LINES = 8;

export type DocsReader = (ruleId: string) => string | undefined;

export function hoverAt(position: Position, diagnostics: readonly Diagnostic[], readDocs: DocsReader = readRuleDocs): Hover | null {
  const hits = diagnostics.filter((d) => diagnosticData(d) && contains(d.range, position));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const diagnostic of hits) {
    const ruleId = diagnosticData(diagnostic)!.ruleId;
    const lines = [`**${ruleId}** (migration-lint): ${typeof diagnostic.message === 'string' ? escapeMarkdown(diagnostic.message) : diagnostic.message.value}`];
    // Two findings of one rule share the guidance; show it once.
    if (!seen.has(ruleId)) {
      seen.add(ruleId);
      const page = readDocs(ruleId);
      const guidance = page ? ruleGuidance(page) : undefined;
      if (guidance) lines.push(guidance);
      const url = diagnostic.codeDescription?.href;
      if (url) lines.push(`[Documentation for ${ruleId}](${url})`);
    }
    parts.push(lines.join('\n\n'));
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: hits[0]!.range };
}

/** "## Why" in full and the first lines of "## Safe workflow", as markdown; undefined if the page has neither. */
export function ruleGuidance(markdown: string): string | undefined {
  const out: string[] = [];
  const why = markdownSection(markdown, 'Why');
  if (why) out.push(why.join('\n'));
  const workflow = markdownSection(markdown, 'Safe workflow');
  if (workflow) out.push(`**Safe workflow**\n\n${firstLines(workflow, WORKFLOW_LINES)}`);
  return out.length ? out.join('\n\n') : undefined;
}


/** Up to `max` lines, cut at a blank line where possible, never leaving a code fence open. */
function firstLines(lines: string[], max: number): string {
  if (lines.length <= max) return lines.join('\n');
  let cut = max;
  for (let i = max; i > 0; i--) {
    if (lines[i]!.trim() === '') {
      cut = i;
      break;
    }
  }
  const kept = lines.slice(0, cut);
  const openFences = kept.filter((line) => /^\s*(```|~~~)/.test(line)).length;
  if (openFences % 2 === 1) kept.push('```');
  kept.push('…');
  return kept.join('\n');
}

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  // An empty range (a parse error's cursor) still answers a hover on the character it sits at.
  const end = range.start.line === range.end.line && range.start.character === range.end.character
    ? { line: range.end.line, character: range.end.character + 1 }
    : range.end;
  return after(position, range.start) && after(end, position);
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
