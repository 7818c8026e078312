// The indicators of domain.md counted from the running totals that triggers keep up to date
// (migration 2026-11-22-zz1-indicator-counters.sql), so the answer no longer grows with the number of
// people: a village's totals are ~100 rows (one per year of birth), not its thousands of persons.
//
// Ages depend on the report date `asOf`, so persons are totalled per year of birth. For an age threshold
// N, everyone born in a year before asOf.year − N is old enough and everyone born after is not; only the
// year asOf.year − N itself is split by the birthday. Those persons with a birth date not yet reached are
// read from persons (a few per cent of the commune, through persons_birth_date_idx, grouped by status)
// and taken back out of the totals with the shared rules of src/shared/indicators.ts. Persons recorded with the year only are
// "old enough" from 1 January, as ageAt (src/shared/dates.ts) says, so they are never taken back out.
//
// tests/integration/indicators-agreement.test.ts pins these numbers to countVillageIndicators (the
// phone's module) on edge-case and random data, after creations, edits, deletions and erasure.
import {
  emptyIndicatorCounts,
  PERSON_INDICATOR_RULES,
  type IndicatorCount,
  type IndicatorKey,
  type StatusFields,
} from '../../shared/indicators';
import { COUNTED_RESIDENCIES } from '../../shared/statuses';
import { toNumber, type Queryable } from '../db/database';

const PERSON_RULES = Object.values(PERSON_INDICATOR_RULES);

/** The finite age thresholds of the person rules (14, 15, 18); health_book has none. */
const THRESHOLDS = [...new Set(PERSON_RULES.map((rule) => rule.minAge).filter(Number.isFinite))];

// The scope filter of every query: the communes ($1), and the villages ($2) or all of theirs (NULL).
const IN_SCOPE = `commune_id = ANY($1::text[]) AND ($2::text[] IS NULL OR village_id = ANY($2::text[]))`;

// Per village and person rule: the totals of the years of birth old enough at asOf, added up by the
// database (a province has ~100 years × 2,000 villages of totals). Parameters $3… hold, per threshold,
// the last year of birth old enough (asOf.year − N); health_book has no threshold: every year counts.
// Column aliases d_<i> / n_<i> by position: rule keys are code constants, never request input (and name
// the migration's columns).
const COHORTS_SQL = `
SELECT village_id,
       ${PERSON_RULES.map((rule, i) => {
         const oldEnough = Number.isFinite(rule.minAge) ? ` FILTER (WHERE birth_year <= $${3 + THRESHOLDS.indexOf(rule.minAge)}::int)` : '';
         return `COALESCE(sum(persons)${oldEnough}, 0) AS d_${i}, COALESCE(sum(${rule.key})${oldEnough}, 0) AS n_${i}`;
       }).join(',\n       ')}
FROM indicator_cohorts
WHERE ${IN_SCOPE}
GROUP BY village_id`;

/**
 * Per threshold, the counted persons born in (asOf − N years, 31/12 of that year]: the boundary year,
 * birthday not reached, so younger than N. Grouped by what the rules read, so the database sends one
 * row per village, year and combination of statuses rather than one per person.
 */
const BOUNDARY_SQL = `
SELECT village_id, extract(year FROM birth_date)::int AS birth_year, vneid, digital_signature, health_book, payment_account,
       smartphone, digital_skills, online_public_services, count(*) AS persons
FROM persons
WHERE ${IN_SCOPE} AND birth_date IS NOT NULL AND NOT deleted AND residency = ANY($3::text[])
  AND (${THRESHOLDS.map((_, i) => `(birth_date > $${4 + i * 2}::date AND birth_date <= $${5 + i * 2}::date)`).join(' OR ')})
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;

// Counted households: live (registered, not deleted) with at least one counted member. A visit counts
// once it is on or before asOf ($3).
const HOUSEHOLDS_SQL = `
SELECT village_id,
       count(*) AS households,
       count(*) FILTER (WHERE cashless_members > 0) AS cashless,
       count(*) FILTER (WHERE business) AS businesses,
       count(*) FILTER (WHERE business AND accepts_cashless) AS businesses_cashless,
       count(*) FILTER (WHERE first_visit <= $3::date) AS visited
