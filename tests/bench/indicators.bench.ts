// Benchmark of the commune indicators (budgets.md: 50,000 people ≤ 150 ms on PGlite, ≤ 50 ms on
// PostgreSQL). Builds a synthetic commune of 20 villages through the real push API (in process), then
// times GET /api/indicators for the whole commune: median of 9 calls after a warm-up. Prints JSON.
// Run: npx tsx tests/bench/indicators.bench.ts [people] — PostgreSQL too when TEST_DATABASE_URL is set.
// `npm run bench` reports the same figure among all the others; this script measures only it, quickly.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { buildServer } from '../../src/server/app';
import { bootstrap } from '../../src/server/bootstrap';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { generateDemoVillage } from '../../src/shared/demoData';

const PEOPLE = Number(process.argv[2] ?? 50_000);
const VILLAGES = 20;
const ADMIN = { username: 'admin', password: 'mat-khau-bench-1' };

async function openBackend(kind: 'pglite' | 'postgres'): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') return { db: await openPglite(), drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `cds_bench_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    db: openPostgres(url.toString()),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function bench(kind: 'pglite' | 'postgres') {
  const { db, drop } = await openBackend(kind);
  const app = await buildServer({ db, distDir: '/nonexistent' });
  await bootstrap(db, { adminUsername: ADMIN.username, adminPassword: ADMIN.password });
  const call = async (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body as object | undefined });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    return response.json();
  };
  const { token } = await call('POST', '/api/auth/login', undefined, ADMIN);
  let persons = 0;
  const seedStart = performance.now();
  for (let v = 0; v < VILLAGES; v++) {
    const { id: villageId } = await call('POST', '/api/admin/villages', token, { name: `Thôn ${v + 1}`, expectedHouseholds: 750 });
    // ~3.4 people per generated household.
    const village = generateDemoVillage({ seed: 57 + v, villageId, households: Math.round(PEOPLE / VILLAGES / 3.4), year: 2026, newId: randomUUID, updatedAt: new Date().toISOString() });
    persons += village.persons.length;
    const records = [
      ...village.households.map((r) => ['household', r] as const),
      ...village.persons.map((r) => ['person', r] as const),
      ...village.visits.map((r) => ['visit', r] as const),
    ];
    for (let i = 0; i < records.length; i += 1000) {
      const mutations = records.slice(i, i + 1000).map(([entity, record]) => {
        const { id, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, ...fields } = record as unknown as Record<string, unknown>;
        return { id: randomUUID(), entity, recordId: id, villageId, op: 'upsert', baseVersion: 0, fields, clientTime: new Date().toISOString() };
      });
      await call('POST', '/api/sync/push', token, { protocolVersion: 1, deviceId: 'bench', mutations });
    }
  }
  const seedMs = performance.now() - seedStart;
  await call('GET', '/api/indicators', token);
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    await call('GET', '/api/indicators', token);
    times.push(performance.now() - start);
  }
  await app.close();
  await db.close();
  await drop();
  return { backend: kind, villages: VILLAGES, persons, seedSeconds: Math.round(seedMs / 100) / 10, communeIndicatorsMedianMs: Math.round(median(times) * 10) / 10, budgetMs: kind === 'pglite' ? 150 : 50 };
}

const results = [await bench('pglite')];
if (process.env.TEST_DATABASE_URL) results.push(await bench('postgres'));
console.log(JSON.stringify({ benchmark: 'commune indicators', results }, null, 2));
