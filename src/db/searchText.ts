// The folded search text of a household: what the household list matches a query against. One formula
// for local saves (repository.ts), pulled records read back (syncStore.ts) and households without a
// stored entry, computed when the village is read (villageLive.ts; a first download writes none, pullRun.ts),
// so a record finds the same way whichever phone typed it and however it was computed.
import { foldVietnamese } from '../shared/text';
import type { Household } from '../shared/types';
import { compareById } from '../shared/ids';

/** A living member as the search text reads them. */
export interface MemberName {
  id: string;
  fullName: string;
}

/** Members' names in person-id order (the householdId index's order), whatever order they come in. */
export function householdSearchText(household: Pick<Household, 'headName' | 'address' | 'phone'>, members: readonly MemberName[]): string {
  const names = [...members].sort(compareById).map((member) => member.fullName);
  return foldVietnamese([household.headName, household.address, household.phone ?? '', ...names].join(' '));
}
