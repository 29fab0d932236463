import path from 'node:path';
import { defineRule } from '../src/engine/define-rule.js';
import {
  compareVersions,
  isRepeatableFlyway,
  parseMigrationVersion,
  type MigrationVersion,
} from '../src/migrations/versions.js';

type MessageIds = 'gap' | 'duplicate' | 'unnumbered';

interface Versioned {
  file: string;
  version: MigrationVersion;
}

export default defineRule<[], MessageIds>({
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
    },
    schema: [],
  },
  create(context) {
    return {
      File() {
        const set = context.migrationSet;
        if (!set || context.filename === '<text>') return;
        const self = path.basename(context.filename);
        const names = set.files.includes(self) ? set.files : [...set.files, self];
        const versioned: Versioned[] = [];
        for (const file of names) {
          const version = parseMigrationVersion(file);
          if (version) versioned.push({ file, version });
        }
        if (versioned.length === 0 || isRepeatableFlyway(self)) return;
        const next = nextVersion(versioned);
        const mine = versioned.find((v) => v.file === self);
        if (!mine) {
          context.report({ messageId: 'unnumbered', data: { file: self, next } });
          return;
        }
        const same = versioned.filter(
          (v) => v.file !== self && compareVersions(v.version, mine.version) === 0 && !isPair(v.version, mine.version),
        );
        if (same.length > 0) {
          const others = same.map((v) => `"${v.file}"`).join(', ');
          context.report({ messageId: 'duplicate', data: { current: mine.version.text, others, next } });
        }
        // Timestamps and dotted versions are not contiguous: only duplicates count for them.
        if (mine.version.kind !== 'sequence') return;
        const earlier = versioned
          .filter((v) => v.version.kind === 'sequence' && compareVersions(v.version, mine.version) < 0)
          .map((v) => v.version.parts[0]!);
        if (earlier.length === 0) return;
        const previous = earlier.reduce((a, b) => (a > b ? a : b));
        const current = mine.version.parts[0]!;
        if (current - previous > 1n) {
          const width = mine.version.text.length;
          const first = previous + 1n;
          const last = current - 1n;
          const missing = first === last ? pad(first, width) : `${pad(first, width)}–${pad(last, width)}`;
          context.report({
            messageId: 'gap',
            data: { previous: pad(previous, width), current: mine.version.text, missing, expected: pad(first, width) },
          });
        }
      },
    };
  },
});

/** `1_x.up.sql` and `1_x.down.sql` are one migration, not a duplicate. */
function isPair(a: MigrationVersion, b: MigrationVersion): boolean {
  return a.stem === b.stem && a.direction !== undefined && b.direction !== undefined && a.direction !== b.direction;
}

function pad(value: bigint, width: number): string {
  return value.toString().padStart(width, '0');
}

/** The number the next migration should take, in the folder's own width. */
function nextVersion(versioned: Versioned[]): string {
  const sequences = versioned.filter((v) => v.version.kind === 'sequence');
  if (sequences.length === 0) return 'a new timestamp';
  const highest = sequences.reduce((a, b) => (compareVersions(a.version, b.version) >= 0 ? a : b));
  return pad(highest.version.parts[0]! + 1n, highest.version.text.length);
}
