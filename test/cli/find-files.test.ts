import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListedFolders } from '../../src/config/load.js';
import { findFiles } from '../../src/lint/find-files.js';
import { FolderWalkCache } from '../../src/cache/folder-walk-cache.js';
import { project } from '../helpers/tmp.js';
import { BIN, cli } from '../helpers/cli.js';

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

describe('folders that are not plain trees (issue 11)', () => {
  it('follows symbolic links but visits each real folder and file once, so a link loop ends', { timeout: 20_000 }, async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;', 'db/sub/0002_b.sql': 'SELECT 2;', 'elsewhere/0003_c.sql': 'SELECT 3;' });
    const db = path.join(dir, 'db');
    symlinkSync('.', path.join(db, 'a'));
    symlinkSync('.', path.join(db, 'b'));
    symlinkSync('..', path.join(db, 'sub', 'up'));
    symlinkSync(path.join(dir, 'elsewhere'), path.join(db, 'linked'));
    symlinkSync('0001_a.sql', path.join(db, 'same-as-0001.sql'));
    const files = await findFiles(['db'], dir);
    expect(names(dir, files)).toEqual([path.join('db', '0001_a.sql'), path.join('db', 'linked', '0003_c.sql'), path.join('db', 'sub', '0002_b.sql')]);
  });

  it('skips a FIFO named *.sql with a note instead of blocking on it', { timeout: 20_000 }, async () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;' });
    expect(spawnSync('mkfifo', [path.join(dir, 'db', '0002_pipe.sql')]).status).toBe(0);
    symlinkSync('/dev/zero', path.join(dir, 'db', '0003_zero.sql'));
    const { code, stdout, stderr } = await cli(['-f', 'json', 'db'], { cwd: dir });
    expect(stderr).toBe(
      `migration-lint: skipped ${path.join('db', '0002_pipe.sql')}: not a regular file (a FIFO).\n` +
        `migration-lint: skipped ${path.join('db', '0003_zero.sql')}: not a regular file (a character device).\n`,
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath))).toEqual(['0001_a.sql']);
  });

  it('a self-link given directly is a usage error naming it and the reason, not a crash', async () => {
    const dir = project({});
    symlinkSync('self.sql', path.join(dir, 'self.sql'));
    const { code, stderr } = await cli(['self.sql'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe(`migration-lint: cannot read ${path.join(dir, 'self.sql')}: too many levels of symbolic links (a link that points to itself or a loop of links) (ELOOP).\n`);
  });

  it('an unreadable subfolder is a usage error naming it and the reason', () => {
    const dir = project({ 'db/0001_a.sql': 'SELECT 1;', 'db/locked/0002_b.sql': 'SELECT 2;' });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'db', 'locked'), 0o000);
    // root reads any folder: run the command as nobody then.
    const asRoot = process.getuid?.() === 0;
    const child = spawnSync(process.execPath, [BIN, 'db'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    chmodSync(path.join(dir, 'db', 'locked'), 0o755);
    expect(child.stderr).toBe(`migration-lint: cannot read the folder ${path.join(dir, 'db', 'locked')}: permission denied (EACCES).\n`);
    expect(child.status).toBe(2);
  });

  it('lints the paths after --, even with spaces or a leading dash', async () => {
    const dir = project({ '0001 with space.sql': 'DROP TABLE users;', '-0002_odd.sql': 'SELECT 1;' });
    const { code, stdout } = await cli(['-f', 'json', '--', '0001 with space.sql', '-0002_odd.sql'], { cwd: dir });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath))).toEqual(['-0002_odd.sql', '0001 with space.sql']);
  });
});