FROM indicator_households
WHERE ${IN_SCOPE} AND live AND counted_members > 0
GROUP BY village_id`;

/** asOf minus `years` years, 29/02 becoming 28/02 in a year without one (nobody is born on a missing day). */
function minusYears(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDay = iso.slice(5) === '02-29' && !leap ? '02-28' : iso.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

function boundaryParams(asOf: string): string[] {
  return THRESHOLDS.flatMap((age) => [minusYears(asOf, age), `${minusYears(asOf, age).slice(0, 4)}-12-31`]);
}

function statusFieldsOf(row: Record<string, unknown>): StatusFields {
  return {
    vneid: row.vneid as StatusFields['vneid'],
    digitalSignature: row.digital_signature as StatusFields['digitalSignature'],
    healthBook: Boolean(row.health_book),
    paymentAccount: Boolean(row.payment_account),
    smartphone: row.smartphone as StatusFields['smartphone'],
    digitalSkills: row.digital_skills as StatusFields['digitalSkills'],
    onlinePublicServices: Boolean(row.online_public_services),
  };
}

export interface VillageForCounting {
  id: string;
  expectedHouseholds: number | null;
}

type Tally = Map<IndicatorKey, { numerator: number; denominator: number }>;

function emptyTally(): Tally {
  return new Map(emptyIndicatorCounts().map((count) => [count.key, { numerator: 0, denominator: 0 }]));
}

const FILTER_BY_VILLAGE_UP_TO = 5;

/**
 * Indicator counts of each given village at `asOf` (YYYY-MM-DD), in INDICATOR_KEYS order, equal to
 * countVillageIndicators over the village's records. `communeIds` are the communes the villages belong
 * to: one for the commune server's answers, all of a province for a province-wide count. Villages
 * without records get zeros (and their expected household count as coverage denominator).
 */
export async function countIndicatorsByVillage(
  q: Queryable,
  communeIds: string | readonly string[],
  villages: readonly VillageForCounting[],
  asOf: string,
): Promise<Map<string, IndicatorCount[]>> {
  if (villages.length === 0) return new Map();
  const communes = typeof communeIds === 'string' ? [communeIds] : [...communeIds];
  const tallies = new Map<string, Tally>(villages.map((village) => [village.id, emptyTally()]));
  const asOfYear = Number(asOf.slice(0, 4));
  // A few villages: filter by them. Many: read the communes and drop the rest here.
  const villageFilter = villages.length <= FILTER_BY_VILLAGE_UP_TO ? villages.map((village) => village.id) : null;
  const [cohortRows, boundaryRows, householdRows] = await Promise.all([
    q.query<Record<string, unknown>>(COHORTS_SQL, [communes, villageFilter, ...THRESHOLDS.map((age) => asOfYear - age)]),
    q.query<Record<string, unknown>>(BOUNDARY_SQL, [communes, villageFilter, COUNTED_RESIDENCIES, ...boundaryParams(asOf)]),
    q.query<Record<string, unknown>>(HOUSEHOLDS_SQL, [communes, villageFilter, asOf]),
  ]);
  // Everyone of a year of birth old enough...
  for (const row of cohortRows) {
    const tally = tallies.get(String(row.village_id));
    if (!tally) continue;
    PERSON_RULES.forEach((rule, i) => tally.set(rule.key, { numerator: toNumber(row[`n_${i}`]), denominator: toNumber(row[`d_${i}`]) }));
  }
  // ...minus those of the boundary year whose birthday at that age is still to come.
  for (const row of boundaryRows) {
    const tally = tallies.get(String(row.village_id));
    if (!tally) continue;
    const persons = toNumber(row.persons);
    const status = statusFieldsOf(row);
    for (const rule of PERSON_RULES) {
      if (toNumber(row.birth_year) !== asOfYear - rule.minAge) continue;
      const count = tally.get(rule.key)!;
      count.denominator -= persons;
      if (rule.achieved(status)) count.numerator -= persons;
    }
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
