// The indicators of domain.md counted in SQL: one GROUP BY over persons, one over households with their
// counted members and visits, so the server never loads a commune's 50,000 people into JS (measured by
// tests/bench/indicators.bench.ts against budgets.md). The age thresholds come from
// the shared rules (PERSON_INDICATOR_RULES); only the "achieved" test of each indicator is restated here
// in SQL. tests/integration/indicators-agreement.test.ts pins these numbers to countVillageIndicators
// (the phone's module) on edge-case and random data, so the two can never drift apart.
import { COUNTED_RESIDENCIES } from '../../shared/statuses';
import {
  emptyIndicatorCounts,
  PERSON_INDICATOR_RULES,
  type IndicatorCount,
  type IndicatorKey,
  type PersonIndicatorKey,
} from '../../shared/indicators';
import { toNumber, type Queryable } from '../db/database';

/** SQL restatement of each person rule's `achieved` (indicators.ts); columns of `persons`. */
const ACHIEVED_SQL: Record<PersonIndicatorKey, string> = {
  vneid_level2: `vneid = 'level2'`,
  digital_signature: `digital_signature NOT IN ('none', 'expired')`,
  health_book: `health_book`,
  payment_account: `payment_account`,
  smartphone: `smartphone = 'own'`,
  digital_skills: `digital_skills IN ('attended', 'certified')`,
  online_public_services: `online_public_services`,
  digital_citizen: `vneid = 'level2' AND smartphone = 'own' AND digital_skills IN ('attended', 'certified') AND payment_account`,
};

const PERSON_KEYS = Object.keys(ACHIEVED_SQL) as PersonIndicatorKey[];

/** The distinct age thresholds of the person rules (14, 15, 18); health_book has none. */
const THRESHOLDS = [...new Set(Object.values(PERSON_INDICATOR_RULES).map((r) => r.minAge).filter(Number.isFinite))];

/**
 * "age ≥ N at asOf", as dates.ts ageAt defines age, without computing ages row by row: with a birth date,
 * born on or before asOf minus N years; with the year only, birthYear ≤ asOf.year − N. An asOf of 29/02
 * becomes 28/02 in a year without one; nobody is born on a day that does not exist, so this agrees with
 * ageAt (the agreement test checks dates around 29/02). Parameters $3… hold, per threshold, that date and
 * that year. Comparing against constants is what makes the scan fast (no per-row date arithmetic).
 */
function ageCondition(key: PersonIndicatorKey): string {
  const index = THRESHOLDS.indexOf(PERSON_INDICATOR_RULES[key].minAge);
  if (index < 0) return 'true';
  return `(CASE WHEN birth_date IS NULL THEN birth_year <= $${4 + index * 2}::int ELSE birth_date <= $${3 + index * 2}::date END)`;
}

