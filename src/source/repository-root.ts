import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder at or above `start` that holds `.git` (without running git). */
export function findRepositoryRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
