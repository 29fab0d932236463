#!/usr/bin/env node
/**
 * Times `migration-lint verify` on the reference corpus (../shared/corpus, or --corpus <dir>):
 * PGlite's boot (cold: initdb; warm: restored from the cache), every migration set applied whole
 * (cold history), and the pre-commit case: the newest migration of each set with its history
 * restored from verify's cache. Writes a Markdown table to stdout. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'migration-lint.js');
const argCorpus = process.argv.indexOf('--corpus');
const corpus = argCorpus > 0 ? process.argv[argCorpus + 1] : (process.env.BENCH_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus'));
if (!existsSync(corpus)) {
  console.log(`no corpus at ${corpus}: nothing to time`);
  process.exit(0);
}
const SETS = [
  ['Dokploy (drizzle)', 'Dokploy__dokploy/apps/dokploy/drizzle', '0185_'],
  ['trigger.dev database (prisma)', 'triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations', ''],
  ['trigger.dev run-ops (prisma)', 'triggerdotdev__trigger.dev/internal-packages/run-ops-database/prisma/migrations', ''],
  ['trigger.dev dashboard-agent (drizzle)', 'triggerdotdev__trigger.dev/internal-packages/dashboard-agent-db/drizzle', ''],
  ['langfuse (prisma)', 'langfuse__langfuse/packages/shared/prisma/migrations', ''],
  ['Harbor (golang-migrate)', 'goharbor__harbor/make/migrations/postgresql', ''],
  ['Kratos (popx)', 'ory__kratos/persistence/sql/migrations/sql', ''],
  ['Marquez (flyway)', 'MarquezProject__marquez/api/src/main/resources/marquez/db/migration', ''],
];

function verify(args, cache) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [bin, 'verify', '-f', 'json', '--cache-location', cache, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = child.stderr.split('\n').find((l) => l.startsWith('verify:')) ?? child.stderr.trim().split('\n').at(-1);
  return { seconds, code: child.status, summary };
}

/** The newest "up" file of a set, as the runner orders it: the last result of a JSON run. */
function newestFile(dir) {
  const child = spawnSync(process.execPath, [bin, '-f', 'json', '--no-cache', '--rule', 'drizzle-journal: off', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const files = JSON.parse(child.stdout).map((r) => r.filePath).filter((f) => !/\.down\.sql$|down\.sql$|[\\/]R__/.test(f));
  return files.at(-1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-bench-verify-'));
const empty = path.join(scratch, 'empty');
writeFileSync(path.join(scratch, '001.sql'), 'SELECT 1;\n');
const rows = [];
const bootCold = verify([path.join(scratch, '001.sql')], path.join(scratch, 'boot'));
const bootWarm = verify([path.join(scratch, '001.sql')], path.join(scratch, 'boot'));
rows.push(`| boot (one-statement set) | cold ${bootCold.seconds.toFixed(1)} s (initdb) | warm ${bootWarm.seconds.toFixed(1)} s (state restored) |`);
for (const [name, relative] of SETS) {
  const dir = path.join(corpus, relative);
  const cache = path.join(scratch, relative.replace(/\W+/g, '_'));
  verify([path.join(scratch, '001.sql')], cache); // PGlite's initdb cached, as on any second run
  const whole = verify([dir], cache);
  const newest = newestFile(dir);
  const first = verify([newest], cache); // applies the history, stores it
  const cached = verify([newest], cache);
  rows.push(`| ${name} | ${whole.seconds.toFixed(1)} s, exit ${whole.code}: ${whole.summary.replace(/^verify: /, '').replace(/ \(1 set.*$/, '')} | newest file: ${first.seconds.toFixed(1)} s applying the history, ${cached.seconds.toFixed(1)} s with it restored |`);
}
rmSync(scratch, { recursive: true, force: true });
console.log(['| set | whole history, applied | one new migration |', '|---|---|---|', ...rows].join('\n'));
