#!/usr/bin/env node
// `npm run bench`: builds the app when needed, then runs tests/bench/run.ts (TypeScript, through tsx).
// Arguments pass through: `npm run bench -- --json`, `-- --people 20000`, `-- --skip-browser`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/index.html')) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync('npx', ['tsx', 'tests/bench/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
