// Province scale on PostgreSQL (budgets.md: 100+ communes, ~3 million people): the province-wide
// indicators and ingest through the real push API into a database that already holds the province.
//
// The province is built fast: one synthetic commune is pushed through the real /api/sync/push, then
// copied by SQL (INSERT … SELECT with new ids derived from the old id and the copy's number, so every
// reference — persons and visits to their household, visits to their person — points into the copy).
// The copies fire the same triggers as a push (record_history, indicator_cohorts, indicator_households),
// so the running totals the indicators read are those of the whole province; the applied_mutations rows
// (idempotency and audit) are copied too, so the indexes a push consults have a province's size. The
// copy's rate is the plain-SQL baseline of the push.
//
// The province's totals are checked against the phone's own module (countVillageIndicators over the
// generated records): copies × the first commune + the last commune pushed. A wrong total throws.
import { createHash, randomUUID } from 'node:crypto';
import { PasswordHasher } from '../../src/server/auth/passwords';
import { insertUser } from '../../src/server/auth/users';
import type { Database, Queryable } from '../../src/server/db/database';
import { toNumber } from '../../src/server/db/database';
import { countIndicatorsByVillage } from '../../src/server/indicators/count-sql';
import { analyzeStatement } from '../../src/server/sync/table-stats';
import { countVillageIndicators, sumIndicatorCounts, type IndicatorCount } from '../../src/shared/indicators';
import { apiCaller, pushVillages, startBenchServer, type BenchServer } from './serverBench';
import { syntheticVillages, type SyntheticVillage } from './syntheticCommune';
import { median, round, timed } from './stats';

export interface ProvinceOptions {
  postgresUrl: string;
  /** Communes of the province built by copying (the pushed one included); one more is pushed after. */
  communes: number;
  peoplePerCommune: number;
  villagesPerCommune?: number;
  /** Communes copied per transaction. */
  communesPerBatch?: number;
  progress?: (text: string) => void;
}

export interface ProvinceResult {
  /** Communes in the database at the end (the copies and the one pushed last). */
  communes: number;
  villages: number;
  persons: number;
  /** The first commune pushed into the empty database. */
  firstPush: { records: number; persons: number; ms: number };
  /** The copies: households + persons + visits rows (and the applied_mutations rows copied with them). */
  copy: { records: number; auditRows: number; ms: number };
  /** The last commune pushed into the full province. */
  provincePush: { records: number; persons: number; ms: number; analyzes: number };
  /** One ANALYZE of households, persons, visits, applied_mutations at province scale (what the push path runs). */
  analyzeMs: number;
  indicatorsMs: number;
  indicatorsRunsMs: number[];
  /** Province totals (numerator / denominator per indicator), checked against the phone's module. */
  provinceCounts: IndicatorCount[];
  databaseBytes: number;
  totalMs: number;
}

const SYNCED_TABLES = ['households', 'persons', 'visits'] as const;
// Copied tables in reference order; applied_mutations last (no foreign key points to it).
const COPIED_TABLES = [...SYNCED_TABLES, 'applied_mutations'] as const;
// Columns holding the id of a copied record. The copy's id keeps the original's first 48 bits (UUIDv7's
// creation time) and takes the rest from md5(old id || ':' || copy number), version nibble 7: copies are
// communes that collected at the same time as the first one, so their ids interleave in time as a
// province's would, and a commune pushed later sorts after all of them.
const ID_COLUMNS = new Set(['id', 'village_id', 'household_id', 'person_id', 'mutation_id', 'record_id']);

async function columnsOf(q: Queryable, table: string): Promise<string[]> {
  const rows = await q.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  if (rows.length === 0) throw new Error(`no table ${table}`);
  return rows.map((row) => row.column_name);
}

/** INSERT … SELECT of the staged first commune as copies $1..$2 (copy k's ids: copiedId). */
const copyId = (expr: string) => `left(${expr}, 14) || '7' || substr(md5(${expr} || ':' || k)::uuid::text, 16)`;

function copySql(table: string, columns: readonly string[]): string {
  const values = columns.map((column) => {
    if (column === 'commune_id') return copyId('commune_id');
    if (column === 'change_seq') return `nextval('change_seq')`;
    if (ID_COLUMNS.has(column)) return copyId(column); // NULL (a visit without person) stays NULL
    return column;
  });
  const order = columns.includes('change_seq') ? 'ORDER BY k, change_seq' : '';
  return `INSERT INTO ${table} (${columns.join(', ')})
    SELECT ${values.join(', ')} FROM bench_stage_${table} CROSS JOIN generate_series($1::int, $2::int) AS k ${order}`;
}

