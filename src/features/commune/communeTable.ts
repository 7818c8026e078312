// Sorting the commune's villages by an indicator: by rate (villages with nothing to measure last),
// then by name, so the villages furthest from the target come first when sorted ascending.
import type { IndicatorKey, IndicatorValue } from '../../shared/indicators';
import { compareVillageNames } from '../../shared/text';

export interface VillageRow {
  villageId: string;
  name: string;
  indicators: IndicatorValue[];
}

export type SortKey = 'name' | IndicatorKey;
export type SortDirection = 'asc' | 'desc';

export function rateOf(row: VillageRow, key: IndicatorKey): number | null {
  return row.indicators.find((v) => v.key === key)?.rate ?? null;
}

export function sortVillages(rows: readonly VillageRow[], key: SortKey, direction: SortDirection): VillageRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * compareVillageNames(a.name, b.name);
    const [ra, rb] = [rateOf(a, key), rateOf(b, key)];
    if (ra === null || rb === null) return ra === rb ? compareVillageNames(a.name, b.name) : ra === null ? 1 : -1;
    return sign * (ra - rb) || compareVillageNames(a.name, b.name);
  });
}
