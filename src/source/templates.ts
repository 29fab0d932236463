/**
 * Expands templated SQL before it is parsed: Flyway placeholders (`${name}`) and Go template
 * actions (`{{ .Name }}`), from configured values. The expanded text is what gets linted; the
 * offset map takes every position back to the file as written, so reports stay exact.
 * Unknown placeholders become a neutral identifier of their own name, so the statement still
 * parses, and are listed so the engine can say once per statement what is missing.
 */

export type TemplateSyntax = 'flyway' | 'go';

export interface TemplateOptions {
  syntax: readonly TemplateSyntax[];
  values: Readonly<Record<string, string>>;
  /**
   * Syntaxes nobody configured, tried only on a file that does not parse as written: each action
   * becomes a placeholder identifier of its own length, so positions stay where they were.
   */
  guess?: readonly TemplateSyntax[];
}

export interface Placeholder {
  /** Byte range in the expanded text. */
  start: number;
  end: number;
  /** The placeholder as written (`${schema}`). */
  text: string;
}

export interface ExpandedText {
  text: string;
  unresolved: Placeholder[];
  /** Expanded by guessing (no `templates` config): every placeholder is unresolved. */
  guessed?: boolean;
  /** Maps a UTF-8 byte offset of the expanded text to one of the original text. */
  toOriginal(offset: number, side: 'start' | 'end'): number;
  /** Whether a byte range of the expanded text touches expanded template text. */
  touchesTemplate(start: number, end: number): boolean;
}

/** Flyway's built-in placeholders, with stand-ins that parse where Flyway's values would. */
const FLYWAY_DEFAULTS: Record<string, string> = {
  'flyway:defaultSchema': 'public',
  'flyway:user': 'flyway_user',
  'flyway:database': 'flyway_database',
  'flyway:timestamp': '2000-01-01 00:00:00',
  'flyway:filename': 'migration.sql',
  'flyway:workingDirectory': '.',
  'flyway:table': 'flyway_schema_history',
};

const FLYWAY = /\$\{([^{}\s]+)\}/g;
const GO = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const GO_CONTROL = /^(if|else|end|range|with|define|template|block|break|continue|\/\*)/;

interface Segment {
  expStart: number;
  expEnd: number;
  origStart: number;
  origEnd: number;
  replaced: boolean;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export function expandTemplates(original: string, options: TemplateOptions | undefined): ExpandedText | undefined {
  if (!options || options.syntax.length === 0) return undefined;
  const matches: Match[] = [];
  if (options.syntax.includes('flyway')) {
    for (const m of original.matchAll(FLYWAY)) {
      const name = m[1]!;
      const value = options.values[name] ?? FLYWAY_DEFAULTS[name];
      matches.push({ index: m.index, length: m[0].length, replacement: value ?? standIn(name), unresolved: value === undefined });
    }
  }
  if (options.syntax.includes('go')) {
    for (const m of original.matchAll(GO)) {
      const action = m[1]!;
      if (GO_CONTROL.test(action)) {
        matches.push({ index: m.index, length: m[0].length, replacement: '', unresolved: false });
        continue;
      }
      const name = action.replace(/^\./, '');
      const value = options.values[name] ?? options.values[action];
      matches.push({ index: m.index, length: m[0].length, replacement: value ?? standIn(name), unresolved: value === undefined });
    }
  }
  return expandMatches(original, matches);
}

/**
 * Expands template actions nobody configured: each Go action or Flyway `${…}` becomes a neutral
 * identifier of the same length (`_tmpl____…`), Go control actions (`{{ end }}`) blanks, so the
 * statements parse and every column stays where it is in the file.
 */
export function placeholderTemplates(original: string, syntax: readonly TemplateSyntax[]): ExpandedText | undefined {
  const matches: Match[] = [];
  const add = (m: RegExpMatchArray, control: boolean): void => {
    const length = m[0].length;
    matches.push({ index: m.index!, length, replacement: control ? ' '.repeat(length) : placeholderOf(length), unresolved: !control });
  };
  if (syntax.includes('flyway')) for (const m of original.matchAll(FLYWAY)) add(m, false);
  if (syntax.includes('go')) for (const m of original.matchAll(GO)) add(m, GO_CONTROL.test(m[1]!));
  const expanded = expandMatches(original, matches);
  return expanded && { ...expanded, guessed: true };
}

function placeholderOf(length: number): string {
  return `_tmpl${'_'.repeat(length)}`.slice(0, length);
}

interface Match {
  index: number;
  length: number;
  replacement: string;
  unresolved: boolean;
}

function expandMatches(original: string, matches: Match[]): ExpandedText | undefined {
  if (matches.length === 0) return undefined;
  matches.sort((a, b) => a.index - b.index);

  const segments: Segment[] = [];
  const unresolved: Placeholder[] = [];
  let text = '';
  let cursor = 0;
  let exp = 0;
  let orig = 0;
  const push = (piece: string, source: string, replaced: boolean): void => {
    const expLength = bytes(piece);
    const origLength = bytes(source);
    segments.push({ expStart: exp, expEnd: exp + expLength, origStart: orig, origEnd: orig + origLength, replaced });
    text += piece;
    exp += expLength;
    orig += origLength;
  };
  for (const match of matches) {
    if (match.index < cursor) continue; // overlapping syntaxes: the first one wins
    const before = original.slice(cursor, match.index);
    if (before) push(before, before, false);
    const source = original.slice(match.index, match.index + match.length);
    const start = exp;
    push(match.replacement, source, true);
    if (match.unresolved) unresolved.push({ start, end: exp, text: source });
    cursor = match.index + match.length;
  }
  const rest = original.slice(cursor);
  if (rest) push(rest, rest, false);

  return {
    text,
    unresolved,
    toOriginal(offset, side) {
      for (const s of segments) {
        if (offset < s.expStart || offset > s.expEnd) continue;
        if (offset === s.expEnd && offset !== s.expStart && side === 'start') continue;
        if (!s.replaced) return s.origStart + (offset - s.expStart);
        return side === 'start' && offset === s.expStart ? s.origStart : s.origEnd;
      }
      return orig;
    },
    touchesTemplate(start, end) {
      return segments.some((s) => s.replaced && start < s.expEnd && end > s.expStart);
    },
  };
}

/** An identifier that stands where an unknown placeholder was: `${column}` → `_column` (never a keyword). */
function standIn(name: string): string {
  return `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
