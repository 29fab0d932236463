import path from 'node:path';
import { defineRule } from '../src/engine/define-rule.js';
import { entryOf, migrationEntry, newestMigration, type MigrationEntry, type MigrationSet } from '../src/migrations/migration-set.js';
import { compareVersions, invalidTimestamp, type MigrationVersion } from '../src/migrations/versions.js';

type MessageIds = 'gap' | 'duplicate' | 'unnumbered' | 'malformedName' | 'mixedSchemes' | 'folderWithoutSql' | 'missingDown';
type Options = [{ requireDown: boolean }];

export default defineRule<Options, MessageIds>({
  id: 'no-numbering-gaps',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report gaps, duplicates and unnumbered files in a folder of numbered migrations',
      recommended: true,
    },
    messages: {
      gap: 'Migration number jumps from {{previous}} to {{current}} ({{missing}} missing): was a migration deleted, or renumbered on another branch? If nothing is lost, renumber this file to {{expected}}.',
      duplicate:
        'Migration number {{current}} is also used by {{others}}: two branches each added a migration with the same number, so one of them runs in an order nobody tested, or not at all. Renumber this file to {{next}}.',
      unnumbered:
        '"{{file}}" has no migration number, unlike the other migrations in its folder: runners skip it or apply it in an order nobody chose. Rename it with the next number ({{next}}).',
      malformedName:
        'Migration "{{name}}" is misnamed: {{reason}}. {{runner}} orders migrations by this name, so fix it before it is applied anywhere.',
      folderWithoutSql:
        'Migration folder "{{name}}" has no {{file}}: {{runner}} fails or skips it on every database that has not applied it. Restore the file or delete the folder.',
      missingDown:
        'Migration "{{name}}" has no down migration ({{expected}}): it cannot be rolled back with the runner\'s down command. Add one, or turn requireDown off if you roll back with forward-fix migrations.',
      mixedSchemes:
        'Migration "{{name}}" is numbered with {{mine}} while most of its folder uses {{theirs}}: the two schemes interleave in an order nobody intended. Use the folder\'s scheme.',
    },
    schema: [
      {
        type: 'object',
        properties: { requireDown: { type: 'boolean', description: 'Report an .up.sql migration that has no .down.sql (golang-migrate, popx)' } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireDown: false }],
  },
  create(context, [{ requireDown }]) {
    return {
      File() {
        const set = context.migrationSet;
        if (!set || context.filename === '<text>') return;
        const inSet = entryOf(set, context.filename);
        // A file not (yet) on disk, such as an unsaved editor buffer, is judged by its name.
        const mine = inSet ?? migrationEntry(set.framework, path.basename(context.filename), path.basename(context.filename));
        if (mine.repeatable) return;
        const index = indexOf(set);
        if (index.versioned.length === 0 && !mine.version) return;
        const next = inSet || !mine.version ? index.next : nextVersion([...index.versioned, mine]);

        // Folder-wide problems are told on the newest migration, the one a developer adds.
        if (index.head && index.head.file === mine.file) {
          for (const empty of index.withoutFile) {
            const file = set.framework === 'diesel' ? 'up.sql' : 'migration.sql';
            context.report({ messageId: 'folderWithoutSql', data: { name: empty.name, file, runner: runnerName(set) } });
          }
        }
        const naming = namingProblem(set, mine);
        if (naming) context.report({ messageId: 'malformedName', data: { name: mine.name, reason: naming, runner: runnerName(set) } });
        if (!mine.version) {
          if (!naming) context.report({ messageId: 'unnumbered', data: { file: mine.name, next } });
          return;
        }
        const version = mine.version;
        const theirs = version.kind === 'sequence' ? 'timestamp' : 'sequence';
        const own = index.kinds[version.kind] - (inSet ? 1 : 0);
        if (version.kind !== 'dotted' && index.kinds[theirs] > own) {
          context.report({ messageId: 'mixedSchemes', data: { name: mine.name, mine: `a ${version.kind}`, theirs: `${theirs}s` } });
          return;
        }
        const same = index.byVersion.get(versionKey(version)) ?? [];
        if (requireDown && !mine.down && /\.up\.sql$/i.test(mine.name) && !same.some((m) => m.down && m.version!.stem === version.stem)) {
          context.report({ messageId: 'missingDown', data: { name: mine.name, expected: mine.name.replace(/\.up\.sql$/i, '.down.sql') } });
        }
        const clashing = same.filter((m) => m !== mine && m.file !== mine.file && !isPair(m, mine));
        if (clashing.length > 0) {
          const names = [...new Set(clashing.map((m) => `"${m.name}"`))].join(', ');
          context.report({ messageId: 'duplicate', data: { current: version.text, others: names, next } });
        }
        // Timestamps and dotted versions are not contiguous: only duplicates count for them.
        if (version.kind !== 'sequence') return;
        const current = version.parts[0]!;
        const previous = largestBelow(index.sequences, current);
        if (previous !== undefined && current - previous > 1n) {
          const width = version.text.length;
          const first = previous + 1n;
          const last = current - 1n;
          const missing = first === last ? pad(first, width) : `${pad(first, width)}–${pad(last, width)}`;
          context.report({ messageId: 'gap', data: { previous: pad(previous, width), current: version.text, missing, expected: pad(first, width) } });
        }
      },
    };
  },
});

