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
    async dump() {
      // A checkpoint first, so a restore has little write-ahead log to replay; the dump itself waits for
      // the transaction in progress and holds the next one back until it is taken (a few seconds for a
      // commune), so it never contains half a push.
      await pglite.exec('CHECKPOINT');
      return pglite.transaction(() => pglite.dumpDataDir('gzip'));
    },
    close: () => pglite.close(),
  };
}

/**
 * jsonb parameters in PostgreSQL's binary format (a version byte, 1, then the JSON text as UTF-8), as
 * bytes. PGlite's default sends them as text, and before it does it counts the text's UTF-8 bytes twice
 * in JavaScript, one character at a time. A push passes its records and applied mutations as a JSON
 * parameter of ~1 KB a record, and that counting was ~9% of a PGlite ingest's CPU profile; Node encodes
 * the same text natively. PGlite sends a parameter its serializer turns into bytes as a binary parameter
 * (the wire protocol's format code 1). Objects are turned into JSON as PGlite's default does; a string is
 * taken to be JSON text already, also as PGlite's default does.
 */
const JSONB_OID = 3802;
function jsonbParameterBytes(value: unknown): Uint8Array {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(text));
  bytes[0] = 1;
  bytes.write(text, 1);
  return bytes;
}
// PGlite types a serializer as returning text; its Bind message takes bytes as well (see above).
const serializers = { [JSONB_OID]: jsonbParameterBytes as unknown as (value: unknown) => string };

/**
 * `loadDataDir`: start from a dump (PGlite's dumpDataDir) instead of running initdb — seconds faster; the
 * tests start each in-memory database from an already migrated template.
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  return pgliteDatabase(await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, serializers }));
}
