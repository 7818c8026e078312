// The follow-up list as plain text, for sharing to a village meeting (Zalo, SMS) where printing is not
// possible. Only names, ages and what is lacking: no phone numbers, no statuses beyond the gaps. Text sent
// through another app leaves the phone's control, so households that have not consented to their data
// being recorded are left out (and counted at the end, so the team knows whom to ask).
import type { TFunction } from 'i18next';
import { ageAt, formatDateVi } from '../../shared/dates';
import type { FollowUpHousehold, Gap } from '../../shared/followup';
import type { Household, Person } from '../../shared/types';

export function followUpText(
  list: FollowUpHousehold<Household, Person>[],
  options: { t: TFunction; asOf: string; villageName: string; gap?: Gap },
): string {
  const { t, asOf, villageName, gap } = options;
  const title = t('followUp.shareTitle', { village: villageName, date: formatDateVi(asOf) });
  const scope = gap ? t('followUp.shareOnly', { gap: t(`gap.${gap}`) }) : '';
  const lines = [title, ...(scope ? [scope] : []), ''];
  const consenting = list.filter(({ household }) => household.consentGiven);
  consenting.forEach(({ household, persons }, index) => {
    lines.push(`${index + 1}. ${household.headName} – ${household.address}`);
    for (const { person, gaps } of persons) {
      lines.push(`   • ${person.fullName} (${t('followUp.age', { age: ageAt(person, asOf) })}): ${gaps.map((g) => t(`gap.${g}`)).join(', ')}`);
    }
  });
  const leftOut = list.length - consenting.length;
  if (leftOut > 0) lines.push('', t('followUp.shareLeftOut', { count: leftOut }));
  return lines.join('\n');
}
