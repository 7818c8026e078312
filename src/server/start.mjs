#!/usr/bin/env node
// `npm start`: build the PWA when dist/ is missing or older than its sources, then run the commune server
// (TypeScript, through tsx, in this process so signals reach the server's own shutdown handler).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// What the browser app is built from. The server's own sources (src/server) do not need a rebuild.
const APP_SOURCES = ['src', 'sw', 'public', 'index.html', 'vite.config.ts', 'package.json'];
const SKIP = new Set([join(root, 'src', 'server'), join(root, 'node_modules')]);

function newestMtime(path) {
  if (!existsSync(path) || SKIP.has(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale() {
  const index = join(root, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return APP_SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

if (buildIsStale()) {
  console.log('Đang dựng ứng dụng (vite build)…');
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Dựng ứng dụng thất bại; máy chủ không khởi động.');
    process.exit(result.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'src', 'server', 'main.ts')).href);
