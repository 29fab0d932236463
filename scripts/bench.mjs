#!/usr/bin/env node
/**
 * Speed benchmark (`npm run bench`, after the build): times the real CLI on a corpus of
 * migration folders and compares it with squawk on the same files. Targets are reported with
 * PASS/FAIL marks, never enforced: the exit code is 0 unless the bench itself cannot run.
 *
 *   node scripts/bench.mjs [--corpus <dir>] [--runs <n>] [--one-file-runs <n>]
 *   BENCH_CORPUS=<dir> node scripts/bench.mjs
 *
 * Results are printed as a table and written as JSON to <os tmpdir>/bench-results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync, accessSync, constants, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliBin = path.join(repoRoot, 'bin', 'migration-lint.js');

const TARGET_ONE_FILE_MS = 150;
const TARGET_RSS_GROWTH = 1.5;
const GROWTH_STEPS = [0.1, 0.5, 1];
// Linux allows 2 MB of arguments, macOS 1 MB (environment included): stay well below both.
const MAX_ARGV_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { corpus: process.env.BENCH_CORPUS, runs: 3, oneFileRuns: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--corpus') options.corpus = value();
    else if (arg.startsWith('--corpus=')) options.corpus = arg.slice('--corpus='.length);
    else if (arg === '--runs') options.runs = positiveInt(arg, value());
    else if (arg === '--one-file-runs') options.oneFileRuns = positiveInt(arg, value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/bench.mjs [--corpus <dir>] [--runs <n>] [--one-file-runs <n>]  (env BENCH_CORPUS)');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  options.corpus = path.resolve(options.corpus ?? path.resolve(repoRoot, '..', 'shared', 'corpus'));
  return options;
}

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Measuring child processes

const scratch = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-bench-'));
// Loaded into the CLI's own process with --import: reports the process's peak RSS and CPU time
// as it ends, so the real bin/migration-lint.js runs unchanged and no wrapper is counted.
const usageProbe = path.join(scratch, 'usage-probe.mjs');
writeFileSync(
  usageProbe,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ rss: usage.maxRSS * 1024, cpuMs }));
});
`,
);

let runCounter = 0;
const sharedTmpdir = freshTmpdir();

/** Median wall time, CPU time and peak RSS of repeated runs, with the wall time of each. */
function summary(runs) {
  return {
    wallMs: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rss: median(runs.map((r) => r.rss)),
    samplesMs: runs.map((r) => r.ms),
  };
}

/** Removes the result cache from a CLI temp folder, keeping the replay cache. */
function forgetResults(tmpdir) {
  for (const folder of readdirSync(tmpdir).filter((name) => name.startsWith('migration-lint-cache'))) {
    const dir = path.join(tmpdir, folder);
    for (const name of readdirSync(dir)) if (name.startsWith('results-')) rmSync(path.join(dir, name), { force: true });
  }
}

/** An empty temp folder for the CLI: no replay cache yet. */
function freshTmpdir() {
  return mkdtempSync(path.join(scratch, 'tmp-'));
}

/** Runs a command once; wall time from spawn to close, stdout into a file (as -o does). */
function runOnce(command, args, { cwd = repoRoot, env = process.env, okCodes = [0, 1] } = {}) {
  const outFile = path.join(scratch, `out-${++runCounter}`);
  const out = openSync(outFile, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(out);
      rmSync(outFile, { force: true });
      if (!okCodes.includes(code)) reject(new Error(`${path.basename(command)} exited ${code}: ${stderr.trim().slice(0, 500)}`));
      else resolve({ ms, code });
    });
  });
}

/** migration-lint on the given paths: wall time, and the CLI process's own peak RSS and CPU time. */
async function runMigrationLint(paths, { tmpdir = sharedTmpdir, asHook = false, withoutExtraCerts = false } = {}) {
  const usageFile = path.join(scratch, `usage-${++runCounter}`);
  const report = path.join(scratch, `report-${runCounter}.json`);
  // As a pre-commit hook runs it: `migration-lint <files>`, the text report on stdout (discarded).
  const lintArgs = asHook ? paths : ['-f', 'json', '-o', report, ...paths];
  const args = ['--import', pathToFileURL(usageProbe).href, cliBin, ...lintArgs];
  // The replay cache lives in the OS temp folder: a private one keeps the user's cache out of
  // the numbers (and the bench's out of the user's).
  const env = { ...process.env, BENCH_USAGE_FILE: usageFile, TMPDIR: tmpdir, TMP: tmpdir, TEMP: tmpdir };
  if (withoutExtraCerts) delete env.NODE_EXTRA_CA_CERTS;
  const { ms } = await runOnce(process.execPath, args, { env });
  const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : {};
  rmSync(usageFile, { force: true });
  rmSync(report, { force: true });
  return { ms, rss: usage.rss, cpuMs: usage.cpuMs };
}

