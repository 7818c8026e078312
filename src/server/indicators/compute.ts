// The answer of GET /api/indicators: each village's counts (SQL, count-sql.ts), the scope's total as the
// sum of its villages' numerators and denominators (never an average of rates), rates and targets.
import { sumIndicatorCounts, withRates, type IndicatorCount, type IndicatorValue } from '../../shared/indicators';
import type { Village } from '../../shared/types';
import type { Queryable } from '../db/database';
import { countIndicatorsByVillage } from './count-sql';
import type { IndicatorScope, ScopeKind } from './scope';
import { loadTargets, type Targets } from './targets';

export interface VillageIndicators {
  villageId: string;
  name: string;
  indicators: IndicatorValue[];
}

export interface IndicatorsAnswer {
  asOf: string;
  scope: ScopeKind;
  indicators: IndicatorValue[];
  villages: VillageIndicators[];
}

export interface ScopeCounts {
  total: IndicatorCount[];
  villages: { village: Village; counts: IndicatorCount[] }[];
}

export async function countScope(q: Queryable, communeId: string, villages: readonly Village[], asOf: string): Promise<ScopeCounts> {
  const byVillage = await countIndicatorsByVillage(q, communeId, villages, asOf);
  const rows = villages.map((village) => ({ village, counts: byVillage.get(village.id)! }));
  return { total: sumIndicatorCounts(rows.map((row) => row.counts)), villages: rows };
}

export function toAnswer(asOf: string, scope: ScopeKind, counts: ScopeCounts, targets: Targets): IndicatorsAnswer {
  return {
    asOf,
    scope,
    indicators: withRates(counts.total, targets),
    villages: counts.villages.map(({ village, counts: villageCounts }) => ({
      villageId: village.id,
      name: village.name,
      indicators: withRates(villageCounts, targets),
    })),
  };
}

export async function computeIndicators(q: Queryable, communeId: string, scope: IndicatorScope, asOf: string): Promise<IndicatorsAnswer> {
  const [counts, targets] = await Promise.all([countScope(q, communeId, scope.villages, asOf), loadTargets(q, communeId)]);
  return toAnswer(asOf, scope.kind, counts, targets);
}
