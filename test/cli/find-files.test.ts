import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListedFolders } from '../../src/config/load.js';
import { findFiles } from '../../src/find-files.js';
import { FolderWalkCache } from '../../src/folder-walk-cache.js';
import { project } from '../helpers/tmp.js';

/** Gives every folder below `root` (and itself) a modification time a minute ago, as an untouched checkout has. */
function settle(root: string): void {
  const past = new Date(Date.now() - 60_000);
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(path.join(dir, entry.name));
    utimesSync(dir, past, past);
  };
  visit(root);
}

const names = (root: string, files: string[]): string[] => files.map((f) => path.relative(root, f));

describe('finding files, with the folder-walk cache', () => {
  const FILES = { 'db/0001_a.sql': 'SELECT 1;', 'db/sub/0002_b.SQL': 'SELECT 2;', 'db/.migration-lintrc.json': '{}', 'db/node_modules/x.sql': '' };

  it('reuses the walk of a folder that has not changed, and gives the same files and config candidates', async () => {
    const dir = project(FILES);
    const db = path.join(dir, 'db');
    settle(db);
    const cache = new FolderWalkCache(path.join(dir, '.cache'));
    const first = await findFiles(['db'], dir, { walkCache: cache });
    expect(names(dir, first)).toEqual([path.join('db', '0001_a.sql'), path.join('db', 'sub', '0002_b.SQL')]);
    expect(cache.lookup(db)?.files.length).toBe(2);
    const listed = new ListedFolders();
    expect(await findFiles(['db'], dir, { walkCache: cache, listedFolders: listed })).toEqual(first);
    expect(listed.mayHoldConfig(db)).toBe(true);
    expect(listed.mayHoldConfig(path.join(db, 'sub'))).toBe(false);
  });

  it('walks again when a file is added, removed or renamed anywhere below', async () => {
    const dir = project(FILES);
    const db = path.join(dir, 'db');
    const cache = new FolderWalkCache(path.join(dir, '.cache'));
    const changes: [string, () => void, string[]][] = [
      ['added', () => writeFileSync(path.join(db, 'sub', '0003_c.sql'), 'SELECT 3;'), ['0001_a.sql', '0002_b.SQL', '0003_c.sql']],
      ['removed', () => rmSync(path.join(db, 'sub', '0002_b.SQL')), ['0001_a.sql', '0003_c.sql']],
      ['a new folder', () => mkdirSync(path.join(db, 'deeper', 'still'), { recursive: true }), ['0001_a.sql', '0003_c.sql']],
    ];
    for (const [what, change, expected] of changes) {
      settle(db);
      await findFiles(['db'], dir, { walkCache: cache });
      expect(cache.lookup(db), what).toBeDefined();
      change();
      expect(cache.lookup(db), what).toBeUndefined();
      expect((await findFiles(['db'], dir, { walkCache: cache })).map((f) => path.basename(f)).sort(), what).toEqual(expected);
    }
  });

  it('does not trust a walk of folders changed within two seconds of it', async () => {
    const dir = project(FILES); // just written: every folder is fresh
    const cache = new FolderWalkCache(path.join(dir, '.cache'));
    await findFiles(['db'], dir, { walkCache: cache });
    expect(cache.lookup(path.join(dir, 'db'))).toBeUndefined();
  });
});