/** Splits a file list so that no single command line grows past MAX_ARGV_BYTES. */
function chunkArgs(files) {
  const chunks = [];
  let current = [];
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file) + 1;
    if (current.length > 0 && bytes + size > MAX_ARGV_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * squawk on the given files (relative to cwd), chunked if the list is long: summed wall and CPU
 * time, largest peak RSS. With GNU time at hand, RSS and CPU come from it (about 1 ms extra).
 */
async function runSquawk(squawk, files, cwd, { usage = false } = {}) {
  let ms = 0;
  let cpuMs = usage ? 0 : undefined;
  let rss = usage ? 0 : undefined;
  for (const chunk of chunkArgs(files)) {
    const args = ['--reporter', 'json', ...chunk];
    // squawk exits 1 when it reports problems: that is its normal result here.
    if (!usage) {
      ms += (await runOnce(squawk.bin, args, { cwd })).ms;
      continue;
    }
    const usageFile = path.join(scratch, `time-${++runCounter}`);
    ms += (await runOnce('/usr/bin/time', ['-f', '%M %U %S', '-o', usageFile, squawk.bin, ...args], { cwd })).ms;
    // GNU time writes "Command exited with non-zero status 1" above its own line.
    const [kb, user, sys] = readFileSync(usageFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rmSync(usageFile, { force: true });
    rss = Math.max(rss, kb * 1024);
    cpuMs += (user + sys) * 1000;
  }
  return { ms, cpuMs, rss };
}

/** Whether /usr/bin/time is GNU time (BSD time has no -f). */
function gnuTimeAvailable() {
  if (!existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
}

async function repeat(times, once) {
  const samples = [];
  for (let i = 0; i < times; i++) samples.push(await once());
  return samples;
}

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Migration sets as the linter sees them (a folder, or the parent of one-folder-per-migration
// layouts), in the order the runner applies them.

async function migrationSetHelpers() {
  const module = await import(pathToFileURL(path.join(repoRoot, 'dist', 'src', 'migrations', 'migration-set.js')).href);
  const read = new Map();
  const setOf = (set) => {
    if (!read.has(set.root)) read.set(set.root, module.readMigrationSet(set.root));
    return read.get(set.root);
  };
  /** Every found file of the set in run order (down files last); files the set does not list go last. */
  const ordered = (set) => {
    const found = new Set(set.files);
    const listed = setOf(set)
      .migrations.filter((m) => m.file)
      .map((m) => path.join(set.root, ...m.file.split('/')))
      .filter((f) => found.has(f));
    const listedSet = new Set(listed);
    return [...listed, ...set.files.filter((f) => !listedSet.has(f)).sort()];
  };
  /** The newest up migration: what a pre-commit hook sees when someone adds a migration. */
  const newest = (set) => {
    const entry = module.newestMigration?.(setOf(set));
    return entry?.file ? path.join(set.root, ...entry.file.split('/')) : ordered(set).at(-1);
  };
  return { rootOf: (file) => module.setRootOf(file), ordered, newest };
}

// ---------------------------------------------------------------------------------------------
// Finding squawk: the npm package's native binary (skipping its Node launcher, which would add
// a Node start-up to every squawk run), else a squawk on PATH. squawk-cli is not a devDependency
// (the registry here serves only its linux-x64 binary, which a lockfile cannot express), so when
// it is missing the bench installs it into a scratch folder outside the project.

const SQUAWK_VERSION = '2.66.0';
const toolsDir = path.join(os.tmpdir(), 'migration-lint-bench-tools');

function findSquawk({ install = true } = {}) {
  const candidates = [];
  for (const base of [repoRoot, toolsDir]) {
    try {
      const require = createRequire(path.join(base, 'package.json'));
      candidates.push({ bin: require('squawk-cli/js/index.js').getBinaryPath(), source: `squawk-cli in ${base}` });
    } catch {
      // not installed there, or its platform package was skipped
    }
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of process.platform === 'win32' ? ['squawk.exe', 'squawk.cmd'] : ['squawk']) {
      const bin = path.join(dir, name);
      try {
        accessSync(bin, constants.X_OK);
        candidates.push({ bin, source: 'PATH' });
      } catch {
        // not here
      }
    }
  }
  for (const candidate of candidates) {
    const probe = spawnSync(candidate.bin, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return { ...candidate, version: probe.stdout.trim() };
  }
  if (!install || process.env.BENCH_NO_INSTALL) return undefined;
  console.log(`installing squawk-cli@${SQUAWK_VERSION} into ${toolsDir} for the comparison…`);
  mkdirSync(toolsDir, { recursive: true });
  const npm = spawnSync('npm', ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `squawk-cli@${SQUAWK_VERSION}`], {
    encoding: 'utf8',
  });
  if (npm.status !== 0) {
    console.log(`could not install squawk-cli: ${(npm.stderr || npm.stdout).trim().split('\n')[0]}`);
    return undefined;
  }
  return findSquawk({ install: false });
}

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtMs = (ms) => (ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const fmtRate = (count, ms) => (ms === undefined ? 'n/a' : Math.round((count * 1000) / ms).toLocaleString('en-US'));
const mark = (pass) => (pass === undefined ? 'n/a ' : pass ? 'PASS' : 'FAIL');
const short = (file, root) => path.relative(root, file).split(path.sep).join('/');

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.corpus) || !statSync(options.corpus).isDirectory()) {
    console.log(`bench: no corpus at ${options.corpus}: nothing to measure (pass --corpus <dir> or set BENCH_CORPUS).`);
    return;
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'src', 'index.js'))) {
    console.log('bench: dist/ is missing: build first (npm run bench builds for you).');
    process.exitCode = 1;
    return;
  }

  const lib = await import(pathToFileURL(path.join(repoRoot, 'dist', 'src', 'index.js')).href);
  const { parseSource } = await import(pathToFileURL(path.join(repoRoot, 'dist', 'src', 'parser', 'index.js')).href);
  const sets = await migrationSetHelpers();

  // The same file selection as the CLI's: every .sql file below the corpus folder.
  const files = await lib.findFiles([options.corpus], options.corpus, { errorOnUnmatched: false });
  if (files.length === 0) {
    console.log(`bench: no .sql files below ${options.corpus}: nothing to measure.`);
    return;
  }

  // Statements are counted once, outside every timing, with the project's own parser.
  await lib.loadParser();
  let statements = 0;
  let parseFailures = 0;
  let bytes = 0;
  const bySet = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const size = Buffer.byteLength(text);
    const parsed = parseSource(text);
    bytes += size;
    statements += parsed.statements.length;
    parseFailures += parsed.failures.length;
    const root = sets.rootOf(file);
    const set = bySet.get(root) ?? { root, files: [], bytes: 0 };
    set.files.push(file);
    set.bytes += size;
    bySet.set(root, set);
  }
  const byCount = [...bySet.values()].sort((a, b) => b.files.length - a.files.length || b.bytes - a.bytes)[0];
  const byBytes = [...bySet.values()].sort((a, b) => b.bytes - a.bytes || b.files.length - a.files.length)[0];
  const oneFileSets = byCount === byBytes ? [byCount] : [byCount, byBytes];

  const squawk = findSquawk();
  const gnuTime = gnuTimeAvailable();
  const load = os.loadavg()[0];
  const cpus = os.cpus().length;

  console.log(`migration-lint benchmark — corpus ${options.corpus}`);
  console.log(
    `${files.length} .sql files in ${bySet.size} migration set${bySet.size === 1 ? '' : 's'}, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${statements.toLocaleString('en-US')} statements` +
      (parseFailures ? ` (+${parseFailures} that do not parse)` : ''),
  );
  console.log(
    `machine: ${os.platform()} ${os.arch()}, ${cpus} CPUs, Node ${process.version}, load average ${load.toFixed(2)}` +
      (load > cpus / 2 ? ' — the machine is busy: expect noisy numbers' : ''),
  );
  console.log(squawk ? `squawk: ${squawk.version} (${squawk.source}: ${squawk.bin})` : 'squawk not installed: comparison skipped');
  console.log('');

  // Node's own start-up: the floor under every one-file time.
  const nodeFloor = median((await repeat(options.oneFileRuns, () => runOnce(process.execPath, ['-e', '0']))).map((r) => r.ms));
  // NODE_EXTRA_CA_CERTS (set on machines behind a TLS-inspecting proxy, as these are) makes
  // every Node process read and parse that CA bundle at start-up, though a linter opens no
  // connection. When it is set, the one-file case is also measured without it.
  const extraCerts = Boolean(process.env.NODE_EXTRA_CA_CERTS);
  const cleanEnv = { ...process.env };
  delete cleanEnv.NODE_EXTRA_CA_CERTS;
  const nodeFloorClean = extraCerts
    ? median((await repeat(options.oneFileRuns, () => runOnce(process.execPath, ['-e', '0'], { env: cleanEnv }))).map((r) => r.ms))
    : undefined;

  // Whole corpus. One untimed run of each tool first, so both read from a warm file cache.
  // Cold: an empty temp folder per run, so no cache of ours helps (a first run, CI). Warm: the
  // caches a previous run left (the same folder linted again with nothing changed).
  const warmCorpusTmp = freshTmpdir();
  await runMigrationLint([options.corpus], { tmpdir: warmCorpusTmp });
  const ml = summary(await repeat(options.runs, () => runMigrationLint([options.corpus], { tmpdir: freshTmpdir() })));
  const mlWarm = summary(await repeat(options.runs, () => runMigrationLint([options.corpus], { tmpdir: warmCorpusTmp })));
  const mlWarmClean = extraCerts
    ? summary(await repeat(options.runs, () => runMigrationLint([options.corpus], { tmpdir: warmCorpusTmp, withoutExtraCerts: true })))
    : undefined;

  let sq;
  const relativeFiles = files.map((f) => path.relative(options.corpus, f));
  if (squawk) {
    await runSquawk(squawk, relativeFiles, options.corpus);
    const runs = await repeat(options.runs, () => runSquawk(squawk, relativeFiles, options.corpus, { usage: gnuTime }));
    sq = {
      version: squawk.version,
      wallMs: median(runs.map((r) => r.ms)),
      cpuMs: median(runs.map((r) => r.cpuMs)),
      rss: median(runs.map((r) => r.rss)),
      samplesMs: runs.map((r) => r.ms),
      commandLines: chunkArgs(relativeFiles).length,
    };
  }
  const ratio = sq ? sq.wallMs / ml.wallMs : undefined;
  const warmRatio = sq ? sq.wallMs / mlWarm.wallMs : undefined;
  const warmCleanRatio = sq && mlWarmClean ? sq.wallMs / mlWarmClean.wallMs : undefined;

  // One file in a large set: the pre-commit case. Cold: every earlier migration of the set is
  // replayed (first run, CI). Warm: the replay cache kept from a previous run is reused.
  const oneFile = [];
  for (const set of oneFileSets) {
    const target = sets.newest(set);
    const position = sets.ordered(set).indexOf(target) + 1;
    const cold = await repeat(options.oneFileRuns, () => runMigrationLint([target], { tmpdir: freshTmpdir(), asHook: true }));
    // Warm: the replay cache of the history is there, but no stored result for this file, as
    // when the migration being committed is new or was just edited.
    const warmTmp = freshTmpdir();
    await runMigrationLint([target], { tmpdir: warmTmp });
    const warm = await repeat(options.oneFileRuns, () => {
      forgetResults(warmTmp);
      return runMigrationLint([target], { tmpdir: warmTmp, asHook: true });
    });
    let squawkMs;
    if (squawk) squawkMs = median((await repeat(options.oneFileRuns, () => runSquawk(squawk, [target], repoRoot))).map((r) => r.ms));
    const c = summary(cold);
    const w = summary(warm);
    const clean = {};
    if (extraCerts) {
      const options_ = { asHook: true, withoutExtraCerts: true };
      const cc = summary(await repeat(options.oneFileRuns, () => runMigrationLint([target], { ...options_, tmpdir: freshTmpdir() })));
      const wc = summary(
        await repeat(options.oneFileRuns, () => {
          forgetResults(warmTmp);
          return runMigrationLint([target], { ...options_, tmpdir: warmTmp });
        }),
      );
      clean.coldWithoutExtraCerts = { ...cc, pass: cc.wallMs < TARGET_ONE_FILE_MS };
      clean.warmWithoutExtraCerts = { ...wc, pass: wc.wallMs < TARGET_ONE_FILE_MS };
    }
    oneFile.push({
      file: short(target, options.corpus),
      setFiles: set.files.length,
      position,
      cold: { ...c, pass: c.wallMs < TARGET_ONE_FILE_MS },
      warm: { ...w, pass: w.wallMs < TARGET_ONE_FILE_MS },
      ...clean,
      squawkMs,
    });
  }

  // Memory as the set grows: the first 10 %, 50 %, 100 % of the biggest set, in run order.
  const growthSet = sets.ordered(byCount);
  const growth = [];
  for (const share of GROWTH_STEPS) {
    const subset = growthSet.slice(0, Math.max(1, Math.ceil(growthSet.length * share)));
    const runs = await repeat(options.runs, () => runMigrationLint(subset, { tmpdir: freshTmpdir() }));
    growth.push({ share, files: subset.length, rss: median(runs.map((r) => r.rss)), wallMs: median(runs.map((r) => r.ms)) });
  }
  const growthRatio = growth.at(-1).rss / growth[0].rss;

  // ---- report
  const runsLabel = `wall (median of ${options.runs})`;
  const rows = [
    ['migration-lint, cold', files.length, statements, fmtMs(ml.wallMs), fmtMs(ml.cpuMs), fmtRate(files.length, ml.wallMs), fmtRate(statements, ml.wallMs), fmtMb(ml.rss)],
    ['migration-lint, warm', files.length, statements, fmtMs(mlWarm.wallMs), fmtMs(mlWarm.cpuMs), fmtRate(files.length, mlWarm.wallMs), fmtRate(statements, mlWarm.wallMs), fmtMb(mlWarm.rss)],
  ];
  if (mlWarmClean) {
    const m = mlWarmClean;
    rows.push(['…warm, no NODE_EXTRA_CA_CERTS', files.length, statements, fmtMs(m.wallMs), fmtMs(m.cpuMs), fmtRate(files.length, m.wallMs), fmtRate(statements, m.wallMs), fmtMb(m.rss)]);
  }
  if (sq) {
    const name = `squawk ${sq.version.replace(/^squawk\s*/, '')}`;
    rows.push([name, files.length, statements, fmtMs(sq.wallMs), fmtMs(sq.cpuMs), fmtRate(files.length, sq.wallMs), fmtRate(statements, sq.wallMs), fmtMb(sq.rss)]);
  }
  console.log('Whole corpus (one process per tool, report to a file; statements counted once with libpg-query)');
  console.log(table(['tool', 'files', 'statements', runsLabel, 'CPU user+sys', 'files/s', 'statements/s', 'peak RSS'], rows));
  if (sq) {
    console.log('cold: no cache of ours (first run, CI); warm: the same folder again, nothing changed (results reused)');
    console.log(
      `ratio squawk wall / migration-lint wall, warm = ${warmRatio.toFixed(2)}  ${mark(warmRatio >= 1)}` +
        (warmCleanRatio !== undefined ? `; without NODE_EXTRA_CA_CERTS ${warmCleanRatio.toFixed(2)}  ${mark(warmCleanRatio >= 1)}` : ''),
    );
    console.log(
      `ratio squawk wall / migration-lint wall, cold = ${ratio.toFixed(2)}  ${mark(ratio >= 1)} (target: migration-lint faster than squawk, ratio ≥ 1)` +
        (sq.cpuMs !== undefined ? `; CPU-time ratio ${(sq.cpuMs / ml.cpuMs).toFixed(2)}` : '') +
        (sq.commandLines > 1 ? ` [squawk ran in ${sq.commandLines} command lines]` : ''),
    );
    console.log('note: squawk 2.x lints each file on its own; migration-lint also replays the earlier migrations of each set (schema history), which squawk does not do.');
  } else {
    console.log('squawk not installed: comparison skipped');
  }
  console.log('');

  console.log(
    `One file in a large set (pre-commit case), whole CLI process, median of ${options.oneFileRuns}; Node start-up alone: ${fmtMs(nodeFloor)}` +
      (extraCerts ? ` (${fmtMs(nodeFloorClean)} without NODE_EXTRA_CA_CERTS)` : ''),
  );
  if (extraCerts) {
    console.log(`  NODE_EXTRA_CA_CERTS is set here: Node parses that CA bundle at every start-up (${fmtMs(nodeFloor - nodeFloorClean)}); measured with and without it.`);
  }
  for (const r of oneFile) {
    console.log(`  ${r.file} (migration ${r.position} of ${r.setFiles} in its set)${r.squawkMs !== undefined ? `; squawk: ${fmtMs(r.squawkMs)}` : ''}`);
    const cases = [
      ['cold (history replayed)', r.cold],
      ['warm (replay cache reused)', r.warm],
      ...(r.coldWithoutExtraCerts ? [['cold, no NODE_EXTRA_CA_CERTS', r.coldWithoutExtraCerts], ['warm, no NODE_EXTRA_CA_CERTS', r.warmWithoutExtraCerts]] : []),
    ];
    for (const [label, m] of cases) {
      console.log(`    ${label.padEnd(29)} ${fmtMs(m.wallMs).padStart(7)} (CPU ${fmtMs(m.cpuMs)}), peak RSS ${fmtMb(m.rss)}  ${mark(m.pass)} (target < ${TARGET_ONE_FILE_MS} ms)`);
    }
  }
  console.log('');

  console.log(`Memory as the set grows (${short(byCount.root, options.corpus)}, ${growthSet.length} files, first N in run order, median of ${options.runs})`);
  for (const g of growth) {
    console.log(`  ${String(Math.round(g.share * 100)).padStart(3)}%  ${String(g.files).padStart(5)} files  peak RSS ${fmtMb(g.rss).padStart(6)}  wall ${fmtMs(g.wallMs)}`);
  }
  console.log(`  RSS at 100% / RSS at 10% = ${growthRatio.toFixed(2)}  ${mark(growthRatio <= TARGET_RSS_GROWTH)} (target ≤ ${TARGET_RSS_GROWTH})`);
  console.log('');

  const oneFilePass = { cold: oneFile.every((r) => r.cold.pass), warm: oneFile.every((r) => r.warm.pass) };
  if (extraCerts) {
    oneFilePass.coldWithoutExtraCerts = oneFile.every((r) => r.coldWithoutExtraCerts.pass);
    oneFilePass.warmWithoutExtraCerts = oneFile.every((r) => r.warmWithoutExtraCerts.pass);
  }
  const clean = (key) => (extraCerts ? `; without NODE_EXTRA_CA_CERTS: ${mark(oneFilePass[key])}` : '');
  console.log('Targets (reported, not enforced):');
  console.log(`  ${mark(sq ? ratio >= 1 : undefined)}  whole corpus faster than squawk, cold`);
  console.log(
    `  ${mark(sq ? warmRatio >= 1 : undefined)}  whole corpus faster than squawk, warm (results cache)` +
      (warmCleanRatio !== undefined ? `; without NODE_EXTRA_CA_CERTS: ${mark(warmCleanRatio >= 1)}` : ''),
  );
  console.log(`  ${mark(oneFilePass.warm)}  one file < ${TARGET_ONE_FILE_MS} ms, replay cache warm${clean('warmWithoutExtraCerts')}`);
  console.log(`  ${mark(oneFilePass.cold)}  one file < ${TARGET_ONE_FILE_MS} ms, replay cache cold${clean('coldWithoutExtraCerts')}`);
  console.log(`  ${mark(growthRatio <= TARGET_RSS_GROWTH)}  RSS at 100% ≤ ${TARGET_RSS_GROWTH}× RSS at 10%`);

  const results = {
    date: new Date().toISOString(),
    corpus: options.corpus,
    machine: { platform: os.platform(), arch: os.arch(), cpus, node: process.version, loadAverage: load },
    corpusStats: { files: files.length, migrationSets: bySet.size, bytes, statements, parseFailures },
    nodeStartupMs: nodeFloor,
    nodeStartupWithoutExtraCertsMs: nodeFloorClean ?? null,
    wholeCorpus: {
      runs: options.runs,
      migrationLint: ml,
      migrationLintWarm: mlWarm,
      migrationLintWarmWithoutExtraCerts: mlWarmClean ?? null,
      ratioSquawkOverMigrationLintWarmWithoutExtraCerts: warmCleanRatio ?? null,
      squawk: sq ?? null,
      ratioSquawkOverMigrationLint: ratio ?? null,
      ratioSquawkOverMigrationLintWarm: warmRatio ?? null,
      pass: sq ? ratio >= 1 : null,
      passWarm: sq ? warmRatio >= 1 : null,
    },
    oneFile: { targetMs: TARGET_ONE_FILE_MS, runs: options.oneFileRuns, cases: oneFile, pass: oneFilePass },
    memoryGrowth: { set: byCount.root, steps: growth, ratio: growthRatio, target: TARGET_RSS_GROWTH, pass: growthRatio <= TARGET_RSS_GROWTH },
  };
  const jsonPath = path.join(os.tmpdir(), 'bench-results.json');
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log('');
  console.log(`JSON results: ${jsonPath}`);
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