/** A second commune with its own administrator on the same server, as a BenchServer seen by that administrator. */
async function addCommune(server: BenchServer, villages: number, name: string): Promise<BenchServer> {
  const communeId = randomUUID();
  const credentials = { username: `admin-${communeId.slice(0, 8)}`, password: 'mat-khau-quan-tri-bench-2' };
  await server.db.query(`INSERT INTO communes (id, name, created_at) VALUES ($1, $2, now())`, [communeId, name]);
  await insertUser(server.db, {
    id: randomUUID(), communeId, username: credentials.username, passwordHash: await new PasswordHasher().hash(credentials.password),
    role: 'commune_admin', villageIds: [], createdAt: new Date(),
  });
  const token = (await apiCaller(server.url, () => '')<{ token: string }>('POST', '/api/auth/login', credentials)).token;
  const call = apiCaller(server.url, () => token);
  const villageIds: string[] = [];
  for (let i = 0; i < villages; i++) {
    villageIds.push((await call<{ id: string }>('POST', '/api/admin/villages', { name: `Thôn ${i + 1}`, expectedHouseholds: 700 })).id);
  }
  return { ...server, token, villageIds, call };
}

/** The copy's id as copySql makes it: the original's time prefix, then md5(id || ':' || k). */
function copiedId(id: string, k: number): string {
  const hex = createHash('md5').update(`${id}:${k}`).digest('hex');
  return `${id.slice(0, 14)}7${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function countRows(q: Queryable, table: string): Promise<number> {
  const [{ n }] = await q.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`);
  return toNumber(n);
}

/** The phone's own count of synthetic villages (the reference the SQL totals must equal). */
function expectedCounts(villages: readonly SyntheticVillage[], expected: ReadonlyMap<string, number | null>, asOf: string): IndicatorCount[] {
  return sumIndicatorCounts(
    villages.map((village) =>
      countVillageIndicators({ households: village.households, persons: village.persons, visits: village.visits, expectedHouseholds: expected.get(village.villageId) ?? null }, asOf),
    ),
  );
}

