// Planner statistics of the synced tables, kept current after large writes. PostgreSQL's autovacuum does
// this by itself; embedded PGlite has no autovacuum, so without it the planner never learns how big a
// commune's tables are and a pull page sorted every remaining change of the commune (O(n²) for a first
// download) instead of walking (commune_id, change_seq) from the cursor. Same rule as autovacuum's
// analyze threshold: a fixed number of rows plus a fraction of what the tables held at the last ANALYZE.
import type { Database } from '../db/database';

const BASE_THRESHOLD = 2000;
const SCALE_FACTOR = 0.1;

interface Counter {
  sinceAnalyze: number;
  atAnalyze: number;
}

const counters = new WeakMap<Database, Counter>();

/** Call after a committed write of `rows` synced records; runs ANALYZE when enough has changed. */
export async function noteRecordWrites(db: Database, rows: number): Promise<void> {
  if (rows <= 0) return;
  const counter = counters.get(db) ?? { sinceAnalyze: 0, atAnalyze: 0 };
  counters.set(db, counter);
  counter.sinceAnalyze += rows;
  if (counter.sinceAnalyze < BASE_THRESHOLD + SCALE_FACTOR * counter.atAnalyze) return;
  counter.atAnalyze += counter.sinceAnalyze;
  counter.sinceAnalyze = 0;
  // Only statistics: a failure here must not turn a committed push into an error answer.
  await db.exec('ANALYZE households, persons, visits, applied_mutations').catch(() => {});
}
