#!/usr/bin/env node
/**
 * What finding deploy batches costs the one-file hook case: a temporary git repository with 100
 * migrations in 20 commits, the newest one staged, linted N times (default 30) with
 * `"batches": "git"` and with `"batches": "file"`, interleaved; prints the medians of wall time and
 * CPU time (user + system, git included). Usage: node scripts/bench-batches.mjs [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 30);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'migration-lint.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-bench-batches-'));
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@e' };
const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });

try {
  mkdirSync(path.join(dir, 'db'));
  git('init', '-q', '-b', 'main');
  for (let i = 1; i <= 100; i++) {
    const n = String(i).padStart(4, '0');
    const sql = `CREATE TABLE t${n} (id bigint PRIMARY KEY, name text);\nALTER TABLE t${n} ADD COLUMN created_at timestamptz DEFAULT now();\nCREATE INDEX t${n}_name ON t${n} (name);\n`;
    writeFileSync(path.join(dir, 'db', `${n}_step.sql`), i === 100 ? `${sql}ALTER TABLE t0001 ADD COLUMN email text NOT NULL;\n` : sql);
    if (i % 5 === 0 && i < 100) {
      git('add', 'db');
      git('commit', '-q', '-m', `step ${i}`);
    }
  }
  git('add', 'db');
  for (const mode of ['git', 'file']) writeFileSync(path.join(dir, `${mode}.json`), JSON.stringify({ batches: mode }));

  const times = { git: [], file: [] };
  // Two rounds first warm the caches (replay, results, git history); then git and file alternate.
  for (let i = 0; i < runs + 2; i++) {
    for (const mode of ['git', 'file']) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, [bin, '-c', `${mode}.json`, 'db/0100_step.sql'], { cwd: dir, env, stdio: 'ignore' });
      if (i >= 2) times[mode].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const mode of ['git', 'file']) {
    console.log(`batches ${mode.padEnd(4)}  median ${median(times[mode]).toFixed(0)} ms  (${runs} runs; load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
