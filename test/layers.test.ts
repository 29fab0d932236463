/**
 * Data flows one way: files → migration sets → parse → schema state → rule visitors → findings →
 * reporters. Each folder of src/ is a layer and may import only from layers below it (and from
 * itself); rules/ sit above the engine and the config. docs/architecture.md describes each layer
 * (its table is the same as LAYERS). A new import that goes up a layer, or a cycle between
 * modules, fails here; type-only imports count, because they tie layers together as much.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Lowest first. A module's layer is the first entry with a prefix of its path. */
const LAYERS: { name: string; prefixes: string[] }[] = [
  {
    name: 'base',
    prefixes: ['src/source/', 'src/cache/', 'src/usage-error.ts', 'src/exit-codes.ts', 'src/package-info.ts', 'src/fs-error.ts', 'src/pending-work.ts'],
  },
  { name: 'parser', prefixes: ['src/parser/'] },
  { name: 'migrations', prefixes: ['src/migrations/'] },
  { name: 'analysis', prefixes: ['src/analysis/'] },
  { name: 'engine', prefixes: ['src/engine/'] },
  { name: 'config', prefixes: ['src/config/'] },
  { name: 'rules', prefixes: ['rules/', 'src/rules-registry.ts', 'src/rule-docs.ts'] },
  { name: 'reporters', prefixes: ['src/reporters/'] },
  { name: 'run', prefixes: ['src/lint/', 'src/rule-tester.ts'] },
  { name: 'verify', prefixes: ['src/verify/'] },
  { name: 'front ends', prefixes: ['src/cli.ts', 'src/cli-arguments.ts', 'src/print-config.ts', 'src/terminal-markdown.ts', 'src/lsp/', 'src/index.ts'] },
];

function layerOf(file: string): number {
  return LAYERS.findIndex((layer) => layer.prefixes.some((prefix) => file.startsWith(prefix)));
}

function sourceFiles(dir: string, pattern = /\.ts$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) out.push(...sourceFiles(relative, pattern));
    else if (pattern.test(name) && !name.endsWith('.d.ts')) out.push(relative);
  }
  return out;
}

/** Relative imports of a module: static, dynamic (`import('./x.js')`, also in type positions) and re-exports. */
function importsOf(text: string, file: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)].map((m) => m[2]!);
  return specifiers.map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const files = [...sourceFiles('src'), ...sourceFiles('rules')].sort();
const graph = new Map(files.map((file) => [file, importsOf(readFileSync(path.join(root, file), 'utf8'), file).filter((target) => files.includes(target))]));

describe('module layers', () => {
  it('every module belongs to a layer (a new folder gets a row here and in docs/architecture.md)', () => {
    expect(files.filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('every import goes to the same layer or one below', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (layerOf(file) >= 0 && layerOf(target) > layerOf(file)) upward.push(`${file} (${LAYERS[layerOf(file)]?.name}) imports ${target} (${LAYERS[layerOf(target)]?.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'active' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'active');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'active') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('docs/architecture.md has a row for every layer and names every folder of src/', () => {
    const doc = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');
    for (const layer of LAYERS) expect(doc, `layer "${layer.name}"`).toContain(`| ${layer.name} |`);
    const folders = readdirSync(path.join(root, 'src')).filter((name) => statSync(path.join(root, 'src', name)).isDirectory());
    for (const folder of folders) expect(doc, `src/${folder}/`).toContain(`\`src/${folder}/\``);
  });

  it('every module docs/architecture.md and CONTRIBUTING.md name exists (a move updates the map)', () => {
    const everything = ['src', 'rules', 'test', 'scripts'].flatMap((dir) => sourceFiles(dir, /\.(ts|mjs)$/));
    const missing: string[] = [];
    for (const doc of ['docs/architecture.md', 'CONTRIBUTING.md']) {
      const text = readFileSync(path.join(root, doc), 'utf8');
      for (const match of text.matchAll(/`([\w./-]+\.(?:ts|mjs))`/g)) {
        const named = match[1]!;
        const found = [named, `src/${named}`].some((candidate) => everything.includes(candidate)) || everything.some((file) => file.endsWith(`/${named}`));
        if (!found) missing.push(`${doc}: ${named}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('sees real imports, so that it cannot pass vacuously', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(graph.get('src/engine/linter.ts')).toContain('src/parser/index.ts');
    // Type-only, dynamic and re-export forms are all read.
    expect(importsOf("import type { A } from './a.js';", 'src/x/y.ts')).toEqual(['src/x/a.ts']);
    expect(importsOf("let m: import('../b.js').B; await import('./c.js');", 'src/x/y.ts')).toEqual(['src/b.ts', 'src/x/c.ts']);
    expect(importsOf("export { d } from '../d/e.js';", 'src/x/y.ts')).toEqual(['src/d/e.ts']);
  });
});
