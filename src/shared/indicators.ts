// The indicators of domain.md ("Indicators: exact definitions"), computed the same way on the phone and
// on the server so that both always show the same figures. Pure: callers load the rows, this module
// only counts them.
//
// Counts, not rates, are the unit of exchange: a commune's figure is the sum of its villages' numerators
// over the sum of their denominators, never an average of rates, so rates are derived at the very end.
import { ageAt } from './dates';
import { COUNTED_RESIDENCIES } from './statuses';
import type { Household, Person, Visit } from './types';

/** Indicator keys, in the order of domain.md's table (and of every report). */
export const INDICATOR_KEYS = [
  'vneid_level2',
  'digital_signature',
  'health_book',
  'payment_account',
  'cashless_household',
  'business_cashless',
  'smartphone',
  'digital_skills',
  'online_public_services',
  'digital_citizen',
  'household_coverage',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** Default targets (rates 0..1) from domain.md; each commune may override them. */
export const DEFAULT_TARGETS: Record<IndicatorKey, number> = {
  vneid_level2: 0.8,
  digital_signature: 0.2,
  health_book: 0.7,
  payment_account: 0.8,
  cashless_household: 0.7,
  business_cashless: 0.98,
  smartphone: 0.8,
  digital_skills: 1,
  online_public_services: 0.85,
  digital_citizen: 1,
  household_coverage: 1,
};

export interface IndicatorCount {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
}

export interface IndicatorValue extends IndicatorCount {
  /** numerator / denominator; null when the denominator is 0 (nothing to measure, not 0%). */
  rate: number | null;
  target: number;
}

// Minimal shapes, so the server can pass rows holding only the columns the indicators read.
export type PersonLike = Pick<
  Person,
  | 'householdId'
  | 'birthYear'
  | 'birthDate'
  | 'residency'
  | 'deleted'
  | 'vneid'
  | 'digitalSignature'
  | 'healthBook'
  | 'paymentAccount'
  | 'usesCashless'
  | 'smartphone'
  | 'digitalSkills'
  | 'onlinePublicServices'
>;
export type HouseholdLike = Pick<Household, 'id' | 'deleted' | 'business' | 'acceptsCashless'>;
export type VisitLike = Pick<Visit, 'householdId' | 'visitedOn' | 'deleted'>;

export interface VillageIndicatorInput {
  households: readonly HouseholdLike[];
  persons: readonly PersonLike[];
  visits: readonly VisitLike[];
  /** Set by the commune; null (not set yet) gives household_coverage a denominator of 0. */
  expectedHouseholds: number | null;
}

// ---------------------------------------------------------------------------------------------------
// Who is counted

/** Counted persons: residency permanent, temporary or absent, and not deleted. */
export function isCountedPerson(person: Pick<Person, 'residency' | 'deleted'>): boolean {
  return !person.deleted && COUNTED_RESIDENCIES.includes(person.residency);
}

// ---------------------------------------------------------------------------------------------------
// The four pillars of a digital citizen (domain.md, Resolution 57-NQ/TW)

export const PILLARS = ['vneid', 'smartphone', 'digitalSkills', 'paymentAccount'] as const;
export type Pillar = (typeof PILLARS)[number];
export type PillarFields = Pick<Person, Pillar>;

export function hasPillar(person: PillarFields, pillar: Pillar): boolean {
  switch (pillar) {
    case 'vneid':
      return person.vneid === 'level2';
    case 'smartphone':
      return person.smartphone === 'own';
    case 'digitalSkills':
      return person.digitalSkills === 'attended' || person.digitalSkills === 'certified';
    case 'paymentAccount':
      return person.paymentAccount;
  }
}

export function hasAllPillars(person: PillarFields): boolean {
  return PILLARS.every((pillar) => hasPillar(person, pillar));
}

/** A usable digital signature: any kind except none and expired. */
export function hasDigitalSignature(person: Pick<Person, 'digitalSignature'>): boolean {
  return person.digitalSignature !== 'none' && person.digitalSignature !== 'expired';
}

// ---------------------------------------------------------------------------------------------------
// Person-level indicators: who is in the denominator (an age threshold) and who is in the numerator.
// followup.ts reads the same rules, so the to-do list lists exactly what the indicators count as missing.

/** The person fields the person-level indicators read. */
export type StatusFields = Pick<
  Person,
  | 'vneid'
  | 'digitalSignature'
  | 'healthBook'
  | 'paymentAccount'
  | 'smartphone'
  | 'digitalSkills'
  | 'onlinePublicServices'
>;

export type PersonIndicatorKey = Exclude<
  IndicatorKey,
  'cashless_household' | 'business_cashless' | 'household_coverage'
>;

export interface PersonIndicatorRule {
  key: PersonIndicatorKey;
  /** Counted persons of at least this age form the denominator. */
  minAge: number;
  /** Whether a person in the denominator is also in the numerator. */
  achieved: (person: StatusFields) => boolean;
}

export const PERSON_INDICATOR_RULES: Record<PersonIndicatorKey, PersonIndicatorRule> = {
  // Level 2 is possible from age 14 with a chip ID card (Decree 69/2024).
  vneid_level2: { key: 'vneid_level2', minAge: 14, achieved: (p) => hasPillar(p, 'vneid') },
  digital_signature: { key: 'digital_signature', minAge: 18, achieved: hasDigitalSignature },
  // "All counted persons": no age threshold at all, not even 0.
  health_book: { key: 'health_book', minAge: -Infinity, achieved: (p) => p.healthBook },
  payment_account: {
    key: 'payment_account',
    minAge: 15,
    achieved: (p) => hasPillar(p, 'paymentAccount'),
  },
  smartphone: { key: 'smartphone', minAge: 18, achieved: (p) => hasPillar(p, 'smartphone') },
  digital_skills: {
    key: 'digital_skills',
    minAge: 18,
    achieved: (p) => hasPillar(p, 'digitalSkills'),
  },
  online_public_services: {
    key: 'online_public_services',
    minAge: 18,
    achieved: (p) => p.onlinePublicServices,
  },
  digital_citizen: { key: 'digital_citizen', minAge: 18, achieved: hasAllPillars },
};

const PERSON_RULE_LIST: readonly PersonIndicatorRule[] = Object.values(PERSON_INDICATOR_RULES);

// ---------------------------------------------------------------------------------------------------
// Counting

type Tally = Record<IndicatorKey, number>;

function zeroTally(): Tally {
  return Object.fromEntries(INDICATOR_KEYS.map((key) => [key, 0])) as Tally;
}

function toCounts(numerators: Tally, denominators: Tally): IndicatorCount[] {
  return INDICATOR_KEYS.map((key) => ({
    key,
    numerator: numerators[key],
    denominator: denominators[key],
  }));
}

export function emptyIndicatorCounts(): IndicatorCount[] {
  return toCounts(zeroTally(), zeroTally());
}

function tallyPerson(person: PersonLike, age: number, numerators: Tally, denominators: Tally): void {
  for (const rule of PERSON_RULE_LIST) {
    if (age < rule.minAge) continue;
    denominators[rule.key] += 1;
    if (rule.achieved(person)) numerators[rule.key] += 1;
  }
}

/** Households with at least one non-deleted visit on or before asOf (a later visit is not yet done). */
function householdsVisitedBy(visits: readonly VisitLike[], asOf: string): Set<string> {
  const visited = new Set<string>();
  for (const visit of visits) {
    if (!visit.deleted && visit.visitedOn <= asOf) visited.add(visit.householdId);
  }
  return visited;
}

/**
 * The indicator counts of one village at the report date `asOf` (YYYY-MM-DD), in INDICATOR_KEYS order.
 * One pass over persons, one over visits, one over households (sets, no nested loops): it runs on
 * 50,000 people on a phone.
 */
export function countVillageIndicators(input: VillageIndicatorInput, asOf: string): IndicatorCount[] {
  const numerators = zeroTally();
  const denominators = zeroTally();
  const householdsWithCountedMember = new Set<string>();
  const householdsWithCashlessMember = new Set<string>();

  for (const person of input.persons) {
    if (!isCountedPerson(person)) continue;
    householdsWithCountedMember.add(person.householdId);
    if (person.usesCashless) householdsWithCashlessMember.add(person.householdId);
    tallyPerson(person, ageAt(person, asOf), numerators, denominators);
  }

  const visited = householdsVisitedBy(input.visits, asOf);
  for (const household of input.households) {
    if (household.deleted || !householdsWithCountedMember.has(household.id)) continue;
    denominators.cashless_household += 1;
    if (householdsWithCashlessMember.has(household.id)) numerators.cashless_household += 1;
    if (household.business !== 'none') {
      denominators.business_cashless += 1;
      if (household.acceptsCashless) numerators.business_cashless += 1;
    }
    if (visited.has(household.id)) numerators.household_coverage += 1;
  }
  // The commune's expected count, not the households found: coverage measures how many of the village's
  // households the team has reached, including those not yet registered at all.
  denominators.household_coverage = input.expectedHouseholds ?? 0;

  return toCounts(numerators, denominators);
}

/** A commune's (or any group's) counts: the sums of its villages' numerators and denominators. */
export function sumIndicatorCounts(lists: readonly (readonly IndicatorCount[])[]): IndicatorCount[] {
  const numerators = zeroTally();
  const denominators = zeroTally();
  for (const counts of lists) {
    for (const count of counts) {
      numerators[count.key] += count.numerator;
      denominators[count.key] += count.denominator;
    }
  }
  return toCounts(numerators, denominators);
}

/** Rate and target for each count; targets not given fall back to DEFAULT_TARGETS. */
export function withRates(
  counts: readonly IndicatorCount[],
  targets: Partial<Record<IndicatorKey, number>> = {},
): IndicatorValue[] {
  return counts.map((count) => ({
    ...count,
    rate: count.denominator === 0 ? null : count.numerator / count.denominator,
    target: targets[count.key] ?? DEFAULT_TARGETS[count.key],
  }));
}
