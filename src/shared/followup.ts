// The follow-up list: what each person still lacks, the team's to-do for the next round of visits.
// A gap is exactly "in an indicator's denominator but not its numerator" (indicators.ts rules), so
// closing every gap on the list is what moves the village's figures, and nothing else is listed.
import { ageAt } from './dates';
import {
  isCountedPerson,
  PERSON_INDICATOR_RULES,
  PILLARS,
  type PersonIndicatorRule,
  type StatusFields,
} from './indicators';
import { compareByGivenName, sortByGivenName, viCollator } from './text';
import type { Household, Person } from './types';

/** Gaps are named by the person field that records them, in the order the form shows the fields. */
export const GAPS = [
  'vneid',
  'digitalSignature',
  'healthBook',
  'paymentAccount',
  'smartphone',
  'digitalSkills',
  'onlinePublicServices',
] as const;
export type Gap = (typeof GAPS)[number];

// digital_citizen is not a gap of its own: it is closed by closing the four pillar gaps.
const RULE_OF_GAP: Record<Gap, PersonIndicatorRule> = {
  vneid: PERSON_INDICATOR_RULES.vneid_level2,
  digitalSignature: PERSON_INDICATOR_RULES.digital_signature,
  healthBook: PERSON_INDICATOR_RULES.health_book,
  paymentAccount: PERSON_INDICATOR_RULES.payment_account,
  smartphone: PERSON_INDICATOR_RULES.smartphone,
  digitalSkills: PERSON_INDICATOR_RULES.digital_skills,
  onlinePublicServices: PERSON_INDICATOR_RULES.online_public_services,
};

/** True for the gaps that stand between a person and being a digital citizen (the four pillars). */
export function isPillarGap(gap: Gap): boolean {
  return (PILLARS as readonly string[]).includes(gap);
}

export type GapPersonLike = Pick<Person, 'birthYear' | 'birthDate' | 'residency' | 'deleted'> &
  StatusFields;

/**
 * What a person still lacks at `asOf`, in GAPS order. Only counted persons have gaps (someone who moved
 * away or died is not on the to-do list), and only the gaps the indicators count at that age:
 * a 13-year-old lacks no VNeID account, a 16-year-old no digital signature.
 */
export function gapsOf(person: GapPersonLike, asOf: string): Gap[] {
  if (!isCountedPerson(person)) return [];
  const age = ageAt(person, asOf);
  return GAPS.filter((gap) => {
    const rule = RULE_OF_GAP[gap];
    return age >= rule.minAge && !rule.achieved(person);
  });
}

export type FollowUpHouseholdLike = Pick<Household, 'id' | 'headName' | 'deleted'> &
  Partial<Pick<Household, 'address'>>;
export type FollowUpPersonLike = GapPersonLike & Pick<Person, 'householdId' | 'fullName'>;

export interface FollowUpFilter {
  /** Keep only the persons lacking this. */
  gap?: Gap;
}

export interface FollowUpPerson<P> {
  person: P;
  /** All of the person's gaps, also when the list is filtered by one of them. */
  gaps: Gap[];
}

export interface FollowUpHousehold<H, P> {
  household: H;
  persons: FollowUpPerson<P>[];
}

/**
 * The follow-up list: non-deleted households, ordered by the head's name (given name first, as
 * Vietnamese lists are), each with its persons who have at least one gap, ordered by given name.
 * Households with nobody to follow up are left out. With `filter.gap`, only persons lacking that
 * remain (for "who still needs VNeID level 2?").
 */
export function followUpList<H extends FollowUpHouseholdLike, P extends FollowUpPersonLike>(
  households: readonly H[],
  persons: readonly P[],
  asOf: string,
  filter: FollowUpFilter = {},
): FollowUpHousehold<H, P>[] {
  return sortFollowUpHouseholds(followUpEntries(households, persons, asOf, filter));
}

/**
 * followUpList's entries in the order of `households`, for a caller that merges them into a list of its
 * own and sorts that once (the "Chưa đồng ý" filter).
 */
export function followUpEntries<H extends FollowUpHouseholdLike, P extends FollowUpPersonLike>(
  households: readonly H[],
  persons: readonly P[],
  asOf: string,
  filter: FollowUpFilter = {},
): FollowUpHousehold<H, P>[] {
  const byHousehold = personsWithGapsByHousehold(persons, asOf, filter);
  const entries: FollowUpHousehold<H, P>[] = [];
  for (const household of households) {
    const members = household.deleted ? undefined : byHousehold.get(household.id);
    if (!members) continue;
    members.sort((a, b) => compareByGivenName(a.person.fullName, b.person.fullName));
    entries.push({ household, persons: members });
  }
  return entries;
}

/**
 * Follow-up entries by their head's name, given name first; two heads with the same name are told apart
 * by their address. Keyed once per household: 7,350 households took ~210 ms with a comparator that found
 * both given names in every comparison, ~170 ms this way (desktop Node).
 */
export function sortFollowUpHouseholds<E extends { household: FollowUpHouseholdLike }>(entries: readonly E[]): E[] {
  return sortByGivenName(entries, (entry) => entry.household.headName, (a, b) => viCollator.compare(a.household.address ?? '', b.household.address ?? ''));
}

/** One pass over persons, grouped by household id (no scan of persons per household). */
function personsWithGapsByHousehold<P extends FollowUpPersonLike>(
  persons: readonly P[],
  asOf: string,
  filter: FollowUpFilter,
): Map<string, FollowUpPerson<P>[]> {
  const byHousehold = new Map<string, FollowUpPerson<P>[]>();
  for (const person of persons) {
    const gaps = gapsOf(person, asOf);
    if (gaps.length === 0) continue;
    if (filter.gap && !gaps.includes(filter.gap)) continue;
    const members = byHousehold.get(person.householdId);
    if (members) members.push({ person, gaps });
    else byHousehold.set(person.householdId, [{ person, gaps }]);
  }
  return byHousehold;
}