function minusYears(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDay = iso.slice(5) === '02-29' && !leap ? '02-28' : iso.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

function thresholdParams(asOf: string): (string | number)[] {
  return THRESHOLDS.flatMap((age) => [minusYears(asOf, age), Number(asOf.slice(0, 4)) - age]);
}

// Column aliases d_<i> / n_<i> by position: keys are code constants, never request input.
const PERSON_COLUMNS = PERSON_KEYS.map(
  (key, i) => `count(*) FILTER (WHERE ${ageCondition(key)}) AS d_${i}, count(*) FILTER (WHERE ${ageCondition(key)} AND ${ACHIEVED_SQL[key]}) AS n_${i}`,
).join(',\n       ');

const COUNTED = `NOT deleted AND residency IN (${COUNTED_RESIDENCIES.map((r) => `'${r}'`).join(', ')})`;

const PERSONS_SQL = `
SELECT village_id,
       ${PERSON_COLUMNS}
FROM persons
WHERE commune_id = $1 AND ($2::text[] IS NULL OR village_id = ANY($2)) AND ${COUNTED}
GROUP BY village_id`;

// Counted households: not deleted, with at least one counted member. Visits count when not deleted and
// made on or before asOf ($3 here).
const HOUSEHOLDS_SQL = `
WITH members AS (
  SELECT household_id, bool_or(uses_cashless) AS any_cashless
  FROM persons
  WHERE commune_id = $1 AND ($2::text[] IS NULL OR village_id = ANY($2)) AND ${COUNTED}
  GROUP BY household_id
), visited AS (
  SELECT DISTINCT household_id FROM visits
  WHERE commune_id = $1 AND ($2::text[] IS NULL OR village_id = ANY($2)) AND NOT deleted AND visited_on <= $3::date
)
SELECT h.village_id,
       count(*) AS households,
       count(*) FILTER (WHERE m.any_cashless) AS cashless,
       count(*) FILTER (WHERE h.business <> 'none') AS businesses,
       count(*) FILTER (WHERE h.business <> 'none' AND h.accepts_cashless) AS businesses_cashless,
       count(v.household_id) AS visited
FROM households h
JOIN members m ON m.household_id = h.id
LEFT JOIN visited v ON v.household_id = h.id
WHERE h.commune_id = $1 AND ($2::text[] IS NULL OR h.village_id = ANY($2)) AND NOT h.deleted
GROUP BY h.village_id`;

export interface VillageForCounting {
  id: string;
  expectedHouseholds: number | null;
}

const FILTER_BY_VILLAGE_UP_TO = 5;

type Tally = Map<IndicatorKey, { numerator: number; denominator: number }>;

/**
 * Indicator counts of each given village (same commune) at `asOf` (YYYY-MM-DD), in INDICATOR_KEYS
 * order, equal to countVillageIndicators over the village's records. Villages without records get zeros
 * (and their expected household count as coverage denominator).
 */
export async function countIndicatorsByVillage(
  q: Queryable,
  communeId: string,
  villages: readonly VillageForCounting[],
  asOf: string,
): Promise<Map<string, IndicatorCount[]>> {
  const ids = villages.map((v) => v.id);
  const tallies = new Map<string, Tally>(
    villages.map((v) => [v.id, new Map(emptyIndicatorCounts().map((c) => [c.key, { numerator: c.numerator, denominator: c.denominator }]))]),
  );
  if (ids.length === 0) return new Map();
  // A few villages: filter by them (their index). Many: read the commune and drop the rest here, which
  // is cheaper than testing each row against a long list.
  const villageFilter = ids.length <= FILTER_BY_VILLAGE_UP_TO ? ids : null;
  const [personRows, householdRows] = await Promise.all([
    q.query<Record<string, unknown>>(PERSONS_SQL, [communeId, villageFilter, ...thresholdParams(asOf)]),
    q.query<Record<string, unknown>>(HOUSEHOLDS_SQL, [communeId, villageFilter, asOf]),
  ]);
  for (const row of personRows) {
    const tally = tallies.get(String(row.village_id));
    if (!tally) continue;
    PERSON_KEYS.forEach((key, i) => tally.set(key, { numerator: toNumber(row[`n_${i}`]), denominator: toNumber(row[`d_${i}`]) }));
  }
  for (const row of householdRows) {
    const tally = tallies.get(String(row.village_id));
    if (!tally) continue;
    tally.set('cashless_household', { numerator: toNumber(row.cashless), denominator: toNumber(row.households) });
    tally.set('business_cashless', { numerator: toNumber(row.businesses_cashless), denominator: toNumber(row.businesses) });
    tally.get('household_coverage')!.numerator = toNumber(row.visited);
  }
  const result = new Map<string, IndicatorCount[]>();
  for (const village of villages) {
    const tally = tallies.get(village.id)!;
    // As on the phone: the commune's expected count, not the households found.
    tally.get('household_coverage')!.denominator = village.expectedHouseholds ?? 0;
    result.set(village.id, emptyIndicatorCounts().map(({ key }) => ({ key, ...tally.get(key)! })));
  }
  return result;
}
