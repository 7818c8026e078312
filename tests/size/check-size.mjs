// Measures the app shell's initial JavaScript: the module script of dist/index.html and every chunk it
// imports statically (what the browser must load before the household list can show), gzipped at
// level 9 as budgets.md measures. Exits 1 over the budget, so `npm test` (and CI) fail on a regression.
// Usage: node tests/size/check-size.mjs [--json]
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';

export const INITIAL_JS_BUDGET_KB = 150;

export function initialChunks(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set();
  const queue = entries.map((src) => src.replace(/^\//, ''));
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    // Static imports only (`import … from "./x.js"` / `import "./x.js"`); dynamic import() is lazy.
    for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(join(dirname(file), match[1]).replace(/\\/g, '/'));
    }
  }
  return [...seen];
}

export function initialJsKb(distDir = 'dist') {
  const files = initialChunks(distDir);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length, 0);
  return { files, kb: Math.round((bytes / 1000) * 10) / 10 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync('dist/index.html')) {
    console.error('dist/index.html is missing: run `npm run build` first.');
    process.exit(1);
  }
  const { files, kb } = initialJsKb();
  const result = { initialJsGzipKb: kb, budgetKb: INITIAL_JS_BUDGET_KB, files };
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else console.log(`initial JS (gzip -9): ${kb} KB of ${INITIAL_JS_BUDGET_KB} KB budget — ${files.join(', ')}`);
  if (kb > INITIAL_JS_BUDGET_KB) {
    console.error(`Initial JS is over budget by ${(kb - INITIAL_JS_BUDGET_KB).toFixed(1)} KB: move code behind a lazy import.`);
    process.exit(1);
  }
}
