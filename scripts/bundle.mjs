#!/usr/bin/env node
/**
 * Bundles the command line into dist/cli.bundle.js (+ dist/chunks/ for parts loaded on demand),
 * which bin/migration-lint.js loads. A pre-commit hook's run is mostly start-up: one ES module
 * instead of ~50 modules, some CommonJS, saves Node's resolver and loaders a few dozen
 * milliseconds per run (docs/benchmark.md). The library entry (dist/src/index.js) is tsc's output.
 *
 * - The rules are still discovered from `rules/`: the registry's folder scan is done here, at
 *   build time, so adding a rule is still adding its file.
 * - Dependencies on every run (libpg-query, picomatch, picocolors) are bundled; the big ones that
 *   load only when a run needs them (yargs, cosmiconfig, ajv, fast-glob, the language server)
 *   stay in node_modules.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// tsc has built dist/ already (npm run build, scripts/prepare.mjs): the registry's own file test.
import { ruleFiles } from '../dist/src/rules-registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const registry = path.join(root, 'src', 'rules-registry.ts');

const builtinRules = {
  name: 'builtin-rules',
  setup(b) {
    b.onLoad({ filter: /rules-registry\.ts$/ }, (args) => {
      if (path.resolve(args.path) !== registry) return undefined;
      const files = ruleFiles(path.join(root, 'rules'), '.ts');
      const imports = files.map((f, i) => `import rule${i} from ${JSON.stringify(path.join(root, 'rules', f))};`);
      const entries = files.map((f, i) => `[${JSON.stringify(path.basename(f, '.ts'))}, rule${i}]`);
      return {
        loader: 'ts',
        resolveDir: path.dirname(registry),
        contents: `${imports.join('\n')}
const rules = new Map([${entries.join(', ')}]);
for (const [id, rule] of rules) {
  if (!rule || rule.id !== id) throw new Error(\`rules/\${id}.ts must default-export a rule whose id is "\${id}"\`);
}
export function loadBuiltinRules() { return Promise.resolve(rules); }
`,
      };
    });
  },
};

/** libpg-query's Emscripten loader finds its .wasm through `__dirname`, which a bundle does not have. */
const WASM_DIRECTORY = 'scriptDirectory=__dirname+"/"';
const libpgQueryWasmPath = {
  name: 'libpg-query-wasm-path',
  setup(b) {
    b.onLoad({ filter: /libpg-query[\\/]wasm[\\/]libpg-query\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(WASM_DIRECTORY)) {
        throw new Error(`${args.path}: "${WASM_DIRECTORY}" not found; update scripts/bundle.mjs for this libpg-query version`);
      }
      const located = 'scriptDirectory=require("node:path").dirname(require.resolve("libpg-query/wasm/libpg-query.wasm"))+"/"';
      return { contents: source.replace(WASM_DIRECTORY, located), loader: 'js' };
    });
  },
};

/**
 * The build's identity for the result cache: a hash of every source and dependency version that
 * goes into the bundle, so that results cached by another build are never reused.
 */
function buildId() {
  const hash = createHash('sha256');
  const files = ['package.json', 'package-lock.json'];
  for (const dir of ['src', 'rules']) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  for (const file of files.sort()) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 32);
}

// Chunk names carry content hashes: clear the last build's so that none is left behind.
rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });

await build({
  entryPoints: { 'cli.bundle': path.join(root, 'src', 'cli.ts') },
  outdir: path.join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // libpg-query's ES module build (its package.json "module") instead of its CommonJS one.
  mainFields: ['module', 'main'],
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'pg', 'yargs', 'cosmiconfig', 'typescript', 'ajv', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument'],
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [builtinRules, libpgQueryWasmPath],
  define: { __MIGRATION_LINT_BUILD__: JSON.stringify(buildId()) },
  // Bundled CommonJS code (Emscripten's loader, picomatch) calls require(): give each file one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
