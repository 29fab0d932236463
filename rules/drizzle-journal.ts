import path from 'node:path';
import { defineRule } from '../src/engine/define-rule.js';
import { entryOf, newestMigration, type MigrationSet } from '../src/migrations/migration-set.js';

/** The tags of the set's files, worked out once per set rather than once per file. */
const tagsBySet = new WeakMap<MigrationSet, Set<string>>();
function tagsOnDisk(set: MigrationSet): Set<string> {
  let tags = tagsBySet.get(set);
  if (!tags) {
    tags = new Set(set.migrations.map((m) => path.basename(m.name, '.sql')));
    tagsBySet.set(set, tags);
  }
  return tags;
}

type MessageIds = 'notInJournal' | 'missingFile' | 'duplicateIdx' | 'outOfOrder' | 'unreadableJournal';

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
      duplicateIdx: 'meta/_journal.json gives idx {{idx}} to both "{{tag}}" and "{{other}}": one of the two migrations was merged from another branch without regenerating. Renumber one of them.',
      outOfOrder:
        'meta/_journal.json lists "{{tag}}" (idx {{idx}}) after "{{previous}}": entries must run in idx and file-number order, or a fresh database is built in a different order from production.',
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
        // Folder-wide problems are told on the newest migration, the one a developer adds.
        const head = newestMigration(set);
        const isHead = head?.file === mine.file;
        const journal = set.journal;
        if ('error' in journal) {
          if (isHead) context.report({ messageId: 'unreadableJournal', data: { reason: journal.error } });
          return;
        }
        const tag = path.basename(mine.name, '.sql');
        const own = journal.entries.filter((e) => e.tag === tag);
        if (own.length === 0) context.report({ messageId: 'notInJournal', data: { file: mine.name } });

        const files = tagsOnDisk(set);
        const seenIdx = new Map<number, string>();
        let previous: { idx: number; tag: string; number: number } | undefined;
        for (const entry of journal.entries) {
          const mineOrHead = entry.tag === tag || (isHead && !files.has(entry.tag));
          if (!files.has(entry.tag) && isHead) context.report({ messageId: 'missingFile', data: { tag: entry.tag } });
          const other = seenIdx.get(entry.idx);
          if (other !== undefined && mineOrHead) context.report({ messageId: 'duplicateIdx', data: { idx: entry.idx, tag: entry.tag, other } });
          seenIdx.set(entry.idx, entry.tag);
          const number = Number.parseInt(entry.tag, 10);
          if (previous && (entry.idx < previous.idx || number < previous.number) && mineOrHead) {
            context.report({ messageId: 'outOfOrder', data: { tag: entry.tag, idx: entry.idx, previous: previous.tag } });
          }
          previous = { idx: entry.idx, tag: entry.tag, number };
        }
      },
    };
  },
});
