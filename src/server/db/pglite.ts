// Embedded PostgreSQL (PGlite, WASM) for a commune that runs the server on one machine without installing
// PostgreSQL. `dataDir` undefined keeps everything in memory (tests).
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/** The Database seam over an open PGlite (tests use it to dump a migrated template). */
export function pgliteDatabase(pglite: PGlite): Database {
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // PGlite has one connection; its transaction() holds a lock so other queries wait until it ends.
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    close: () => pglite.close(),
  };
}

/**
 * `loadDataDir`: start from a dump (PGlite's dumpDataDir) instead of running initdb — seconds faster; the
 * tests start each in-memory database from an already migrated template.
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  return pgliteDatabase(await PGlite.create({ dataDir, loadDataDir: options.loadDataDir }));
}
