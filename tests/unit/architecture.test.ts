// The layout is the architecture (architecture.md): shared/ and sync/ import nothing of the UI, the
// phone database or the server; server/ never imports browser code; only db/ imports Dexie; and
// shared/ stays pure (no React, no Dexie). This test keeps those rules true as the code grows.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * What an import points at: a package name as written, or for a relative import the target's layer
 * as "src/<layer>/" (so src/server/db/… is the server's own database code, not the phone's src/db).
 */
function targetOf(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const target = normalize(join(dirname(file), spec)).replace(/\\/g, '/');
  const layer = /^src\/([^/]+)/.exec(target)?.[1];
  return layer ? `src/${layer}/` : target;
}

/** Violations: "file → import" for every import of `dir` whose target matches one of `forbidden`. */
function violations(dir: string, forbidden: RegExp[]): string[] {
  return filesUnder(dir).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden.some((pattern) => pattern.test(targetOf(file, spec))))
      .map((spec) => `${relative('.', file)} → ${spec}`),
  );
}

describe('module boundaries', () => {
  it('src/shared is pure: no React, no Dexie, no app layers, no Node', () => {
    expect(violations('src/shared', [/^react/, /^dexie/, /^src\/(db|features|ui|app|sync|server|i18n)\//, /^node:/, /^(fastify|pg)$/])).toEqual([]);
  });

  it('src/sync imports no UI, no server', () => {
    expect(violations('src/sync', [/^react/, /^src\/(features|ui|app|server)\//])).toEqual([]);
  });

  it('src/server imports no browser code', () => {
    expect(violations('src/server', [/^react/, /^dexie/, /^src\/(db|features|ui|app|sync|i18n)\//])).toEqual([]);
  });

  it('only src/db imports Dexie', () => {
    const outside = ['src/app', 'src/features', 'src/ui', 'src/shared', 'src/sync', 'src/server', 'src/i18n'].flatMap((dir) => violations(dir, [/^dexie/]));
    expect(outside).toEqual([]);
  });

  it('presentational components (src/ui) read no data', () => {
    expect(violations('src/ui', [/^src\/(db|sync)\//])).toEqual([]);
  });
});
