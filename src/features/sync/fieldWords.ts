// Field names and values in words people use, reusing the labels of the household form (members.*,
// household.*, consent.*, visits.*) and the status names (status.*), for the parked list and conflicts.
import type { TFunction } from 'i18next';
import type { Entity } from '../../shared/statuses';
import { formatDateVi } from '../../shared/dates';

const LABEL_KEYS: Record<Entity, Record<string, string>> = {
  household: {
    address: 'household.address', headName: 'household.headName', phone: 'household.phone', business: 'household.business',
    acceptsCashless: 'household.acceptsCashless', note: 'household.note', consentGiven: 'consent.given', consentAt: 'consent.at', consentBy: 'consent.by',
  },
  person: {
    householdId: 'members.household', fullName: 'members.fullName', birthYear: 'members.birthYear', birthDate: 'members.birthDate', sex: 'members.sex', relation: 'members.relation',
    residency: 'members.residency', vneid: 'members.vneid', digitalSignature: 'members.digitalSignature', healthBook: 'members.healthBook',
    paymentAccount: 'members.paymentAccount', usesCashless: 'members.usesCashless', smartphone: 'members.smartphone',
    digitalSkills: 'members.digitalSkills', onlinePublicServices: 'members.onlinePublicServices',
  },
  visit: { visitedOn: 'visits.date', personId: 'visits.person', note: 'visits.note', helpedWith: 'visits.helpedWith' },
};

export function fieldLabel(t: TFunction, entity: Entity, field: string): string {
  const key = LABEL_KEYS[entity][field];
  return key ? t(key) : field;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function valueInWords(t: TFunction, exists: (key: string) => boolean, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('conflicts.blank');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.length === 0 ? t('conflicts.blank') : value.map((item) => (exists(`help.${item}`) ? t(`help.${item}`) : String(item))).join(', ');
  if (typeof value === 'string') {
    if (exists(`status.${field}.${value}`)) return t(`status.${field}.${value}`);
    if (ISO_DATE.test(value)) return formatDateVi(value);
  }
  return String(value);
}
