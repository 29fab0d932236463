// Builds dist/. npm runs `prepare` for `npm pack` and `npm publish` (so the tarball carries the
// built dist/ and its users need no TypeScript or esbuild), and for installs from git
// (pre-commit, `npm install github:…`). npm's global git installs (npm/cli#8440, which
// pre-commit >= 4.6.1 uses) run `prepare` without the devDependencies, so install them first
// when TypeScript or esbuild is missing.
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// An installed package (from the registry or a tarball) has dist/ and no sources: nothing to build.
if (!existsSync(path.join(root, 'src')) && existsSync(path.join(root, 'dist', 'cli.bundle.js'))) process.exit(0);

const require = createRequire(import.meta.url);
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

try {
  require.resolve('typescript/package.json');
  require.resolve('esbuild/package.json');
} catch {
  run('npm', ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund']);
}
// A tarball carries exactly what the sources build: no module left behind by an older build.
if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
run(process.execPath, ['scripts/bundle.mjs']);
