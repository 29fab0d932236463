import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/drizzle-journal.js';

const code = 'SELECT 1;';
const drizzle = { framework: 'drizzle' as const };
const journal = (...tags: string[]) => tags.map((tag, idx) => ({ idx, tag }));

new RuleTester().run(rule, {
  valid: [
    {
      ...drizzle,
      name: 'a journal that lists none of the files is told once, not on every file',
      code,
      filename: 'drizzle/0001_b.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [],
    },
    {
      ...drizzle,
      name: 'an entry out of `when` order in applied history already ran or was skipped long ago: not reported',
      code,
      filename: 'drizzle/0001_b.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [
        { idx: 0, tag: '0000_a', when: 2000 },
        { idx: 1, tag: '0001_b', when: 1000 },
        { idx: 2, tag: '0002_c', when: 3000 },
      ],
    },
    {
      ...drizzle,
      name: 'idx is not read by the migrator: two entries with one idx run in journal order',
      code,
      filename: 'drizzle/0002_c.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [
        { idx: 0, tag: '0000_a' },
        { idx: 1, tag: '0001_b' },
        { idx: 1, tag: '0002_c' },
      ],
    },
    { ...drizzle, code, filename: 'drizzle/0001_b.sql', folder: ['0000_a.sql', '0001_b.sql'], journal: journal('0000_a', '0001_b') },
    { name: 'not a drizzle folder', code, filename: 'db/0001_b.sql', folder: ['0000_a.sql', '0001_b.sql'] },
    {
      ...drizzle,
      name: 'a missing file is told on the newest migration only',
      code,
      filename: 'drizzle/0000_a.sql',
      folder: ['0000_a.sql', '0002_c.sql'],
      journal: journal('0000_a', '0001_b', '0002_c'),
    },
  ],
  invalid: [
    {
      ...drizzle,
      name: 'a hand-written migration missing from the journal is never applied',
      code,
      filename: 'drizzle/0130_abandoned_dagger.sql',
      folder: ['0129_x.sql', '0130_perpetual_screwball.sql', '0130_abandoned_dagger.sql'],
      journal: journal('0129_x', '0130_perpetual_screwball'),
      errors: [{ messageId: 'notInJournal', data: { file: '0130_abandoned_dagger.sql' }, line: 1, column: 1 }],
    },
    {
      ...drizzle,
      code,
      filename: 'drizzle/0002_c.sql',
      folder: ['0000_a.sql', '0002_c.sql'],
      journal: journal('0000_a', '0001_b', '0002_c'),
      errors: [{ messageId: 'missingFile', data: { tag: '0001_b' } }],
    },
    {
      ...drizzle,
      name: 'a new entry whose `when` is not later than an earlier one is skipped on databases that ran it',
      code,
      filename: 'drizzle/0002_c.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [
        { idx: 0, tag: '0000_a', when: 1000 },
        { idx: 1, tag: '0001_b', when: 3000 },
        { idx: 2, tag: '0002_c', when: 2000 },
      ],
      errors: [{ messageId: 'outOfOrder', data: { tag: '0002_c', when: 2000, previous: '0001_b', previousWhen: 3000 } }],
    },
    {
      ...drizzle,
      name: 'a journal that lists none of the files: one finding for the folder, on its newest file',
      code,
      filename: 'drizzle/0002_c.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [],
      errors: [{ messageId: 'journalUnused', data: { matched: 'none', count: 3 } }],
    },
    {
      ...drizzle,
      name: 'a leftover of drizzle-kit pull: one entry for a folder of hand-applied SQL',
      code,
      filename: 'drizzle/0009_j.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql', '0003_d.sql', '0004_e.sql', '0005_f.sql', '0006_g.sql', '0007_h.sql', '0008_i.sql', '0009_j.sql'],
      journal: journal('0000_a'),
      errors: [{ messageId: 'journalUnused', data: { matched: '1', count: 10 } }],
    },
  ],
});
