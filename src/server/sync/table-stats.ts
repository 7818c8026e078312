// Planner statistics of the synced tables, kept current after large writes. PostgreSQL's autovacuum does
// this by itself; embedded PGlite has no autovacuum, so without it the planner never learns how big a
// commune's tables are and a pull page sorted every remaining change of the commune (O(n²) for a first
// download) instead of walking (commune_id, change_seq) from the cursor. Same rule as autovacuum's
// analyze threshold: a fixed number of rows plus a fraction of what the tables held at the last ANALYZE.
// That fraction is autovacuum's tenth on PostgreSQL, where the ANALYZE runs beside the answer. On PGlite
// the push waits for it, so it runs once the tables have doubled: a 50,000-person ingest analyzed 14 times
// at a tenth (1.9 s of its 14 s) and 6 times at double. The planner needs the tables' rough size and
// spread, not their exact count: between ANALYZEs it scales the row estimate by the tables' current pages.
//
// The count starts from the tables' size when the process first writes, not from zero: a server
// restarted on a province's database (millions of rows) would otherwise analyze every few thousand
// writes, and one ANALYZE of such tables took minutes (measured by the province bench).
import type { Database } from '../db/database';

const BASE_THRESHOLD = 2000;
const SCALE_FACTOR: Record<Database['kind'], number> = { postgres: 0.1, pglite: 1 };
const TABLES = ['households', 'persons', 'visits', 'applied_mutations'];
/**
 * PGlite analyzes inside the push request (below) and in WASM: with PostgreSQL's default sample (30,000
 * rows per table) one ANALYZE of a commune's tables took 1–3.5 s, a third of a 50,000-person ingest. The
 * planner needs the tables' size and the rough spread of commune, village and change number, which a
 * 3,000-row sample gives. PostgreSQL keeps its default: there this ANALYZE and autovacuum's take turns
 * after writes, and whichever ran last stays, so a coarser sample here would often be the one kept. What
 * made PostgreSQL's ANALYZE costly, the bookkeeping JSON, keeps no statistics on either (migration zz6).
 */
const PGLITE_STATISTICS_TARGET = 10;

interface Counter {
  sinceAnalyze: number;
  atAnalyze: number;
  running: boolean;
}

const counters = new WeakMap<Database, Promise<Counter>>();

async function startCounter(db: Database): Promise<Counter> {
  // reltuples is the planner's own row estimate (-1 for a table never analyzed).
  const [row] = await db.query<{ rows: unknown }>(`SELECT COALESCE(sum(GREATEST(reltuples, 0)), 0) AS rows FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [TABLES]);
  return { sinceAnalyze: 0, atAnalyze: Number(row?.rows ?? 0), running: false };
}

/** The ANALYZE the push path runs, on this kind of database. */
export function analyzeStatement(kind: Database['kind']): string {
  const analyze = `ANALYZE ${TABLES.join(', ')}`;
  // One simple-query message on PGlite's one connection: nothing else runs between SET and RESET.
  return kind === 'pglite' ? `SET default_statistics_target = ${PGLITE_STATISTICS_TARGET}; ${analyze}; RESET default_statistics_target` : analyze;
}

/** Call after a committed write of `rows` synced records; runs ANALYZE when enough has changed. */
export async function noteRecordWrites(db: Database, rows: number): Promise<void> {
  if (rows <= 0) return;
  if (!counters.has(db)) counters.set(db, startCounter(db).catch(() => ({ sinceAnalyze: 0, atAnalyze: 0, running: false })));
  const counter = await counters.get(db)!;
  counter.sinceAnalyze += rows;
  if (counter.running || counter.sinceAnalyze < BASE_THRESHOLD + SCALE_FACTOR[db.kind] * counter.atAnalyze) return;
  counter.atAnalyze += counter.sinceAnalyze;
  counter.sinceAnalyze = 0;
  counter.running = true;
  // Only statistics: a failure here must not turn a committed push into an error answer.
  const analyze = db
    .exec(analyzeStatement(db.kind))
    .catch(() => {})
    .finally(() => {
      counter.running = false;
    });
  // PGlite runs one statement at a time anyway, so the push answers once it is done. PostgreSQL analyzes
  // on other connections while the push answers; its autovacuum would do the same a little later.
  if (db.kind === 'pglite') await analyze;
}
