// Reproduces the parser decision in docs/architecture.md: how many real migration statements
// pgsql-ast-parser rejects that PostgreSQL's own grammar (libpg-query) accepts, and how long each
// takes on the same statements. pgsql-ast-parser is not a dependency; install it for the run:
//   npm install --no-save pgsql-ast-parser && node scripts/compare-parsers.mjs [folder]
// The folder defaults to ../shared/corpus. Statements are split by libpg-query, so both parsers
// see exactly the same text, one statement at a time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { loadModule, parseSync } from 'libpg-query';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpus'));
let astParser;
try {
  astParser = await import('pgsql-ast-parser');
} catch {
  console.error('pgsql-ast-parser is not installed: npm install --no-save pgsql-ast-parser');
  process.exit(2);
}

await loadModule();
const files = (await fg('**/*.sql', { cwd: folder, absolute: true })).sort();
if (files.length === 0) {
  console.error(`no .sql files below ${folder}: name a folder of migrations (node scripts/compare-parsers.mjs <folder>)`);
  process.exit(2);
}
const statements = [];
for (const file of files) {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  let parsed;
  try {
    parsed = parseSync(text);
  } catch {
    continue; // a file PostgreSQL's grammar rejects is no test of the other parser
  }
  for (const raw of parsed.stmts ?? []) {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len === undefined ? bytes.length : start + raw.stmt_len;
    const sql = bytes.subarray(start, end).toString('utf8').trim();
    if (sql) statements.push({ file: path.relative(folder, file), sql, type: Object.keys(raw.stmt)[0] });
  }
}

function time(parse) {
  const failures = [];
  const started = process.hrtime.bigint();
  for (const statement of statements) {
    try {
      parse(statement.sql);
    } catch {
      failures.push(statement);
    }
  }
  return { failures, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

// Warm both once (WASM compilation, JIT), then measure.
time((sql) => parseSync(sql));
time((sql) => astParser.parse(sql));
const pg = time((sql) => parseSync(sql));
const ast = time((sql) => astParser.parse(sql));

const byType = new Map();
for (const failure of ast.failures) byType.set(failure.type, (byType.get(failure.type) ?? 0) + 1);
const pct = (n) => ((100 * n) / statements.length).toFixed(1);
console.log(`${files.length} files, ${statements.length} statements that libpg-query parses (${folder})`);
console.log(`libpg-query:      ${pg.failures.length} rejected, ${pg.ms.toFixed(0)} ms`);
console.log(`pgsql-ast-parser: ${ast.failures.length} rejected (${pct(ast.failures.length)}%), ${ast.ms.toFixed(0)} ms (${(ast.ms / pg.ms).toFixed(1)}x)`);
console.log('rejected by pgsql-ast-parser, by statement type:');
for (const [type, count] of [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${String(count).padStart(5)}  ${type}`);
