// Labelled choices for the status toggle buttons. The value that completes a pillar is marked "good".
import type { TFunction } from 'i18next';
import {
  BUSINESS_KINDS,
  RELATIONS,
  RESIDENCIES,
  SEXES,
  SIGNATURE_STATUSES,
  SKILLS_STATUSES,
  SMARTPHONE_STATUSES,
  VNEID_STATUSES,
} from '../../shared/statuses';
import type { Choice } from '../../ui/ChoiceButtons';

function choices<V extends string>(t: TFunction, group: string, values: readonly V[], good: readonly V[] = []): Choice<V>[] {
  return values.map((value) => ({ value, label: t(`status.${group}.${value}`), tone: good.includes(value) ? 'good' : 'neutral' }));
}

export function yesNo(t: TFunction): Choice<boolean>[] {
  return [
    { value: true, label: t('common.yes'), tone: 'good' },
    { value: false, label: t('common.no') },
  ];
}

export const statusChoices = {
  sex: (t: TFunction) => choices(t, 'sex', SEXES),
  relation: (t: TFunction) => choices(t, 'relation', RELATIONS),
  residency: (t: TFunction) => choices(t, 'residency', RESIDENCIES),
  vneid: (t: TFunction) => choices(t, 'vneid', VNEID_STATUSES, ['level2']),
  digitalSignature: (t: TFunction) => choices(t, 'digitalSignature', SIGNATURE_STATUSES, ['remote', 'usb_token', 'sim', 'vneid']),
  smartphone: (t: TFunction) => choices(t, 'smartphone', SMARTPHONE_STATUSES, ['own']),
  digitalSkills: (t: TFunction) => choices(t, 'digitalSkills', SKILLS_STATUSES, ['attended', 'certified']),
  business: (t: TFunction) => choices(t, 'business', BUSINESS_KINDS),
};
