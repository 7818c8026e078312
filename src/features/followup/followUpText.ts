// The follow-up list as plain text, for sharing to a village meeting (Zalo, SMS) where printing is not
// possible. Only names, ages and what is lacking: no phone numbers, no statuses beyond the gaps.
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
  list.forEach(({ household, persons }, index) => {
    lines.push(`${index + 1}. ${household.headName} – ${household.address}`);
    for (const { person, gaps } of persons) {
      lines.push(`   • ${person.fullName} (${t('followUp.age', { age: ageAt(person, asOf) })}): ${gaps.map((g) => t(`gap.${g}`)).join(', ')}`);
    }
  });
  return lines.join('\n');
}
