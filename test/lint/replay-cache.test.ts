import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../src/config/load.js';
import { lintFiles } from '../../src/lint/lint-files.js';
import { ReplayCache } from '../../src/lint/replay-cache.js';
import { defaultCacheFolder, ownedCacheFolder } from '../../src/cache/cache-folder.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';
import { project } from '../helpers/tmp.js';

const NEWEST = 'db/0041_recreate.sql';

/** A history long enough to be cached; the newest migration's findings depend on its first file. */
function longHistory(values: string): Record<string, string> {
  const files: Record<string, string> = {
    'db/0001_status.sql': `CREATE TYPE status AS ENUM (${values});\nCREATE TABLE orders (id bigint PRIMARY KEY, status status);\n`,
  };
  for (let i = 2; i <= 40; i++) files[`db/${String(i).padStart(4, '0')}_step.sql`] = `CREATE TABLE t${i} (id int);\n`;
  files[NEWEST] = [
    'ALTER TYPE status RENAME TO status_old;',
    "CREATE TYPE status AS ENUM ('a', 'b');",
    'ALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;',
    'DROP TYPE status_old;',
  ].join('\n');
  return files;
}

async function lintNewest(dir: string, cache: ReplayCache): Promise<string[]> {
  const loader = new ConfigLoader({ cwd: dir, builtinRules: await loadBuiltinRules() });
  const [result] = await lintFiles([path.join(dir, NEWEST)], { cwd: dir, loader, cache });
  return result!.messages.map((m) => m.messageId ?? '');
}

describe('replay cache', () => {
  it('gives the same findings from the cache, in this process and in a new one', async () => {
    const dir = project(longHistory("'a', 'b', 'c'"));
    const cacheDir = path.join(dir, '.cache');
    expect(await lintNewest(dir, new ReplayCache(cacheDir))).toEqual(['removedValuesWithoutDataMigration']);
    expect(readdirSync(cacheDir)).toHaveLength(1); // the checkpoint was written
    const cache = new ReplayCache(cacheDir);
    expect(await lintNewest(dir, cache)).toEqual(['removedValuesWithoutDataMigration']);
    expect(await lintNewest(dir, cache)).toEqual(['removedValuesWithoutDataMigration']);
  });

  it('is not used once a history file changes', async () => {
    const dir = project(longHistory("'a', 'b'"));
    const cache = new ReplayCache(path.join(dir, '.cache'));
    expect(await lintNewest(dir, cache)).toEqual([]);
    // History now gives the enum a value the newest migration drops: a stale cache would miss it.
    writeFileSync(path.join(dir, 'db/0001_status.sql'), "CREATE TYPE status AS ENUM ('a', 'b', 'gone');\nCREATE TABLE orders (id bigint PRIMARY KEY, status status);\n");
    expect(await lintNewest(dir, cache)).toEqual(['removedValuesWithoutDataMigration']);
    expect(await lintNewest(dir, new ReplayCache(path.join(dir, '.cache')))).toEqual(['removedValuesWithoutDataMigration']);
  });

  it("never uses another folder's checkpoint, even one stored under this folder's file name", async () => {
    const a = project(longHistory("'a', 'b', 'c'"));
    const b = project(longHistory("'a', 'b'"));
    const cacheDir = path.join(a, '.cache');
    expect(await lintNewest(a, new ReplayCache(cacheDir))).toEqual(['removedValuesWithoutDataMigration']);
    const [fileOfA] = readdirSync(cacheDir);
    expect(await lintNewest(b, new ReplayCache(cacheDir))).toEqual([]);
    const fileOfB = readdirSync(cacheDir).find((f) => f !== fileOfA)!;
    // As if the two folder paths hashed to the same name: B's file now holds A's state.
    copyFileSync(path.join(cacheDir, fileOfA!), path.join(cacheDir, fileOfB));
    expect(await lintNewest(b, new ReplayCache(cacheDir))).toEqual([]);
  });

  it('keeps its default folder to the user: created private, and not used when someone else can write to it', async () => {
    const folder = defaultCacheFolder();
    expect(path.basename(folder)).toMatch(process.getuid ? /^migration-lint-cache-\d+$/ : /^migration-lint-cache$/);
    const shared = project({});
    const planted = path.join(shared, 'planted');
    mkdirSync(planted, { mode: 0o777 });
    chmodSync(planted, 0o777); // as if another user had made it first, for everybody
    expect(ownedCacheFolder(planted)).toBe(process.platform === 'win32');
    const mine = path.join(shared, 'mine');
    expect(ownedCacheFolder(mine)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(mine).mode & 0o077).toBe(0);
  });
});
