// The household form's values, their validation (the shared zod schemas behind react-hook-form) and the
// conversion to the repository's draft. Kept apart from the React code so it is unit-tested directly.
import { z } from 'zod';
import { bornAfterThisYear, householdFieldsSchema, personFieldsAnyYearSchema } from '../../shared/schemas';
import { NO_STATUSES } from '../../shared/statuses';
import type { BusinessKind, Relation, Residency, Sex, SignatureStatus, SkillsStatus, SmartphoneStatus, VneidStatus } from '../../shared/statuses';
import type { Household, Person } from '../../shared/types';
import type { HouseholdBase, HouseholdDraft } from '../../db/repository';
import { formatDateVi, parseDateVi, todayInVietnam } from '../../shared/dates';

export interface MemberFormValues {
  /** The person's record id once saved; absent for a member added in this edit. */
  id?: string;
  fullName: string;
  /** A number input: NaN while empty. */
  birthYear: number;
  /** dd/mm/yyyy as typed, or '' when not known. */
  birthDate: string;
  sex: Sex | undefined;
  relation: Relation;
  residency: Residency;
  vneid: VneidStatus;
  digitalSignature: SignatureStatus;
  healthBook: boolean;
  paymentAccount: boolean;
  usesCashless: boolean;
  smartphone: SmartphoneStatus;
  digitalSkills: SkillsStatus;
  onlinePublicServices: boolean;
}

export interface HouseholdFormValues {
  address: string;
  headName: string;
  phone: string;
  business: BusinessKind;
  acceptsCashless: boolean;
  consentGiven: boolean;
  /** dd/mm/yyyy as typed. */
  consentAt: string;
  consentBy: string;
  note: string;
  members: MemberFormValues[];
}

/** Empty text means "not given": the schemas treat the field as absent. */
function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !(typeof v === 'string' ? v.trim() === '' : Number.isNaN(v))));
}

/**
 * People type dates as dd/mm/yyyy (domain.md); records hold ISO dates. Text that is not a real date is
 * passed on unchanged, so the shared schema rejects it with "validation.date".
 */
export function typedDateToIso(text: string): string {
  return parseDateVi(text) ?? text;
}

function withIsoDates<T extends Record<string, unknown>>(value: T, keys: string[]): T {
  const copy: Record<string, unknown> = { ...value };
  for (const key of keys) if (typeof copy[key] === 'string' && copy[key] !== '') copy[key] = typedDateToIso(copy[key] as string);
  return copy as T;
}

const memberFormSchema = z.preprocess(
  // householdId is assigned on save; a placeholder lets the shared person schema check everything else.
  (value) => ({ ...(blankToUndefined(withIsoDates(value as Record<string, unknown>, ['birthDate'])) as object), householdId: 'pending' }),
  personFieldsAnyYearSchema.extend({ id: z.string().optional() }),
);

/** What the form opened with: its dates are checked against today only where they were typed here. */
export interface ShownValues {
  /** Member id → birth year. */
  birthYears: ReadonlyMap<string, number>;
  /** Member id → birth date (ISO), absent when none. */
  birthDates?: ReadonlyMap<string, string | undefined>;
  consentAt?: string;
}

/**
 * The form's schema. A birth year after this year, or a birth or consent date after today (a slip of one
 * digit: "15/12" for "15/02"), is refused only where it was typed — a new member, or a value changed
 * here — so a phone whose clock is behind can still save a household holding a baby the server
 * registered this year.
 */
