/**
 * The shared corpus of real migration folders (present beside the checkout in CI, absent on a
 * fresh clone, where this file is skipped): every set detected with its framework and order,
 * no internal error, and the known quirks reported.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMigrationSet } from '../../src/migrations/migration-set.js';
import { cli, ROOT } from '../helpers/cli.js';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const present = existsSync(CORPUS);
if (!present) console.log(`corpus tests skipped: ${CORPUS} is not there (it sits beside the checkout in CI)`);

type JsonResult = { filePath: string; messages: { ruleId: string; messageId?: string; fatal?: boolean }[] };

describe.skipIf(!present)('the shared corpus', () => {
  let results: JsonResult[] = [];
  let code = -1;
  /** A migration's name: its file, or its folder for Prisma's `<folder>/migration.sql`. */
  const nameOf = (file: string): string => path.basename(path.basename(file) === 'migration.sql' ? path.dirname(file) : file);
  const findings = (pathPart: string, ruleId: string): { file: string; messageId?: string }[] =>
    results
      .filter((r) => r.filePath.includes(pathPart))
      .flatMap((r) => r.messages.filter((m) => m.ruleId === ruleId).map((m) => ({ file: nameOf(r.filePath), messageId: m.messageId })));

  beforeAll(async () => {
    const outcome = await cli(['-f', 'json', '--no-cache', CORPUS]);
    code = outcome.code;
    results = JSON.parse(outcome.stdout) as JsonResult[];
  }, 120_000);

  it.each([
    ['Dokploy__dokploy/apps/dokploy/drizzle', 'drizzle'],
    ['triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations', 'prisma'],
    ['triggerdotdev__trigger.dev/internal-packages/run-ops-database/prisma/migrations', 'prisma'],
    ['triggerdotdev__trigger.dev/internal-packages/dashboard-agent-db/drizzle', 'drizzle'],
    ['langfuse__langfuse/packages/shared/prisma/migrations', 'prisma'],
    ['goharbor__harbor/make/migrations/postgresql', 'golang-migrate'],
    ['ory__kratos/persistence/sql/migrations/sql', 'popx'],
    ['MarquezProject__marquez/api/src/main/resources/marquez/db/migration', 'flyway'],
  ])('%s is a %s set', (dir, framework) => {
    expect(readMigrationSet(path.join(CORPUS, dir)).framework).toBe(framework);
  });

  it('orders by number, not by string', () => {
    const marquez = readMigrationSet(path.join(CORPUS, 'MarquezProject__marquez/api/src/main/resources/marquez/db/migration')).migrations.map((m) => m.name);
    expect(marquez.indexOf('V10__drop_unique_constraint_on_job_name.sql')).toBeGreaterThan(marquez.findIndex((n) => n.startsWith('V9__')));
    expect(marquez.at(-1)).toMatch(/^R__/);
  });

  it('lints every file with no internal error and no parse error', () => {
    expect(code).toBe(1);
    expect(results.length).toBe(2275);
    expect(results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === 'parse-error'))).toEqual([]);
  });

  it("reports Dokploy's duplicate 0130 and the migration missing from its journal", () => {
    expect(findings('Dokploy__dokploy', 'no-numbering-gaps')).toEqual([
      { file: '0130_abandoned_dagger.sql', messageId: 'duplicate' },
      { file: '0130_perpetual_screwball.sql', messageId: 'duplicate' },
    ]);
    expect(findings('Dokploy__dokploy', 'drizzle-journal')).toEqual([{ file: '0130_abandoned_dagger.sql', messageId: 'notInJournal' }]);
  });

  it("reports harbor's numbering gaps", () => {
    const gaps = findings('goharbor__harbor', 'no-numbering-gaps');
    expect(gaps.length).toBeGreaterThan(10);
    expect(gaps.every((g) => g.messageId === 'gap')).toBe(true);
  });

  it("reports langfuse's malformed folder names", () => {
    const misnamed = findings('langfuse__langfuse', 'no-numbering-gaps').filter((f) => f.messageId === 'malformedName').map((f) => f.file);
    expect(misnamed).toEqual(
      expect.arrayContaining([
        '20240126184148_new_models copy',
        '20240718011733_dataset_runs_add_unique_dataset_id_project_id_name copy',
        '20250517173700_add_event_log_migration_background_migration.sql',
        '20250517273700_add_table_view_presets.sql',
        '20250625_add_pivot_table_charttype',
      ]),
    );
  });
});
