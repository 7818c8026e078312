// Each commune's targets: DEFAULT_TARGETS (domain.md) overridden by what its administrator set.
import { DEFAULT_TARGETS, INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { Queryable } from '../db/database';

export type Targets = Record<IndicatorKey, number>;

export async function loadTargets(q: Queryable, communeId: string): Promise<Targets> {
  const rows = await q.query<{ key: string; rate: number }>(`SELECT key, rate FROM indicator_targets WHERE commune_id = $1`, [communeId]);
  const targets: Targets = { ...DEFAULT_TARGETS };
  for (const row of rows) {
    // A key a later version no longer knows is ignored rather than shown.
    if ((INDICATOR_KEYS as readonly string[]).includes(row.key)) targets[row.key as IndicatorKey] = Number(row.rate);
  }
  return targets;
}

/** `null` puts a key back to its default. One statement per key: at most 11. */
export async function saveTargets(
  q: Queryable,
  communeId: string,
  changes: Partial<Record<IndicatorKey, number | null>>,
  userId: string,
  now: Date,
): Promise<void> {
  for (const [key, rate] of Object.entries(changes)) {
    if (rate === null || rate === undefined) {
      await q.query(`DELETE FROM indicator_targets WHERE commune_id = $1 AND key = $2`, [communeId, key]);
    } else {
      await q.query(
        `INSERT INTO indicator_targets (commune_id, key, rate, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (commune_id, key) DO UPDATE SET rate = EXCLUDED.rate, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [communeId, key, rate, userId, now],
      );
    }
  }
}
