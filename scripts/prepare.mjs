// Builds dist/ for installs from git (pre-commit, `npm install github:…`). npm's global git
// installs (npm/cli#8440, which pre-commit >= 4.6.1 uses) run `prepare` without the
// devDependencies, so install them first when TypeScript or esbuild is missing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

try {
  require.resolve('typescript/package.json');
  require.resolve('esbuild/package.json');
} catch {
  run('npm', ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund']);
}
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
run(process.execPath, ['scripts/bundle.mjs']);
