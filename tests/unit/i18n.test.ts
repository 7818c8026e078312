// Every user-facing string goes through i18next: vi (default) and en must offer the same keys, and every
// literal key the code asks for must exist, so no screen ever shows a raw key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import viMain from '../../src/i18n/locales/vi.json';
import enMain from '../../src/i18n/locales/en.json';
type Tree = { [key: string]: string | Tree };

/** As i18next merges the bundles (addResourceBundle with deep = true). */
function merged(...trees: Tree[]): Tree {
  const result: Tree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const existing = result[key];
      result[key] = typeof value === 'object' && typeof existing === 'object' ? merged(existing, value) : value;
    }
  }
  return result;
}

/** Words of lazy screens, added to i18next when they load (kept out of the app shell's bundle): every src/features locale folder. */
function lazyBundles(language: 'vi' | 'en', dir = 'src/features'): Tree[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) return [];
    const own = name === 'locales' ? [JSON.parse(readFileSync(join(path, `${language}.json`), 'utf8')) as Tree] : [];
    return [...own, ...lazyBundles(language, path)];
  });
}

const vi = merged(viMain, ...lazyBundles('vi'));
const en = merged(enMain, ...lazyBundles('en'));

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)));
}

/** English adds plural forms (`_one`); i18next falls back to the plain key for the other forms. */
const withoutPluralSuffix = (key: string) => key.replace(/_(one|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.includes('server') ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('locales', () => {
  const viKeys = new Set(flatten(vi));
  const enKeys = new Set(flatten(en).map(withoutPluralSuffix));

  it('Vietnamese and English have the same keys', () => {
    expect([...viKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !viKeys.has(k))).toEqual([]);
  });

  it('every literal key used in the app exists in Vietnamese', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !viKeys.has(key))).toEqual([]);
  });

  it('the app shell (src/app, src/ui, src/db, src/sync) asks only for keys of the shell\'s own bundle, never of a lazy screen\'s', () => {
    const shellKeys = new Set(flatten(viMain as Tree));
    const asked: string[] = [];
    for (const file of ['src/app', 'src/ui', 'src/db', 'src/sync'].flatMap(sourceFiles)) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) asked.push(`${file}: ${match[1]}`);
    }
    expect(asked.length).toBeGreaterThan(20);
    expect(asked.filter((entry) => !shellKeys.has(entry.split(': ')[1]))).toEqual([]);
  });

  it('no value is empty', () => {
    const empty = (tree: Tree): boolean => Object.values(tree).some((v) => (typeof v === 'string' ? v.trim() === '' : empty(v)));
    expect(empty(vi as Tree)).toBe(false);
    expect(empty(en as Tree)).toBe(false);
  });
});
