// The folded search text of a household: what the household list matches a query against. One formula
// for local saves (repository.ts) and pulled records (syncStore.ts), so a record finds the same way
// whichever phone typed it.
import { foldVietnamese } from '../shared/text';
import type { Household } from '../shared/types';

export function householdSearchText(household: Pick<Household, 'headName' | 'address' | 'phone'>, memberNames: readonly string[]): string {
  return foldVietnamese([household.headName, household.address, household.phone ?? '', ...memberNames].join(' '));
}
