import path from 'node:path';
import { defineRule } from '../src/engine/define-rule.js';
import { FRAMEWORKS, type Numbering } from '../src/migrations/frameworks.js';
import {
  entryOf,
  isNewMigration,
  knownBatches,
  leftOutOfSet,
  migrationEntry,
  newestMigration,
  type MigrationEntry,
  type MigrationSet,
} from '../src/migrations/migration-set.js';
import { compareVersions, type MigrationVersion } from '../src/migrations/versions.js';

type MessageIds = 'gap' | 'duplicate' | 'belowApplied' | 'unnumbered' | 'notRecognised' | 'malformedName' | 'mixedSchemes' | 'folderWithoutSql' | 'missingDown';
type Options = [{ requireDown: boolean }];

/** The workflow every "move it" advice points to; never applied migrations, only yours. */
const YOURS = 'not applied anywhere yet';

export default defineRule<Options, MessageIds>({
  id: 'no-numbering-gaps',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report the numbering mistakes a migration runner fails on or silently skips: new gaps, duplicates, files it will not run',
      recommended: true,
    },
    messages: {
      gap: 'Migration {{current}} skips {{missing}} (the folder is numbered one by one): a migration may have been lost. If nothing was deleted or renumbered on another branch, renumber this migration ({{yours}}) to {{expected}}.',
      duplicate:
        'Migration number {{current}} is also used by {{others}}: {{consequence}}. {{advice}}',
      belowApplied:
        'Migration {{current}} is numbered below {{applied}}, which is already applied: {{consequence}}. Renumber this migration ({{yours}}) to {{next}}.',
      unnumbered:
        '"{{file}}" has no migration number, unlike the other migrations in its folder: runners skip it or apply it in an order nobody chose. Rename it with the next number ({{next}}).',
      notRecognised:
        '"{{file}}" never runs: {{runner}} only applies files named {{pattern}} and skips the rest without a word. Rename it ({{yours}}), for example to "{{suggestion}}".',
      malformedName:
        'Migration "{{name}}" is misnamed: {{reason}}. {{runner}} runs it as a migration of its own, so fix it before it is applied anywhere.',
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
        const numbering = FRAMEWORKS[set.framework].numbering;
        const inSet = entryOf(set, context.filename);
        if (!inSet && leftOutOfSet(set, path.basename(context.filename))) return;
        // A file not (yet) on disk, such as an unsaved editor buffer, is judged by its name: it is new.
        const mine = inSet ?? migrationEntry(set.framework, path.basename(context.filename), path.basename(context.filename));
        if (mine.repeatable) return;
        const index = indexOf(set);
        const fresh = inSet ? isNewMigration(set, mine) : true;
        const next = inSet || !mine.version ? index.next : nextVersion([...index.versioned, mine]);
        const runner = runnerName(set);

        /** One finding per duplicate version, on the migration added later; whether it was reported. */
        const reportDuplicate = (): boolean => {
          if (!numbering.duplicate || !mine.version) return false;
          const group = index.byVersion.get(versionKey(numbering, mine.version)) ?? [];
          // An up file and a down file of one version are one migration, whatever their titles.
          const clashing = group.filter((m) => m.name !== mine.name && m.down === mine.down);
          if (clashing.length === 0) return false;
          // A buffer not yet on disk is the newest of all.
          const later = inSet ? [...clashing, mine].reduce((a, b) => (addedLater(set, b, a) ? b : a)) : mine;
          if (later !== mine) return false;
          if (numbering.duplicate.outcome === 'journal' && inJournal(set, mine)) return false;
          const others = [...new Set(clashing.map((m) => `"${m.name}"`))].join(', ');
          // drizzle's migrator never ran a file missing from the journal: that one is certainly yours to move.
          const advice =
            set.framework === 'drizzle'
              ? `It is not in meta/_journal.json, so it never ran: create it again with \`drizzle-kit generate --custom\` (next number, ${next}, and a journal entry) and move its SQL there.`
              : fresh
                ? `Renumber this migration (${YOURS}) to ${next}.`
                : `Renumber whichever of them is ${YOURS} to ${next}; never one that has run.`;
          context.report({ messageId: 'duplicate', data: { current: mine.version.text, others, consequence: numbering.duplicate.says, advice } });
          return true;
        };

        // Folder-wide problems are told once, on the newest migration, the one a developer adds.
        if (index.head && index.head.file === mine.file) {
          for (const empty of index.withoutFile) {
            const file = set.framework === 'diesel' ? 'up.sql' : 'migration.sql';
            context.report({ messageId: 'folderWithoutSql', data: { name: empty.name, file, runner } });
          }
        }
        // What the runner tolerated in applied history is not reported; a new migration is judged in full.
        const judged = fresh || (!knownBatches(set) && !mine.version);
        if (!judged) {
          reportDuplicate();
          return;
        }
        if (/\s/.test(mine.name)) {
          context.report({ messageId: 'malformedName', data: { name: mine.name, reason: 'the name contains a space (an accidental copy of another migration?)', runner } });
        }
        if (numbering.version === 'none') return;
        const fileName = mine.file ? path.posix.basename(mine.file) : mine.name;
        if (numbering.recognises && FRAMEWORKS[set.framework].layout === 'files' && !numbering.recognises(fileName) && index.versioned.length > 0) {
          context.report({ messageId: 'notRecognised', data: { file: mine.name, runner, pattern: PATTERNS[set.framework] ?? '', yours: YOURS, suggestion: suggestName(set, fileName, next) } });
          return;
        }
        if (!mine.version) {
          if (index.versioned.length > 0) context.report({ messageId: 'unnumbered', data: { file: mine.name, next } });
          return;
        }
        const version = mine.version;
        const theirs = version.kind === 'sequence' ? 'timestamp' : 'sequence';
        const own = index.kinds[version.kind] - (inSet ? 1 : 0);
        if (version.kind !== 'dotted' && index.kinds[theirs] > own) {
          context.report({ messageId: 'mixedSchemes', data: { name: mine.name, mine: `a ${version.kind}`, theirs: `${theirs}s` } });
          return;
        }
        // golang-migrate pairs an up and a down file by version alone; their titles may differ.
        const key = versionKey(numbering, version);
        if (requireDown && !mine.down && /\.up\.sql$/i.test(mine.name) && !index.byVersion.get(key)?.some((m) => m.down)) {
          context.report({ messageId: 'missingDown', data: { name: mine.name, expected: mine.name.replace(/\.up\.sql$/i, '.down.sql') } });
        }
        if (reportDuplicate()) return;
        if (mine.down) return;

        // A new migration below one already applied: only history can tell which are applied.
        const applied = knownBatches(set) ? highestApplied(set, index) : undefined;
        if (numbering.belowApplied && applied && compareVersions(version, applied.version!) < 0) {
          context.report({
            messageId: 'belowApplied',
            data: { current: version.text, applied: `"${applied.name}"`, consequence: numbering.belowApplied.says, yours: YOURS, next },
          });
          return;
        }

        // Gaps: only in folders numbered one by one, where a hole means something was lost.
        if (!numbering.sequential) return;
        const current = majorOf(set, version);
        if (current === undefined) return;
        const previous = largestBelow(index.majors, current);
        // The folder's habit, read from every other step: one that skips by custom signals nothing.
        const otherSkips = index.skips - 1;
        if (previous !== undefined && current - previous > 1n && otherSkips * 10 <= index.majors.length - 2) {
          const width = padWidth(index.versioned);
          const first = previous + 1n;
          const last = current - 1n;
          const missing = first === last ? pad(first, width) : `${pad(first, width)}–${pad(last, width)}`;
          context.report({
            messageId: 'gap',
            data: { previous: pad(previous, width), current: version.text, missing, expected: pad(first, width), yours: YOURS },
          });
        }

      },
    };
  },
});