function assertSameCounts(what: string, actual: readonly IndicatorCount[], expected: readonly IndicatorCount[]): void {
  const wrong = expected.filter((count, i) => actual[i]?.key !== count.key || actual[i].numerator !== count.numerator || actual[i].denominator !== count.denominator);
  if (wrong.length > 0 || actual.length !== expected.length) {
    throw new Error(`province bench: wrong indicator totals for ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const scaled = (counts: readonly IndicatorCount[], factor: number): IndicatorCount[] =>
  counts.map((count) => ({ key: count.key, numerator: count.numerator * factor, denominator: count.denominator * factor }));

/** Builds the province in a fresh PostgreSQL database, measures, checks and drops it. */
export async function measureProvince(options: ProvinceOptions): Promise<ProvinceResult> {
  const progress = options.progress ?? (() => {});
  const villagesPerCommune = options.villagesPerCommune ?? 20;
  const perBatch = Math.max(1, options.communesPerBatch ?? 1);
  const asOf = new Date().toISOString().slice(0, 10);
  const started = performance.now();
  const server = await startBenchServer('postgres', villagesPerCommune, { postgresUrl: options.postgresUrl });
  try {
    const db: Database = server.db;
    const [{ id: firstCommune }] = await db.query<{ id: string }>(`SELECT id FROM communes`);

    // 1. One commune through the real push API, into the empty database.
    const firstVillages = syntheticVillages(server.villageIds, options.peoplePerCommune);
    const firstPush = await pushVillages(server, firstVillages);
    progress(`province: first commune pushed, ${firstPush.records.toLocaleString('en')} records in ${round(firstPush.ms / 1000, 1)} s`);

    // 2. Copies 1..communes-1 of it by SQL, from a staged copy of its rows (so each copy reads the same small tables).
    for (const table of ['villages', ...COPIED_TABLES]) {
      await db.exec(`CREATE UNLOGGED TABLE bench_stage_${table} AS SELECT * FROM ${table}`);
    }
    const staged = await db.query<{ n: string | number }>(`SELECT (SELECT count(*) FROM bench_stage_households) + (SELECT count(*) FROM bench_stage_persons) + (SELECT count(*) FROM bench_stage_visits) AS n`);
    const recordsPerCommune = toNumber(staged[0].n);
    const auditPerCommune = await countRows(db, 'bench_stage_applied_mutations');
    const columns = new Map<string, string[]>();
    for (const table of ['villages', ...COPIED_TABLES]) columns.set(table, await columnsOf(db, table));
    const copies = options.communes - 1;
    const copy = await timed(async () => {
      for (let first = 1; first <= copies; first += perBatch) {
        const last = Math.min(copies, first + perBatch - 1);
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO communes (id, name, created_at) SELECT ${copyId('$3::text')}, 'Xã bản sao ' || k, now() FROM generate_series($1::int, $2::int) AS k`,
            [first, last, firstCommune],
          );
          await tx.query(copySql('villages', columns.get('villages')!), [first, last]);
          for (const table of COPIED_TABLES) await tx.query(copySql(table, columns.get(table)!), [first, last]);
        });
        if (last % 10 === 0 || last === copies) {
          progress(`province: ${last + 1} communes, ${Math.round(((performance.now() - started) / 1000))} s since start`);
        }
      }
    });
    for (const table of ['villages', ...COPIED_TABLES]) await db.exec(`DROP TABLE bench_stage_${table}`);
    // A database that grew over months has its planner statistics; one filled in minutes needs them taken.
    await db.exec(`ANALYZE`);

    // 3. One more commune through the real push API, into the province.
    const last = await addCommune(server, villagesPerCommune, 'Xã đẩy cuối');
    const lastVillages = syntheticVillages(last.villageIds, options.peoplePerCommune, 1057);
    const analyzeCount = async () =>
      toNumber((await db.query<{ n: string | number }>(`SELECT analyze_count AS n FROM pg_stat_user_tables WHERE relname = 'persons'`))[0].n);
    const analyzesBefore = await analyzeCount();
    const provincePush = await pushVillages(last, lastVillages);
    await new Promise((done) => setTimeout(done, 1500)); // statistics counters are flushed within a second
    // The push path runs ANALYZE of the synced tables after enough writes (src/server/sync/table-stats.ts).
    const analyzesDuringPush = (await analyzeCount()) - analyzesBefore;
    const analyzeMs = (await timed(() => db.exec(analyzeStatement('postgres')))).ms;
    progress(`province: last commune pushed, ${provincePush.records.toLocaleString('en')} records in ${round(provincePush.ms / 1000, 1)} s; ` +
      `${analyzesDuringPush} ANALYZE of the synced tables inside it, one takes ${round(analyzeMs / 1000, 1)} s`);

    // 4. The province-wide indicators: every village of every commune, summed per commune and for the province.
    const communeIds = (await db.query<{ id: string }>(`SELECT id FROM communes ORDER BY id`)).map((row) => row.id);
    const villageRows = await db.query<{ id: string; commune_id: string; expected_households: number | null }>(`SELECT id, commune_id, expected_households FROM villages`);
    const villages = villageRows.map((row) => ({ id: row.id, expectedHouseholds: row.expected_households }));
    const expectedByVillage = new Map(villageRows.map((row) => [row.id, row.expected_households]));
    const province = async () => {
      const byVillage = await countIndicatorsByVillage(db, communeIds, villages, asOf);
      const perCommune = new Map<string, IndicatorCount[][]>();
      for (const row of villageRows) {
        const list = perCommune.get(row.commune_id) ?? [];
        list.push(byVillage.get(row.id)!);
        perCommune.set(row.commune_id, list);
      }
      const communeTotals = new Map([...perCommune].map(([id, lists]) => [id, sumIndicatorCounts(lists)]));
      return { byVillage, communeTotals, total: sumIndicatorCounts([...communeTotals.values()]) };
    };
    await province(); // warm-up
    const runs: number[] = [];
    let answer = await province();
    for (let i = 0; i < 5; i++) {
      const run = await timed(province);
      runs.push(run.ms);
      answer = run.result;
    }

    // 5. Checks: a fast wrong number is worthless.
    const firstExpected = expectedCounts(firstVillages, expectedByVillage, asOf);
    const lastExpected = expectedCounts(lastVillages, expectedByVillage, asOf);
    assertSameCounts('the first commune', answer.communeTotals.get(firstCommune)!, firstExpected);
    if (copies > 0) assertSameCounts(`copy ${copies} of the first commune`, answer.communeTotals.get(copiedId(firstCommune, copies)) ?? [], firstExpected);
    assertSameCounts('the commune pushed into the province', sumIndicatorCounts(last.villageIds.map((id) => answer.byVillage.get(id)!)), lastExpected);
    assertSameCounts(`the province (${options.communes} × the first commune + the last one)`, answer.total, sumIndicatorCounts([scaled(firstExpected, options.communes), lastExpected]));
    const persons = await countRows(db, 'persons');
    const expectedPersons = options.communes * firstPush.persons + provincePush.persons;
    if (persons !== expectedPersons || communeIds.length !== options.communes + 1) {
      throw new Error(`province bench: ${persons} persons in ${communeIds.length} communes, expected ${expectedPersons} in ${options.communes + 1}`);
    }
    const [{ bytes }] = await db.query<{ bytes: string | number }>(`SELECT pg_database_size(current_database()) AS bytes`);
    return {
      communes: communeIds.length,
      villages: villages.length,
      persons,
      firstPush,
      copy: { records: recordsPerCommune * copies, auditRows: auditPerCommune * copies, ms: copy.ms },
      provincePush: { ...provincePush, analyzes: analyzesDuringPush },
      analyzeMs,
      indicatorsMs: round(median(runs)),
      indicatorsRunsMs: runs.map((ms) => round(ms)),
      provinceCounts: answer.total,
      databaseBytes: toNumber(bytes),
      totalMs: performance.now() - started,
    };
  } finally {
    await server.close();
  }
}
