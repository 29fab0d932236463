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

  it("reports Dokploy's duplicate 0130 once, on the file missing from the journal, and that missing entry", () => {
    expect(findings('Dokploy__dokploy', 'no-numbering-gaps')).toEqual([{ file: '0130_abandoned_dagger.sql', messageId: 'duplicate' }]);
    expect(findings('Dokploy__dokploy', 'drizzle-journal')).toEqual([{ file: '0130_abandoned_dagger.sql', messageId: 'notInJournal' }]);
  });

  it('no numbering finding where the runner has no complaint', () => {
    // golang-migrate allows gaps, and harbor numbers one release per ten; its files are applied history.
    expect(findings('goharbor__harbor', 'no-numbering-gaps')).toEqual([]);
    // Prisma orders folders by name and never reads the timestamp: same-timestamp folders, impossible
    // times and odd names in applied history run as they are.
    expect(findings('langfuse__langfuse', 'no-numbering-gaps')).toEqual([]);
    expect(findings('triggerdotdev__trigger.dev', 'no-numbering-gaps')).toEqual([]);
    // Flyway's dotted versions (V66.1, V67.1) fill the numbers between 65 and 68; older holes are history.
    expect(findings('MarquezProject__marquez', 'no-numbering-gaps')).toEqual([]);
    expect(findings('ory__kratos', 'no-numbering-gaps')).toEqual([]);
    expect(findings('triggerdotdev__trigger.dev', 'drizzle-journal')).toEqual([]);
  });
});
