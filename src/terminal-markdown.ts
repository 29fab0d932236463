/**
 * Renders a rule's docs page (markdown) for a terminal, for `--explain`: no front matter,
 * headings underlined, code blocks indented and labelled, inline markup unwrapped. Colour (bold
 * headings, cyan code) only when asked for; the text reads the same without it.
 */
import { createColors } from 'picocolors';
import { stripFrontMatter } from './rule-docs.js';

export function renderMarkdownForTerminal(markdown: string, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [];
  const blank = (): void => {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  // Paragraph lines are styled together: a code span or bold text may run across a line break.
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) out.push(...inline(paragraph.join('\n'), c).split('\n'));
    paragraph = [];
  };
  let fence: string | undefined;
  for (const line of stripFrontMatter(markdown).split('\n')) {
    const fenceLine = /^\s*(```+|~~~+)\s*(\S*)\s*(.*)$/.exec(line);
    if (fence !== undefined) {
      if (fenceLine && fenceLine[1]!.startsWith(fence) && !fenceLine[2]) {
        fence = undefined;
        blank();
      } else {
        out.push(line === '' ? '' : `    ${c.cyan(line)}`);
      }
      continue;
    }
    if (fenceLine) {
      flush();
      fence = fenceLine[1]!;
      blank();
      // The docs' examples say which kind they are: `sql incorrect`, `sql correct pg=11`.
      const kind = /^(incorrect|correct)\b/.exec(fenceLine[3] ?? '')?.[1];
      if (kind) out.push(`  ${kind === 'incorrect' ? c.red('✗ incorrect') : c.green('✓ correct')}:`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const title = inline(heading[2]!, createColors(false)).replace(/`/g, '');
      blank();
      out.push(c.bold(title));
      // Top-level headings are underlined, so that sections stand out without colour too.
      if (level <= 2) out.push((level === 1 ? '═' : '─').repeat(title.length));
      blank();
      continue;
    }
    if (line.trim() === '') {
      flush();
      blank();
      continue;
    }
    paragraph.push(line);
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof createColors>;

/**
 * `code`, **bold**, *emphasis* and [links](url). Code spans keep their backticks without colour,
 * so they stay set apart; their insides are never read as other markup.
 */
function inline(text: string, c: Colors): string {
  const spans: string[] = [];
  // Private-use stand-ins keep code spans out of the other replacements.
  const held = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, ticks: string, code: string) => {
    spans.push(c.isColorSupported ? c.cyan(code.trim()) : `${ticks}${code}${ticks}`);
    return `\uE000${spans.length - 1}\uE001`;
  });
  return held
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (url.startsWith('#') ? label : `${label} (${url})`))
    .replace(/\*\*([\s\S]+?)\*\*/g, (_, bold: string) => c.bold(bold))
    .replace(/(^|[\s(])\*([^*\s][^*]*?)\*/g, (_, before: string, em: string) => `${before}${c.italic(em)}`)
    .replace(/\uE000(\d+)\uE001/g, (_, i: string) => spans[Number(i)]!);
}
