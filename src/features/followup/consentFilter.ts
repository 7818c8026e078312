// "Chưa đồng ý": households whose consent is not recorded yet. The team visits them first to ask (Law
// 91/2025/QH15: consent per household, who and when), whether or not anyone there still lacks something,
// so each is listed with its members' gaps, possibly none.
import { followUpEntries, sortFollowUpHouseholds, type FollowUpHousehold, type FollowUpHouseholdLike, type FollowUpPersonLike } from '../../shared/followup';

export function householdsWithoutConsent<H extends FollowUpHouseholdLike & { consentGiven: boolean }, P extends FollowUpPersonLike>(
  households: readonly H[],
  persons: readonly P[],
  asOf: string,
): FollowUpHousehold<H, P>[] {
  const withoutConsent = households.filter((household) => !household.deleted && !household.consentGiven);
  const withGaps = new Map(followUpEntries(withoutConsent, persons, asOf).map((entry) => [entry.household.id, entry]));
  return sortFollowUpHouseholds(withoutConsent.map((household) => withGaps.get(household.id) ?? { household, persons: [] }));
}
