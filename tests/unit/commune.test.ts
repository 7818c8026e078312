// The commune dashboard's sorting and the targets screen's percent input.
import { describe, expect, it } from 'vitest';
import { sortVillages, type VillageRow } from '../../src/features/commune/communeTable';
import { countVillageIndicators, withRates } from '../../src/shared/indicators';
import { parsePercent } from '../../src/features/targets/percent';
import { missingToTarget } from '../../src/shared/targets';

function row(name: string, numerator: number, denominator: number): VillageRow {
  const counts = countVillageIndicators({ households: [], persons: [], visits: [], expectedHouseholds: denominator }, '2026-11-30');
  counts[10] = { key: 'household_coverage', numerator, denominator };
  return { villageId: name, name, indicators: withRates(counts) };
}

describe('commune table', () => {
  const rows = [row('Thôn Đông', 5, 10), row('Thôn An', 9, 10), row('Thôn Bắc', 0, 0), row('Thôn Ân', 1, 10)];

  it('sorts by an indicator, lowest first, villages with nothing to measure last', () => {
    expect(sortVillages(rows, 'household_coverage', 'asc').map((r) => r.name)).toEqual(['Thôn Ân', 'Thôn Đông', 'Thôn An', 'Thôn Bắc']);
    expect(sortVillages(rows, 'household_coverage', 'desc').map((r) => r.name)).toEqual(['Thôn An', 'Thôn Đông', 'Thôn Ân', 'Thôn Bắc']);
  });

  it('sorts names the Vietnamese way (a < ă < â, d < đ)', () => {
    expect(sortVillages(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Thôn An', 'Thôn Ân', 'Thôn Bắc', 'Thôn Đông']);
  });

  it('counts how many more reach a target without floating-point surprises', () => {
    expect(missingToTarget({ numerator: 19, denominator: 25, target: 0.8 })).toBe(1);
    expect(missingToTarget({ numerator: 20, denominator: 25, target: 0.8 })).toBe(0);
    expect(missingToTarget({ numerator: 3, denominator: 0, target: 1 })).toBe(0);
  });
});

describe('targets screen input', () => {
  it('reads percentages with a comma or a point; refuses anything outside 0..100', () => {
    expect(['80', '80,5', '0', '100', '12.25'].map(parsePercent)).toEqual([0.8, 0.805, 0, 1, 0.1225]);
    expect(['', '101', '-5', '80%', 'abc', '1e2'].map(parsePercent)).toEqual([null, null, null, null, null, null]);
  });
});
