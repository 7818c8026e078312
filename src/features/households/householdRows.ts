// The rows of the household list and its filters. Pure: the screen passes the village's data in.
import { gapsOf, isPillarGap } from '../../shared/followup';
import { isCountedPerson } from '../../shared/indicators';
import { foldVietnamese, matchesSearch, sortByGivenName } from '../../shared/text';
import type { Household, Person, Visit } from '../../shared/types';

export const HOUSEHOLD_FILTERS = ['all', 'notVisited', 'lacksPillar', 'noConsent'] as const;
export type HouseholdFilter = (typeof HOUSEHOLD_FILTERS)[number];

export interface HouseholdRow {
  household: Household;
  memberCount: number;
  /** Members still lacking at least one of the four pillars. */
  membersLackingPillar: number;
  visited: boolean;
  /**
   * Folded names and address; undefined while the village's members are still being read (its
   * households alone), when a search folds the head's name and the address as it goes.
   */
  searchText: string | undefined;
}

export function buildHouseholdRows(
  data: { households: Household[]; persons: Person[]; visits: Visit[]; searchText: Map<string, string> },
  asOf: string,
): HouseholdRow[] {
  const membersByHousehold = new Map<string, Person[]>();
  for (const person of data.persons) {
    const list = membersByHousehold.get(person.householdId);
    if (list) list.push(person);
    else membersByHousehold.set(person.householdId, [person]);
  }
  const visited = new Set(data.visits.map((v) => v.householdId));
  const rows = data.households.map((household) => {
    const members = membersByHousehold.get(household.id) ?? [];
    return {
      household,
      // People who moved away or died stay on the roster but are not the household's people any more.
      memberCount: members.filter(isCountedPerson).length,
      membersLackingPillar: members.filter((p) => gapsOf(p, asOf).some(isPillarGap)).length,
      visited: visited.has(household.id),
      searchText: data.searchText.get(household.id),
    };
  });
  return sortByGivenName(rows, (row) => row.household.headName);
}

function passesFilter(row: HouseholdRow, filter: HouseholdFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'notVisited':
      return !row.visited;
    case 'lacksPillar':
      return row.membersLackingPillar > 0;
    case 'noConsent':
      return !row.household.consentGiven;
  }
}

export function filterHouseholdRows(rows: HouseholdRow[], query: string, filter: HouseholdFilter): HouseholdRow[] {
  const trimmed = query.trim();
  const textOf = (row: HouseholdRow) => row.searchText ?? foldVietnamese(`${row.household.headName} ${row.household.address}`);
  return rows.filter((row) => passesFilter(row, filter) && (trimmed === '' || matchesSearch(textOf(row), trimmed)));
}