/** What every file of a set asks about the set, computed once per set rather than once per file. */
interface SetIndex {
  versioned: MigrationEntry[];
  byVersion: Map<string, MigrationEntry[]>;
  /** Sequence numbers in the set, ascending, without repeats. */
  sequences: bigint[];
  kinds: Record<MigrationVersion['kind'], number>;
  head: MigrationEntry | undefined;
  withoutFile: MigrationEntry[];
  next: string;
}

const indexes = new WeakMap<MigrationSet, SetIndex>();

function indexOf(set: MigrationSet): SetIndex {
  let index = indexes.get(set);
  if (index) return index;
  const versioned = set.migrations.filter((m) => m.version && !m.repeatable);
  const byVersion = new Map<string, MigrationEntry[]>();
  const kinds = { sequence: 0, timestamp: 0, dotted: 0 };
  for (const m of versioned) {
    const key = versionKey(m.version!);
    byVersion.set(key, [...(byVersion.get(key) ?? []), m]);
    kinds[m.version!.kind]++;
  }
  const sequences = [...new Set(versioned.filter((m) => m.version!.kind === 'sequence').map((m) => m.version!.parts[0]!))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  index = {
    versioned,
    byVersion,
    sequences,
    kinds,
    head: newestMigration(set),
    withoutFile: set.migrations.filter((m) => !m.file),
    next: nextVersion(versioned),
  };
  indexes.set(set, index);
  return index;
}

function versionKey(version: MigrationVersion): string {
  // Trailing zero parts do not change a version: 1.0 is 1.
  const parts = [...version.parts];
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts.join('.');
}

function largestBelow(sorted: bigint[], value: bigint): bigint | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

/** Same version and name: one migration (`1_x.up.sql`/`1_x.down.sql`, Diesel's up.sql/down.sql). */
function isPair(a: MigrationEntry, b: MigrationEntry): boolean {
  return a.name === b.name || a.version?.stem === b.version?.stem;
}

/** What is wrong with a migration's name under its framework's naming rules. */
function namingProblem(set: MigrationSet, entry: MigrationEntry): string | undefined {
  const name = entry.name;
  if (/\s/.test(name)) return 'the name contains a space (an accidental copy of another migration?)';
  if (set.framework === 'prisma' || set.framework === 'diesel') {
    if (/\.sql$/i.test(name)) return "a migration folder's name ends in \".sql\"";
  }
  if (set.framework === 'prisma') {
    const digits = /^(\d+)_/.exec(name)?.[1];
    if (!digits) return 'the name does not start with a YYYYMMDDHHMMSS timestamp and "_"';
    if (digits.length !== 14) return `its timestamp has ${digits.length} digits; Prisma names migrations YYYYMMDDHHMMSS_name (14 digits)`;
  }
  const version = entry.version;
  if (version?.kind === 'timestamp' && set.framework !== 'popx') return invalidTimestamp(version.text);
  return undefined;
}

function runnerName(set: MigrationSet): string {
  return set.framework === 'plain' ? 'The migration runner' : set.framework.charAt(0).toUpperCase() + set.framework.slice(1);
}

function pad(value: bigint, width: number): string {
  return value.toString().padStart(width, '0');
}

/** The number the next migration should take, in the folder's own width. */
function nextVersion(entries: MigrationEntry[]): string {
  const sequences = entries.filter((m) => m.version?.kind === 'sequence');
  if (sequences.length === 0) return 'a new timestamp';
  const highest = sequences.reduce((a, b) => (compareVersions(a.version!, b.version!) >= 0 ? a : b));
  // The folder's usual width: the most common one, the wider on a tie.
  const widths = new Map<number, number>();
  for (const m of sequences) widths.set(m.version!.text.length, (widths.get(m.version!.text.length) ?? 0) + 1);
  const width = [...widths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  return pad(highest.version!.parts[0]! + 1n, width);
}
