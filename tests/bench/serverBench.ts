// Server figures on one backend: ingest through the real push API over loopback HTTP (against a plain
// INSERT … SELECT of the same rows as the baseline), a full pull, and the commune indicators.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildServer } from '../../src/server/app';
import { bootstrap } from '../../src/server/bootstrap';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../../src/shared/protocol';
import { chunk, creationMutations, syntheticVillages, type SyntheticVillage } from './syntheticCommune';
import { median, round, timed } from './stats';

export const BENCH_ADMIN = { username: 'admin', password: 'mat-khau-quan-tri-bench' };

export interface BenchServer {
  backend: 'pglite' | 'postgres';
  url: string;
  db: Database;
  token: string;
  villageIds: string[];
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * JSON over loopback HTTP to the bench server, with the bearer token `token()` gives at each call. A
 * string body is sent as it is: JSON text serialised beforehand, as a phone would have done.
 */
export function apiCaller(url: string, token: () => string): BenchServer['call'] {
  return async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) };
    if (token()) headers.authorization = `Bearer ${token()}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
}

/** A fresh database: PGlite in a new data directory, or a new PostgreSQL database; both removed afterwards. */
async function openFresh(backend: 'pglite' | 'postgres', postgresUrl?: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (backend === 'pglite') {
    // A data directory on disk, as `npm start` runs it (DATA_DIR): in-memory PGlite writes through
    // Emscripten's MEMFS, which grows its files by copying them and made a push ~2× slower.
    const dir = mkdtempSync(join(tmpdir(), 'cds-bench-pglite-'));
    return { db: await openPglite(dir), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `cds_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return {
    db: openPostgres(url.toString()),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export async function startBenchServer(backend: 'pglite' | 'postgres', villages: number, options: { postgresUrl?: string; distDir?: string } = {}): Promise<BenchServer> {
  const { db, drop } = await openFresh(backend, options.postgresUrl);
  const app = await buildServer({ db, distDir: options.distDir ?? '/nonexistent-dist', log: false });
  await bootstrap(db, { adminUsername: BENCH_ADMIN.username, adminPassword: BENCH_ADMIN.password });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  let token = '';
  const call = apiCaller(url, () => token);
  token = (await call<{ token: string }>('POST', '/api/auth/login', BENCH_ADMIN)).token;
  const villageIds: string[] = [];
  for (let i = 0; i < villages; i++) {
    villageIds.push((await call<{ id: string }>('POST', '/api/admin/villages', { name: `Thôn ${i + 1}`, expectedHouseholds: 700 })).id);
  }
  return {
    backend, url, db, token: token, villageIds, call,
    close: async () => {
      await app.close();
      await db.close();
      await drop();
    },
  };
}

/** Pushes a synthetic commune of `people` people as phones would (batches of 1,000); returns records/s. */
export async function ingestCommune(server: BenchServer, people: number): Promise<{ records: number; persons: number; ms: number }> {
  return pushVillages(server, syntheticVillages(server.villageIds, people));
}

/**
 * Pushes the given synthetic villages as phones would (batches of 1,000); ingestCommune's timing. The
 * requests are serialised before the clock starts: that is the phones' work, and the bench's client
 * shares the server's thread.
 */
export async function pushVillages(server: BenchServer, villages: SyntheticVillage[]): Promise<{ records: number; persons: number; ms: number }> {
  const batches = villages.flatMap((village) => chunk(creationMutations(village), 1000));
  const records = batches.reduce((sum, batch) => sum + batch.length, 0);
  const bodies = batches.map((mutations) => JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: 'bench-device', mutations }));
  const { ms } = await timed(async () => {
    for (const body of bodies) {
      const answer = await server.call<{ results: { status: string }[] }>('POST', '/api/sync/push', body);
      const refused = answer.results.filter((r) => r.status === 'rejected');
      if (refused.length > 0) throw new Error(`bench data refused: ${JSON.stringify(refused[0])}`);
    }
  });
  return { records, persons: villages.reduce((sum, v) => sum + v.persons.length, 0), ms };
}

/** Baseline: the same rows copied by the database itself (INSERT … SELECT into a plain table). */
export async function baselineInsertSelect(db: Database): Promise<{ rows: number; ms: number }> {
  let rows = 0;
  const { ms } = await timed(async () => {
    for (const table of ['households', 'persons', 'visits']) {
      await db.exec(`CREATE TABLE bench_${table} AS SELECT * FROM ${table} WITH NO DATA`);
      const [{ count }] = await db.query<{ count: string | number }>(`WITH copied AS (INSERT INTO bench_${table} SELECT * FROM ${table} RETURNING 1) SELECT count(*) AS count FROM copied`);
      rows += Number(count);
    }
  });
  for (const table of ['households', 'persons', 'visits']) await db.exec(`DROP TABLE bench_${table}`);
  return { rows, ms };
}

/** Pulls everything the administrator sees, page by page, as a phone's first download does (server side). */
export async function pullAll(server: BenchServer): Promise<{ records: number; ms: number }> {
  let records = 0;
  const { ms } = await timed(async () => {
    let cursor: string | undefined;
    for (;;) {
      const page = await server.call<{ changes: unknown[]; cursor: string; hasMore: boolean }>('GET', `/api/sync/pull?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      records += page.changes.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  });
  return { records, ms };
}

/** Median latency of the commune's indicators (GET /api/indicators) after one warm-up call. */
export async function communeIndicatorsMs(server: BenchServer, runs = 7): Promise<number> {
  await server.call('GET', '/api/indicators');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(() => server.call('GET', '/api/indicators'))).ms);
  return round(median(times));
}
