import { RuleTester } from '../../src/rule-tester.js';
import rule from '../../rules/no-numbering-gaps.js';

const code = 'SELECT 1;';
const golang = { framework: 'golang-migrate' as const };
const flyway = { framework: 'flyway' as const };
const diesel = { framework: 'diesel' as const };
const prisma = { framework: 'prisma' as const };
const goose = { framework: 'goose' as const };
const drizzle = { framework: 'drizzle' as const };
const PLAIN = 'the two run in an order nobody chose, or one is taken for the other';
const GOLANG = 'golang-migrate refuses to start ("duplicate migration file")';
const journal = (...tags: string[]) => tags.map((tag, idx) => ({ idx, tag }));

// What each runner tolerates is silent; next to it, the true finding of the same class.
new RuleTester().run(rule, {
  valid: [
    { code, filename: 'db/0002_b.sql', folder: ['0001_a.sql', '0002_b.sql', '0003_c.sql'] },
    { name: 'numbers compare as numbers: 10 follows 9', code, filename: 'db/10_j.sql', folder: ['8_h.sql', '9_i.sql', '10_j.sql'] },
    { name: 'an up/down pair shares its number', code, filename: 'db/2_users.up.sql', folder: ['1_init.up.sql', '1_init.down.sql', '2_users.up.sql', '2_users.down.sql'] },
    {
      ...golang,
      name: 'golang-migrate: the up and down file of one version may have different titles',
      code,
      filename: 'db/30_drop_x.down.sql',
      folder: ['29_a.up.sql', '29_a.down.sql', '30_add_x.up.sql', '30_drop_x.down.sql'],
    },
    { ...golang, name: '… and the up file of such a pair is no duplicate either', code, filename: 'db/30_add_x.up.sql', folder: ['29_a.up.sql', '30_add_x.up.sql', '30_drop_x.down.sql'] },
    { name: 'timestamps are only checked for duplicates', code, filename: 'db/20240301120000_b.sql', folder: ['20240101120000_a.sql', '20240301120000_b.sql'] },
    { name: 'a folder without numbers', code, filename: 'db/seed.sql', folder: ['seed.sql', 'views.sql'] },
    { name: 'the first file may start above 1 (a squashed history)', code, filename: 'db/0040_x.sql', folder: ['0040_x.sql', '0041_y.sql'] },
    { name: 'Flyway versions', code, filename: 'db/V2__b.sql', folder: ['V1__a.sql', 'V2__b.sql', 'R__views.sql'] },
    {
      ...flyway,
      name: 'Flyway: dotted versions fill their number, so 65 → 66.1 → 67.1 → 68 has no gap',
      code,
      filename: 'db/V68__e.sql',
      folder: ['V65__a.sql', 'V66.1__b.sql', 'V66.2__c.sql', 'V67.1__d.sql', 'V68__e.sql'],
    },
    {
      name: 'a gap in applied history is not reported: the runner ran it long ago',
      code,
      filename: 'db/0004_d.sql',
      folder: ['0001_a.sql', '0002_b.sql', '0004_d.sql', '0005_e.sql'],
      pending: ['0005_e.sql'],
    },
    {
      ...golang,
      name: 'a folder that numbers with holes by habit (one per release) gets no gap for its new migration',
      code,
      filename: 'db/0190_2.16.0_schema.up.sql',
      folder: ['0001_a.up.sql', '0010_b.up.sql', '0011_c.up.sql', '0020_d.up.sql', '0030_e.up.sql', '0190_2.16.0_schema.up.sql'],
    },
    {
      ...diesel,
      name: "Diesel: its own 00000000000000_diesel_initial_setup and 2.x `YYYY-MM-DD-HHMMSS-0000_name` folders",
      code,
      filename: 'migrations/2023-02-01-093000-0000_add_email/up.sql',
      folder: [
        '00000000000000_diesel_initial_setup/up.sql',
        '00000000000000_diesel_initial_setup/down.sql',
        '2023-01-31-120000-0000_create_users/up.sql',
        '2023-01-31-120000-0000_create_users/down.sql',
        '2023-02-01-093000-0000_add_email/up.sql',
        '2023-02-01-093000-0000_add_email/down.sql',
      ],
    },
    {
      ...diesel,
      name: 'Diesel never validates the time in a name: hour 51 runs like any other',
      code,
      filename: 'migrations/2023-02-01-513000_add_email/up.sql',
      folder: ['2023-01-31-120000_create_users/up.sql', '2023-02-01-513000_add_email/up.sql'],
    },
    {
      ...prisma,
      name: 'Prisma: two folders with the same timestamp are two migrations (the name orders them)',
      code,
      filename: 'prisma/migrations/20240528214728_add_cursor_index_02/migration.sql',
      folder: ['20240528214728_add_cursor_index_01/migration.sql', '20240528214728_add_cursor_index_02/migration.sql'],
    },
    {
      ...prisma,
      name: 'Prisma never validates the time in a name',
      code,
      filename: 'prisma/migrations/20240524156058_backfill/migration.sql',
      folder: ['20240101000000_init/migration.sql', '20240524156058_backfill/migration.sql'],
    },
    {
      ...golang,
      name: 'a duplicate pair is told once, on the migration added later, not on the earlier one',
      code,
      filename: 'db/2_a.up.sql',
      folder: ['1_a.up.sql', '2_a.up.sql', '2_b.up.sql'],
    },
    {
      name: '… and with history, "later" is the pending one, whatever the names',
      code,
      filename: 'db/0130_b.sql',
      folder: ['0129_x.sql', '0130_a.sql', '0130_b.sql'],
      pending: ['0130_a.sql'],
    },
    {
      ...drizzle,
      name: 'drizzle: two numbers alike both in the journal both run',
      code,
      filename: 'drizzle/0002_b.sql',
      folder: ['0001_a.sql', '0002_a.sql', '0002_b.sql'],
      journal: journal('0001_a', '0002_a', '0002_b'),
    },
    {
      ...drizzle,
      name: 'drizzle: the file of a duplicate pair that is in the journal is not told to move',
      code,
      filename: 'drizzle/0130_perpetual_screwball.sql',
      folder: ['0129_x.sql', '0130_perpetual_screwball.sql', '0130_abandoned_dagger.sql'],
      journal: journal('0129_x', '0130_perpetual_screwball'),
    },
    {
      ...prisma,
      name: 'a copied folder in applied history is not reported',
      code,
      filename: 'prisma/migrations/20240126184148_new_models copy/migration.sql',
      folder: ['20240126184148_new_models/migration.sql', '20240126184148_new_models copy/migration.sql', '20240201000000_next/migration.sql'],
      pending: ['20240201000000_next/migration.sql'],
    },
    {
      framework: 'dbmate',
      name: 'dbmate applies a new migration below the newest applied one (without --strict)',
      code,
      filename: 'db/0003_c.sql',
      folder: ['0001_a.sql', '0002_b.sql', '0003_c.sql', '0004_d.sql'],
      pending: ['0003_c.sql'],
    },
  ],
  invalid: [
    {
      code: '-- add orders\nCREATE TABLE orders (id int);',
      filename: 'db/0003_c.sql',
      folder: ['0001_a.sql', '0003_c.sql'],
      errors: [
        {
          messageId: 'gap',
          data: { previous: '0001', current: '0003', missing: '0002', expected: '0002', yours: 'not applied anywhere yet' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'a new migration (the pending batch) that skips a number',
      code,
      filename: 'db/0004_d.sql',
      folder: ['0001_a.sql', '0002_b.sql', '0004_d.sql'],
      pending: ['0004_d.sql'],
      errors: [{ messageId: 'gap', data: { previous: '0002', current: '0004', missing: '0003', expected: '0003', yours: 'not applied anywhere yet' } }],
    },
    {
      name: 'a range of missing numbers',
      code,
      filename: 'db/7_x.sql',
      folder: ['1_a.sql', '2_b.sql', '7_x.sql'],
      errors: [{ messageId: 'gap', data: { previous: '2', current: '7', missing: '3–6', expected: '3', yours: 'not applied anywhere yet' } }],
    },
    {
      ...flyway,
      name: 'Flyway: a new version that skips one after dotted versions',
      code,
      filename: 'db/V69__f.sql',
      folder: ['V65__a.sql', 'V66.1__b.sql', 'V67.1__d.sql', 'V69__f.sql'],
      errors: [{ messageId: 'gap', data: { previous: '67', current: '69', missing: '68', expected: '68', yours: 'not applied anywhere yet' } }],
    },
    {
      name: '0010 equals 10: a duplicate across widths, told on the one the runner orders last',
      code,
      filename: 'db/10_a.sql',
      folder: ['0009_a.sql', '10_a.sql', '0010_b.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '10', others: '"0010_b.sql"', consequence: PLAIN, advice: 'Renumber this migration (not applied anywhere yet) to 0011.' } }],
    },
    {
      name: 'two branches added the same number: the pending one is told to move',
      code,
      filename: 'db/0130_a.sql',
      folder: ['0129_x.sql', '0130_a.sql', '0130_b.sql'],
      pending: ['0130_a.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '0130', others: '"0130_b.sql"', consequence: PLAIN, advice: 'Renumber this migration (not applied anywhere yet) to 0131.' } }],
    },
    {
      ...golang,
      name: 'golang-migrate: two up files with one version are refused',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '2_a.up.sql', '2_b.up.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '2', others: '"2_a.up.sql"', consequence: GOLANG, advice: 'Renumber this migration (not applied anywhere yet) to 3.' } }],
    },
    {
      ...golang,
      name: 'golang-migrate: an old duplicate is still reported (the runner refuses it on every run), without telling which to move',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '2_a.up.sql', '2_b.up.sql', '3_c.up.sql'],
      pending: ['3_c.up.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '2', others: '"2_a.up.sql"', consequence: GOLANG, advice: 'Renumber whichever of them is not applied anywhere yet to 4; never one that has run.' } }],
    },
    {
      ...drizzle,
      name: 'drizzle: the duplicate is told on the file missing from the journal',
      code,
      filename: 'drizzle/0130_abandoned_dagger.sql',
      folder: ['0129_x.sql', '0130_perpetual_screwball.sql', '0130_abandoned_dagger.sql'],
      journal: journal('0129_x', '0130_perpetual_screwball'),
      errors: [{ messageId: 'duplicate', data: { current: '0130', others: '"0130_perpetual_screwball.sql"', consequence: 'only the one listed in meta/_journal.json ever runs', advice: 'It is not in meta/_journal.json, so it never ran: create it again with `drizzle-kit generate --custom` (next number, 0131, and a journal entry) and move its SQL there.' } }],
    },
    {
      ...diesel,
      name: 'Diesel: two folders with one version, only one of which ever runs',
      code,
      filename: 'migrations/2023-01-31-120000_b/up.sql',
      folder: ['2023-01-31-120000_a/up.sql', '2023-01-31-120000_b/up.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '20230131120000', others: '"2023-01-31-120000_a"', consequence: 'Diesel keys pending migrations by version, so only one of them ever runs', advice: 'Renumber this migration (not applied anywhere yet) to a new timestamp.' } }],
    },
    {
      name: 'an editor buffer not yet on disk that takes a number already used is the one told to move',
      code,
      filename: 'db/0003_add_refunds.sql',
      folder: ['0001_a.sql', '0002_b.sql', '0003_add_orders.sql'],
      errors: [{ messageId: 'duplicate', data: { current: '0003', others: '"0003_add_orders.sql"', consequence: PLAIN, advice: 'Renumber this migration (not applied anywhere yet) to 0004.' } }],
    },
    {
      name: 'duplicate timestamps',
      code,
      filename: 'db/20240101120000_b.sql',
      folder: ['20240101120000_a.sql', '20240101120000_b.sql'],
      errors: [{ messageId: 'duplicate' }],
    },
    {
      ...flyway,
      name: 'Flyway refuses a new migration below the newest applied one',
      code,
      filename: 'db/V3__c.sql',
      folder: ['V1__a.sql', 'V2__b.sql', 'V3__c.sql', 'V4__d.sql'],
      pending: ['V3__c.sql'],
      errors: [{ messageId: 'belowApplied', data: { current: '3', applied: '"V4__d.sql"', next: '5', yours: 'not applied anywhere yet', consequence: 'Flyway refuses to migrate a database already past it ("Detected resolved migration not applied to database") unless outOfOrder is on' } }],
    },
    {
      ...goose,
      name: 'goose refuses a new migration below the newest applied one unless --allow-missing',
      code,
      filename: 'db/00003_c.sql',
      folder: ['00001_a.sql', '00002_b.sql', '00003_c.sql', '00004_d.sql'],
      pending: ['00003_c.sql'],
      errors: [{ messageId: 'belowApplied', data: { current: '00003', applied: '"00004_d.sql"', next: '00005', yours: 'not applied anywhere yet', consequence: 'goose refuses to migrate a database already past it ("found 1 missing migrations before current version") unless run with --allow-missing' } }],
    },
    {
      ...golang,
      name: 'golang-migrate never runs a .sql file without .up/.down',
      code,
      filename: 'db/2_b.sql',
      folder: ['1_a.up.sql', '1_a.down.sql', '2_b.sql'],
      errors: [{ messageId: 'notRecognised', data: { file: '2_b.sql', runner: 'golang-migrate', pattern: '<version>_<title>.up.sql / .down.sql', yours: 'not applied anywhere yet', suggestion: '2_b.up.sql' } }],
    },
    {
      code,
      filename: 'db/add_index.sql',
      folder: ['0001_a.sql', '0002_b.sql', 'add_index.sql'],
      errors: [{ messageId: 'unnumbered', data: { file: 'add_index.sql', next: '0003' } }],
    },
    {
      ...prisma,
      name: 'a new copied folder (a space in its name) is reported',
      code,
      filename: 'prisma/migrations/20240126184148_new_models copy/migration.sql',
      folder: ['20240126184148_new_models/migration.sql', '20240126184148_new_models copy/migration.sql'],
      pending: ['20240126184148_new_models copy/migration.sql'],
      errors: [{ messageId: 'malformedName' }],
    },
  ],
});

new RuleTester().run(rule, {
  valid: [
    { name: 'requireDown: the pair is complete', code, filename: 'db/2_b.up.sql', folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql', '2_b.down.sql'], options: [{ requireDown: true }] },
    {
      name: 'requireDown: a down file with another title is the down of that version',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql', '2_c.down.sql'],
      options: [{ requireDown: true }],
    },
    { name: 'requireDown is off by default', code, filename: 'db/2_b.up.sql', folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql'] },
  ],
  invalid: [
    {
      name: 'requireDown: an up migration without its down',
      code,
      filename: 'db/2_b.up.sql',
      folder: ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql'],
      options: [{ requireDown: true }],
      errors: [{ messageId: 'missingDown', data: { name: '2_b.up.sql', expected: '2_b.down.sql' } }],
    },
  ],
});