const PATTERNS: Partial<Record<MigrationSet['framework'], string>> = {
  'golang-migrate': '<version>_<title>.up.sql / .down.sql',
  goose: '<version>_<name>.sql',
  dbmate: '<version>_<name>.sql',
  flyway: 'V<version>__<description>.sql',
};

/** A name the runner recognises for a file it would skip, keeping the file's own number and words. */
function suggestName(set: MigrationSet, fileName: string, next: string): string {
  const words = fileName.replace(/\.sql$/i, '').replace(/^[VU]?\d+(?:[._]\d+)*_*/, '') || 'migration';
  const number = /^\d+/.exec(fileName)?.[0] ?? next;
  if (set.framework === 'golang-migrate') return `${number}_${words}.up.sql`;
  if (set.framework === 'flyway') return `V${number}__${words}.sql`;
  return `${number}_${words}.sql`;
}

/** What every file of a set asks about the set, computed once per set rather than once per file. */
interface SetIndex {
  versioned: MigrationEntry[];
  byVersion: Map<string, MigrationEntry[]>;
  /** First version parts ("majors") in the set, ascending, without repeats: `V66.1` counts as 66. */
  majors: bigint[];
  /** How many steps between consecutive majors skip numbers. */
  skips: number;
  kinds: Record<MigrationVersion['kind'], number>;
  head: MigrationEntry | undefined;
  withoutFile: MigrationEntry[];
  next: string;
}

const indexes = new WeakMap<MigrationSet, SetIndex>();

