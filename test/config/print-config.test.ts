/**
 * `--print-config <file>` prints what migration-lint decides for a file, not only what a config
 * says: its migration set, framework and transaction mode, and where each decision came from.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

interface Printed {
  configFile: string | null;
  migrationSet: string;
  framework: string;
  transaction: string;
  decidedBy: { migrationSet: string; framework: string; transaction: string };
  templates: { syntax: string[] };
}

async function printConfig(file: string, cwd = ROOT, extra: string[] = []): Promise<Printed> {
  const { code, stdout, stderr } = await cli(['--print-config', file, ...extra], { cwd });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Printed;
}

const frameworks = path.join(ROOT, 'fixtures', 'frameworks');

describe('--print-config: what detection decided, and why', () => {
  it('a drizzle folder: detected from its journal, drizzle-kit runs all pending files in one transaction', async () => {
    const printed = await printConfig('fixtures/frameworks/drizzle/0001_add_mood.sql');
    expect(printed.framework).toBe('drizzle');
    expect(printed.transaction).toBe('all');
    expect(printed.migrationSet).toBe(path.join(frameworks, 'drizzle'));
    expect(printed.decidedBy).toEqual({
      migrationSet: "the file's folder",
      framework: expect.stringMatching(/^detection: .*meta\/_journal\.json/),
      transaction: expect.stringMatching(/^default: how drizzle runs a migration/),
    });
  });

  it('a Prisma migration: the set is the folder above the migration folders', async () => {
    const printed = await printConfig(path.join(frameworks, 'prisma', '20240102000000_add_mood', 'migration.sql'));
    expect([printed.framework, printed.transaction, printed.migrationSet]).toEqual(['prisma', 'implicit', path.join(frameworks, 'prisma')]);
    expect(printed.decidedBy.migrationSet).toMatch(/^the folder above/);
  });

  it("a goose file that opts out, and a popx .autocommit. file: the file decides", async () => {
    const goose = await printConfig(path.join(frameworks, 'goose', '00002_mood_no_tx.sql'));
    expect([goose.framework, goose.transaction]).toEqual(['goose', 'none']);
    expect(goose.decidedBy.transaction).toContain('-- +goose NO TRANSACTION');
    expect((await printConfig(path.join(frameworks, 'goose', '00003_mood_tx.sql'))).transaction).toBe('per-file');
    const popx = await printConfig(path.join(frameworks, 'popx', '20240102000000000000_mood.autocommit.up.sql'));
    expect([popx.framework, popx.transaction]).toEqual(['popx', 'none']);
    expect(popx.decidedBy.transaction).toMatch(/^file name: /);
    // dbmate skips its BEGIN but still sends the up block as one query.
    const dbmate = await printConfig(path.join(frameworks, 'dbmate', '20240102000000_mood_no_tx.sql'));
    expect([dbmate.framework, dbmate.transaction]).toEqual(['dbmate', 'implicit']);
  });

  it('the config, or a directive in the file, wins over detection and defaults', async () => {
    const dir = project({
      'db/0001_a.sql': 'SELECT 1;\n',
      'db/0002_b.sql': '-- migration-lint-transaction: none\nSELECT 1;\n',
      '.migration-lintrc.json': '{ "framework": "flyway", "transaction": "all" }',
    });
    const configured = await printConfig('db/0001_a.sql', dir);
    expect([configured.framework, configured.transaction]).toEqual(['flyway', 'all']);
    expect(configured.decidedBy.framework).toBe(`config: "framework" in ${path.join(dir, '.migration-lintrc.json')}`);
    expect(configured.decidedBy.transaction).toBe(`config: "transaction" in ${path.join(dir, '.migration-lintrc.json')}`);
    // Flyway sets expand ${placeholders} unless the config says otherwise.
    expect(configured.templates.syntax).toEqual(['flyway']);
    const directive = await printConfig('db/0002_b.sql', dir);
    expect(directive.transaction).toBe('none');
    expect(directive.decidedBy.transaction).toBe('file: a -- migration-lint-transaction: none comment');
  });

  it('plain numbered files: no runner recognised, no transaction', async () => {
    const dir = project({ 'migrations/0001_a.sql': 'SELECT 1;\n' });
    const printed = await printConfig('migrations/0001_a.sql', dir);
    expect([printed.configFile, printed.framework, printed.transaction]).toEqual([null, 'plain', 'none']);
    expect(printed.decidedBy.framework).toMatch(/^detection: no runner's layout recognised/);
  });
});
