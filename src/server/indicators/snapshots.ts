// Monthly snapshots of every village's indicator counts: the points of the trend charts. Records carry no
// history, so a month's figures can only be computed while that month is recent: the server takes the
// previous month's snapshot by itself right after it ends (snapshot-scheduler.ts), and the administrator
// can take or retake one on demand.
import { INDICATOR_KEYS, type IndicatorCount, type IndicatorKey } from '../../shared/indicators';
import { monthEnd } from '../../shared/dates';
import { currentMonthInVietnam, monthEndInstant, previousMonth } from '../../shared/months';
import type { Village } from '../../shared/types';
import { villagesOf } from '../auth/users';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { countScope } from './compute';

// One writer of a commune's snapshots at a time, also across server processes on one PostgreSQL.
const SNAPSHOT_LOCK_KEY = 2026_11_24;

export interface SnapshotInfo {
  month: string;
  asOf: string;
  takenAt: string;
  /** false when the server took it by itself at month end. */
  onDemand: boolean;
}

async function communeVillages(q: Queryable, communeId: string): Promise<Village[]> {
  return villagesOf(q, { id: '', role: 'commune_admin', communeId });
}

/** Computes and stores (replacing any earlier one) the commune's snapshot of `month` at `asOf`. */
export async function takeSnapshot(db: Database, input: { communeId: string; month: string; asOf: string; takenBy: string | null; now: Date }): Promise<SnapshotInfo> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SNAPSHOT_LOCK_KEY, input.communeId]);
    const counts = await countScope(tx, input.communeId, await communeVillages(tx, input.communeId), input.asOf);
    await tx.query(`DELETE FROM indicator_snapshots WHERE commune_id = $1 AND month = $2`, [input.communeId, input.month]);
    await tx.query(`INSERT INTO indicator_snapshots (commune_id, month, as_of, taken_at, taken_by) VALUES ($1, $2, $3, $4, $5)`, [
      input.communeId, input.month, input.asOf, input.now, input.takenBy,
    ]);
    const rows = counts.villages.flatMap(({ village, counts: villageCounts }) => villageCounts.map((c) => [village.id, c.key, c.numerator, c.denominator]));
    if (rows.length > 0) {
      // One multi-row INSERT (40 villages × 11 keys = 440 rows), parameters from our own counts.
      const values = rows.map((_, i) => `($1, $2, $${3 + i * 4}, $${4 + i * 4}, $${5 + i * 4}, $${6 + i * 4})`).join(', ');
      await tx.query(`INSERT INTO indicator_snapshot_counts (commune_id, month, village_id, key, numerator, denominator) VALUES ${values}`, [
        input.communeId, input.month, ...rows.flat(),
      ]);
    }
    return { month: input.month, asOf: input.asOf, takenAt: input.now.toISOString(), onDemand: input.takenBy !== null };
  });
}

/**
 * The month-end rule: every commune gets the previous month's snapshot at that month's last day, when it
 * has none yet or only one taken before the month ended (one taken on the last day itself, at 10:00,
 * misses that afternoon's work: taken_at, not as_of, tells). Returns the communes it wrote for.
 */
export async function takeMissingSnapshots(db: Database, now: Date): Promise<string[]> {
  const month = previousMonth(currentMonthInVietnam(now));
  const asOf = monthEnd(month);
  const due = await db.query<{ id: string }>(
    `SELECT c.id FROM communes c
     LEFT JOIN indicator_snapshots s ON s.commune_id = c.id AND s.month = $1
     WHERE s.month IS NULL OR s.taken_at < $2`,
    [month, monthEndInstant(month)],
  );
  for (const { id } of due) await takeSnapshot(db, { communeId: id, month, asOf, takenBy: null, now });
  return due.map((row) => row.id);
}

export interface TrendMonth {
  month: string;
  asOf: string;
  takenAt: string;
  /** Taken once the month was over: its figures are the month's final ones. */
  final: boolean;
  /** Counts of each village of the scope that existed when the snapshot was taken. */
  villages: Map<string, IndicatorCount[]>;
}

/** The commune's latest `months` snapshots (oldest first), counts limited to `villageIds`. */
export async function loadTrends(q: Queryable, communeId: string, villageIds: readonly string[], months: number, now: Date): Promise<TrendMonth[]> {
  const headers = await q.query<SnapshotHeader>(
    `SELECT month, to_char(as_of, 'YYYY-MM-DD') AS as_of, taken_at FROM indicator_snapshots
     WHERE commune_id = $1 AND month <= $2 ORDER BY month DESC LIMIT $3`,
    [communeId, currentMonthInVietnam(now), months],
  );
  return withCounts(q, communeId, villageIds, headers.reverse());
}

/** One month's snapshot of the commune, counts limited to `villageIds`; null when none was taken. */
export async function loadSnapshot(q: Queryable, communeId: string, month: string, villageIds: readonly string[]): Promise<TrendMonth | null> {
  const headers = await q.query<SnapshotHeader>(
    `SELECT month, to_char(as_of, 'YYYY-MM-DD') AS as_of, taken_at FROM indicator_snapshots WHERE commune_id = $1 AND month = $2`,
    [communeId, month],
  );
  return (await withCounts(q, communeId, villageIds, headers))[0] ?? null;
}

interface SnapshotHeader {
  month: string;
  as_of: unknown;
  taken_at: unknown;
}

/** The snapshots of these headers (in their order) with their villages' counts. */
async function withCounts(q: Queryable, communeId: string, villageIds: readonly string[], headers: readonly SnapshotHeader[]): Promise<TrendMonth[]> {
  if (headers.length === 0) return [];
  const rows = await q.query<{ month: string; village_id: string; key: string; numerator: number; denominator: number }>(
    `SELECT month, village_id, key, numerator, denominator FROM indicator_snapshot_counts
     WHERE commune_id = $1 AND month = ANY($2) AND village_id = ANY($3)`,
    [communeId, headers.map((h) => h.month), villageIds],
  );
  const byMonth = new Map<string, Map<string, Map<string, IndicatorCount>>>();
  for (const row of rows) {
    if (!(INDICATOR_KEYS as readonly string[]).includes(row.key)) continue;
    const villages = byMonth.get(row.month) ?? new Map<string, Map<string, IndicatorCount>>();
    byMonth.set(row.month, villages);
    const counts = villages.get(row.village_id) ?? new Map<string, IndicatorCount>();
    villages.set(row.village_id, counts);
    counts.set(row.key, { key: row.key as IndicatorKey, numerator: Number(row.numerator), denominator: Number(row.denominator) });
  }
  return headers.map((header) => {
    const villages = new Map<string, IndicatorCount[]>();
    for (const [villageId, counts] of byMonth.get(header.month) ?? []) {
      villages.set(villageId, INDICATOR_KEYS.map((key) => counts.get(key) ?? { key, numerator: 0, denominator: 0 }));
    }
    const takenAt = toIso(header.taken_at);
    return { month: header.month, asOf: String(header.as_of), takenAt, final: takenAt >= monthEndInstant(header.month).toISOString(), villages };
  });
}
