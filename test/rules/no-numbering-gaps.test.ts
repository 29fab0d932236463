import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-numbering-gaps.js';

const code = 'SELECT 1;';

new RuleTester().run(rule, {
  valid: [
    { code, filename: 'db/0002_b.sql', folder: ['0001_a.sql', '0002_b.sql', '0003_c.sql'] },
    { name: 'numbers compare as numbers: 10 follows 9', code, filename: 'db/10_j.sql', folder: ['8_h.sql', '9_i.sql', '10_j.sql'] },
    { name: 'an up/down pair shares its number', code, filename: 'db/2_users.up.sql', folder: ['1_init.up.sql', '1_init.down.sql', '2_users.up.sql', '2_users.down.sql'] },
    { name: 'timestamps are only checked for duplicates', code, filename: 'db/20240301120000_b.sql', folder: ['20240101120000_a.sql', '20240301120000_b.sql'] },
    { name: 'a folder without numbers', code, filename: 'db/seed.sql', folder: ['seed.sql', 'views.sql'] },
    { name: 'the first file may start above 1 (a squashed history)', code, filename: 'db/0040_x.sql', folder: ['0040_x.sql', '0041_y.sql'] },
    { name: 'Flyway versions', code, filename: 'db/V2__b.sql', folder: ['V1__a.sql', 'V2__b.sql', 'R__views.sql'] },
  ],
  invalid: [
    {
      code: '-- add orders\nCREATE TABLE orders (id int);',
      filename: 'db/0003_c.sql',
      folder: ['0001_a.sql', '0003_c.sql'],
      errors: [{ messageId: 'gap', data: { previous: '0001', current: '0003', missing: '0002', expected: '0002' }, line: 1, column: 1, endLine: 1, endColumn: 14 }],
    },
    {
      name: '0010 equals 10: a duplicate across widths',
      code,
      filename: 'db/0010_b.sql',
      folder: ['0009_a.sql', '10_a.sql', '0010_b.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '0010', others: '"10_a.sql"', next: '0011' } }],
    },
    {
      name: 'two branches added the same number',
      code,
      filename: 'db/0130_abandoned_dagger.sql',
      folder: ['0129_x.sql', '0130_abandoned_dagger.sql', '0130_yellow_sting.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '0130', others: '"0130_yellow_sting.sql"', next: '0131' } }],
    },
    {
      name: 'a range of missing numbers',
      code,
      filename: 'db/7_x.sql',
      folder: ['1_a.sql', '2_b.sql', '7_x.sql'],
      errors: [{ messageId: 'gap', data: { previous: '2', current: '7', missing: '3–6', expected: '3' } }],
    },
    {
      name: 'two up files with one number are a duplicate',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '2_a.up.sql', '2_b.up.sql'],
      errors: [{ messageId: 'duplicate' }],
    },
    {
      code,
      filename: 'db/add_index.sql',
      folder: ['0001_a.sql', '0002_b.sql', 'add_index.sql'],
      errors: [{ messageId: 'unnumbered', data: { file: 'add_index.sql', next: '0003' } }],
    },
    {
      name: 'duplicate timestamps',
      code,
      filename: 'db/20240101120000_b.sql',
      folder: ['20240101120000_a.sql', '20240101120000_b.sql'],
      errors: [{ messageId: 'duplicate' }],
    },
  ],
});

new RuleTester().run(rule, {
  valid: [
    { name: 'requireDown: the pair is complete', code, filename: 'db/2_b.up.sql', folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql', '2_b.down.sql'], options: [{ requireDown: true }] },
    { name: 'requireDown is off by default', code, filename: 'db/2_b.up.sql', folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql'] },
  ],
  invalid: [
    {
      name: 'requireDown: an up migration without its down',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql', '2_c.down.sql'],
      options: [{ requireDown: true }],
      errors: [{ messageId: 'missingDown', data: { name: '2_b.up.sql', expected: '2_b.down.sql' } }, { messageId: 'duplicate' }],
    },
  ],
});
