import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/drizzle-journal.js';

const code = 'SELECT 1;';
const drizzle = { framework: 'drizzle' as const };
const journal = (...tags: string[]) => tags.map((tag, idx) => ({ idx, tag }));

new RuleTester().run(rule, {
  valid: [
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
      code,
      filename: 'drizzle/0002_c.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: [
        { idx: 0, tag: '0000_a' },
        { idx: 1, tag: '0001_b' },
        { idx: 1, tag: '0002_c' },
      ],
      errors: [{ messageId: 'duplicateIdx', data: { idx: 1, tag: '0002_c', other: '0001_b' } }],
    },
    {
      ...drizzle,
      code,
      filename: 'drizzle/0001_b.sql',
      folder: ['0000_a.sql', '0001_b.sql', '0002_c.sql'],
      journal: journal('0000_a', '0002_c', '0001_b'),
      errors: [{ messageId: 'outOfOrder', data: { tag: '0001_b', idx: 2, previous: '0002_c' } }],
    },
  ],
});
