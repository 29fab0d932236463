import path from 'node:path';
import { defineRule } from '../src/engine/define-rule.js';
import { entryOf, isNewMigration, newestMigration, type DrizzleJournal, type MigrationSet } from '../src/migrations/migration-set.js';

/** What every file of a set asks about its journal, worked out once per set rather than once per file. */
interface JournalIndex {
  /** Tags of the set's "up" files. */
  files: Set<string>;
  tags: Set<string>;
  /** The journal names none or almost none of the files: drizzle's migrator does not apply this folder. */
  unused: boolean;
}

const indexes = new WeakMap<MigrationSet, JournalIndex>();
function indexOf(set: MigrationSet, journal: DrizzleJournal): JournalIndex {
  let index = indexes.get(set);
  if (!index) {
    const files = new Set(set.migrations.filter((m) => m.file && !m.down).map((m) => path.basename(m.name, '.sql')));
    const tags = new Set(journal.entries.map((e) => e.tag));
    const matched = [...files].filter((f) => tags.has(f)).length;
    // Fewer than one file in five listed: hand-applied SQL, or what `drizzle-kit pull` left behind.
    index = { files, tags, unused: files.size >= 2 && matched * 5 < files.size };
    indexes.set(set, index);
  }
  return index;
}

type MessageIds = 'notInJournal' | 'missingFile' | 'journalUnused' | 'outOfOrder' | 'unreadableJournal';

export default defineRule<[], MessageIds>({
  id: 'drizzle-journal',
  meta: {
    type: 'problem',
    docs: {
      description: "Check that drizzle-kit's meta/_journal.json and the migration files agree",
      recommended: true,
    },
    messages: {
      notInJournal:
        '"{{file}}" is not in meta/_journal.json, so drizzle-kit\'s migrator never applies it: the change silently never reaches the database. Create hand-written migrations with `drizzle-kit generate --custom` (it adds the journal entry), or add the entry.',
      missingFile:
        'meta/_journal.json lists "{{tag}}" but {{tag}}.sql does not exist: `drizzle-kit migrate` fails on every database that has not applied it. Restore the file or remove the entry (and its snapshot).',
      journalUnused:
        'meta/_journal.json lists {{matched}} of the {{count}} migrations in this folder, so drizzle-kit\'s migrator does not apply this folder: its SQL is applied some other way, or is a leftover of `drizzle-kit pull`. If drizzle should apply it, regenerate the journal; otherwise set "framework" for this folder or turn drizzle-journal off for it.',
      outOfOrder:
        'meta/_journal.json gives "{{tag}}" a `when` ({{when}}) no later than "{{previous}}" ({{previousWhen}}): drizzle\'s migrator skips it without an error on every database that already applied "{{previous}}". Give this entry a `when` later than every entry before it (the current time in ms).',
      unreadableJournal: 'meta/_journal.json cannot be read ({{reason}}): drizzle-kit migrate cannot run any migration of this folder.',
    },
    schema: [],
  },
  create(context) {
    return {
      File() {
        const set = context.migrationSet;
        if (!set || set.framework !== 'drizzle' || !set.journal) return;
        const mine = entryOf(set, context.filename);
        if (!mine || mine.down) return;
        // Folder-wide problems are told once, on the newest migration, the one a developer adds.
        const isHead = newestMigration(set)?.file === mine.file;
        const journal = set.journal;
        if ('error' in journal) {
          if (isHead) context.report({ messageId: 'unreadableJournal', data: { reason: journal.error } });
          return;
        }
        const index = indexOf(set, journal);
        if (index.unused) {
          if (isHead) {
            const matched = [...index.files].filter((f) => index.tags.has(f)).length;
            context.report({ messageId: 'journalUnused', data: { matched: matched === 0 ? 'none' : String(matched), count: index.files.size } });
          }
          return;
        }
        const tag = path.basename(mine.name, '.sql');
        if (!index.tags.has(tag)) context.report({ messageId: 'notInJournal', data: { file: mine.name } });
        if (isHead) {
          for (const entry of journal.entries) if (!index.files.has(entry.tag)) context.report({ messageId: 'missingFile', data: { tag: entry.tag } });
        }

        // The migrator applies an entry only if its `when` is later than the newest one applied
        // (drizzle-orm PgDialect.migrate): told for a new entry, not for history that already ran.
        if (!isNewMigration(set, mine)) return;
        let latest: { tag: string; when: number } | undefined;
        for (const entry of journal.entries) {
          if (entry.tag === tag) {
            if (latest && entry.when !== undefined && entry.when <= latest.when) {
              context.report({ messageId: 'outOfOrder', data: { tag, when: entry.when, previous: latest.tag, previousWhen: latest.when } });
            }
            break;
          }
          if (entry.when !== undefined && (!latest || entry.when > latest.when)) latest = { tag: entry.tag, when: entry.when };
        }
      },
    };
  },
});