function indexOf(set: MigrationSet): SetIndex {
  let index = indexes.get(set);
  if (index) return index;
  const numbering = FRAMEWORKS[set.framework].numbering;
  // Prisma's folders have no version: its hundreds of names are never parsed.
  const versioned = numbering.version === 'none' ? [] : set.migrations.filter((m) => m.file && !m.repeatable && m.version);
  const byVersion = new Map<string, MigrationEntry[]>();
  const kinds = { sequence: 0, timestamp: 0, dotted: 0 };
  for (const m of versioned) {
    const key = versionKey(numbering, m.version!);
    byVersion.set(key, [...(byVersion.get(key) ?? []), m]);
    kinds[m.version!.kind]++;
  }
  const majorsOf = (entries: MigrationEntry[]): bigint[] =>
    [...new Set(entries.flatMap((m) => majorOf(set, m.version!) ?? []))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const majors = majorsOf(versioned);
  let skips = 0;
  for (let i = 1; i < majors.length; i++) if (majors[i]! - majors[i - 1]! > 1n) skips++;
  index = {
    versioned,
    byVersion,
    majors,
    skips,
    kinds,
    head: newestMigration(set),
    withoutFile: set.migrations.filter((m) => !m.file),
    next: nextVersion(versioned),
  };
  indexes.set(set, index);
  return index;
}

/** The number that counts for gaps: a sequence, or the first part of a Flyway version (`66` of `66.1`). */
function majorOf(set: MigrationSet, version: MigrationVersion): bigint | undefined {
  if (version.kind === 'sequence') return version.parts[0];
  if (version.kind === 'dotted' && set.framework === 'flyway') return version.parts[0];
  return undefined;
}

function versionKey(numbering: Numbering, version: MigrationVersion): string {
  if (numbering.version === 'text') return version.text;
  // Trailing zero parts do not change a version: 1.0 is 1.
  const parts = [...version.parts];
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts.join('.');
}

/** The applied migration with the highest version (not of the pending or latest batch). */
function highestApplied(set: MigrationSet, index: SetIndex): MigrationEntry | undefined {
  let highest: MigrationEntry | undefined;
  for (const m of index.versioned) {
    if (m.down || !m.file || isNewMigration(set, m)) continue;
    if (!highest || compareVersions(m.version!, highest.version!) > 0) highest = m;
  }
  return highest;
}

/**
 * Whether `a` reached the folder after `b`: by deploy batch when history is known, else the one
 * missing from drizzle's journal, else the one the runner orders last.
 */
function addedLater(set: MigrationSet, a: MigrationEntry, b: MigrationEntry): boolean {
  const batches = knownBatches(set);
  if (batches && a.file && b.file) {
    const [x, y] = [batchRank(batches, a.file), batchRank(batches, b.file)];
    if (x !== y) return x > y;
  }
  if (set.framework === 'drizzle') {
    const [x, y] = [inJournal(set, a), inJournal(set, b)];
    if (x !== y) return !x;
  }
  return set.migrations.indexOf(a) > set.migrations.indexOf(b);
}

function batchRank(batches: NonNullable<MigrationSet['batches']>, file: string): number {
  return batches.isPending(file) ? Number.POSITIVE_INFINITY : (batches.batchOf(file) ?? Number.NEGATIVE_INFINITY);
}

function inJournal(set: MigrationSet, entry: MigrationEntry): boolean {
  if (!set.journal || !('entries' in set.journal)) return false;
  const tag = entry.name.replace(/\.sql$/i, '');
  return set.journal.entries.some((e) => e.tag === tag);
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

function runnerName(set: MigrationSet): string {
  const names: Partial<Record<MigrationSet['framework'], string>> = { 'golang-migrate': 'golang-migrate', dbmate: 'dbmate', popx: 'popx', plain: 'The migration runner' };
  return names[set.framework] ?? set.framework.charAt(0).toUpperCase() + set.framework.slice(1);
}

/** The width numbers are zero-padded to in the folder (`0007`: 4), or 1 when they are not padded. */
function padWidth(entries: MigrationEntry[]): number {
  let width = 1;
  for (const m of entries) if (m.version!.kind === 'sequence' && m.version!.text.startsWith('0')) width = Math.max(width, m.version!.text.length);
  return width;
}

function pad(value: bigint, width: number): string {
  return value.toString().padStart(width, '0');
}

/** The number the next migration should take, in the folder's own width. */
function nextVersion(entries: MigrationEntry[]): string {
  const sequences = entries.filter((m) => m.version?.kind === 'sequence' || m.version?.kind === 'dotted');
  if (sequences.length === 0) return 'a new timestamp';
  const highest = sequences.reduce((a, b) => (compareVersions(a.version!, b.version!) >= 0 ? a : b));
  // The folder's usual width: the most common one, the wider on a tie.
  const widths = new Map<number, number>();
  for (const m of sequences) if (m.version!.kind === 'sequence') widths.set(m.version!.text.length, (widths.get(m.version!.text.length) ?? 0) + 1);
  const width = [...widths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 1;
  return pad(highest.version!.parts[0]! + 1n, width);
}