export function householdFormSchemaFor(shown: ShownValues) {
  return householdFormBase.superRefine((values, ctx) => {
    const today = todayInVietnam();
    values.members.forEach((member, index) => {
      if (bornAfterThisYear(member.birthYear) && (!member.id || shown.birthYears.get(member.id) !== member.birthYear)) {
        ctx.addIssue({ code: 'custom', path: ['members', index, 'birthYear'], message: 'validation.birthYear' });
      }
      if (member.birthDate && member.birthDate > today && (!member.id || shown.birthDates?.get(member.id) !== member.birthDate)) {
        ctx.addIssue({ code: 'custom', path: ['members', index, 'birthDate'], message: 'validation.futureDate' });
      }
    });
    if (values.consentAt && values.consentAt > today && values.consentAt !== shown.consentAt) {
      ctx.addIssue({ code: 'custom', path: ['consentAt'], message: 'validation.futureDate' });
    }
  });
}

const householdFormBase = z
  .preprocess(
    (value: HouseholdFormValues) => {
      const { members, ...household } = value;
      // Unticked consent records no giver and no date (the fields are hidden, their old values stay in the
      // form); a phone number is written as people say it, "0912 345 678" or "0912.345.678".
      const typed = {
        ...household,
        phone: typeof household.phone === 'string' ? household.phone.replace(/[\s.()-]/g, '') : household.phone,
        ...(household.consentGiven ? {} : { consentAt: '', consentBy: '' }),
      };
      return { ...(blankToUndefined(withIsoDates(typed, ['consentAt'])) as object), members };
    },
    // The shared schema's rules come with it: consent recorded with who gave it and when, among others.
    householdFieldsSchema.extend({ members: z.array(memberFormSchema) }),
  );

/** The form's schema for a new household (no birth year shown yet). */
export const householdFormSchema = householdFormSchemaFor({ birthYears: new Map() });

export function newMember(relation: Relation): MemberFormValues {
  return {
    fullName: '',
    birthYear: Number.NaN,
    birthDate: '',
    sex: undefined,
    relation,
    residency: 'permanent',
    ...NO_STATUSES,
  };
}

export function emptyHouseholdForm(): HouseholdFormValues {
  return {
    address: '',
    headName: '',
    phone: '',
    business: 'none',
    acceptsCashless: false,
    consentGiven: false,
    consentAt: '',
    consentBy: '',
    note: '',
    members: [],
  };
}

/** The roster in the order people expect to read it: head, spouse, parents, siblings, children, grandchildren. */
const RELATION_ORDER: Relation[] = ['head', 'spouse', 'parent', 'sibling', 'child', 'grandchild', 'other'];
export function rosterOrder(a: Person, b: Person): number {
  return RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) || a.birthYear - b.birthYear;
}

export function householdToForm(household: Household, members: Person[]): HouseholdFormValues {
  return {
    address: household.address,
    headName: household.headName,
    phone: household.phone ?? '',
    business: household.business,
    acceptsCashless: household.acceptsCashless,
    consentGiven: household.consentGiven,
    consentAt: household.consentAt ? formatDateVi(household.consentAt) : '',
    consentBy: household.consentBy ?? '',
    note: household.note ?? '',
    members: [...members].sort(rosterOrder).map((p) => ({
      id: p.id,
      fullName: p.fullName,
      birthYear: p.birthYear,
      birthDate: p.birthDate ? formatDateVi(p.birthDate) : '',
      sex: p.sex,
      relation: p.relation,
      residency: p.residency,
      vneid: p.vneid,
      digitalSignature: p.digitalSignature,
      healthBook: p.healthBook,
      paymentAccount: p.paymentAccount,
      usesCashless: p.usesCashless,
      smartphone: p.smartphone,
      digitalSkills: p.digitalSkills,
      onlinePublicServices: p.onlinePublicServices,
    })),
  };
}

type ParsedForm = z.output<typeof householdFormSchema>;

/** The validated form as the repository's draft. */
export function formToDraft(parsed: ParsedForm, villageId: string, householdId: string | undefined, base?: HouseholdBase): HouseholdDraft {
  const { members, ...fields } = parsed;
  return {
    id: householdId,
    villageId,
    fields,
    members: members.map(({ householdId: _placeholder, ...member }) => member),
    ...(base ? { base } : {}),
  };
}
