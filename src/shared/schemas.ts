// One zod schema per entity, used at every trust boundary: the forms (resolver), the local repository
// before a save, the server's push handler and the import. Field names are those of domain.md.
import { z } from 'zod';
import {
  BUSINESS_KINDS,
  HELP_TOPICS,
  RELATIONS,
  RESIDENCIES,
  SEXES,
  SIGNATURE_STATUSES,
  SKILLS_STATUSES,
  SMARTPHONE_STATUSES,
  VNEID_STATUSES,
  type Entity,
} from './statuses';
import { currentYearInVietnam, isValidIsoDate } from './dates';
import { isStorableText } from './text';
import type { Household, HouseholdFields, Person, PersonFields, Visit, VisitFields } from './types';

// Error messages are i18n keys (see src/i18n/locales), so the phone shows them in the user's language
// and the server returns them as stable codes.
const isoDate = z.string().refine(isValidIsoDate, { message: 'validation.date' });
const text = (max: number) =>
  z.string({ message: 'validation.required' }).trim().max(max, { message: 'validation.tooLong' }).refine(isStorableText, { message: 'validation.text' });
const requiredText = (max: number) => text(max).min(1, { message: 'validation.required' });
const id = z.string().min(1).max(64);

const householdObject = z.strictObject({
  address: requiredText(200),
  headName: requiredText(120),
  phone: z
    .string()
    .trim()
    .regex(/^(\+84|0)[0-9]{8,10}$/, { message: 'validation.phone' })
    .optional(),
  business: z.enum(BUSINESS_KINDS),
  acceptsCashless: z.boolean(),
  consentGiven: z.boolean(),
  consentAt: isoDate.optional(),
  consentBy: text(120).optional(),
  note: text(1000).optional(),
});

/**
 * Consent is recorded with who gave it and when (domain.md, personal data): checked where a household is
 * written (a form, a push, an import, a review), not on stored records, which phones check when they
 * pull (a record written before this rule must still reach them).
 */
function consentRecorded(household: { consentGiven?: boolean; consentAt?: string; consentBy?: string }, ctx: z.RefinementCtx) {
  if (!household.consentGiven) return;
  if (!household.consentBy) ctx.addIssue({ code: 'custom', path: ['consentBy'], message: 'validation.consentBy' });
  if (!household.consentAt) ctx.addIssue({ code: 'custom', path: ['consentAt'], message: 'validation.required' });
}

export const householdFieldsSchema = householdObject.superRefine(consentRecorded);

/** Consent's three fields: one fact, written and reviewed together. */
export const CONSENT_FIELDS = ['consentGiven', 'consentAt', 'consentBy'] as const;

/**
 * The whole-record schema for a write that changes `touched`: the write-time rules, except that consent
 * is checked only when the write touches it — a household stored before that rule keeps taking other
 * changes (an address, a review of another field).
 */
export function wholeSchemaFor(entity: Entity, touched: readonly string[]) {
  if (entity === 'household' && !touched.some((field) => (CONSENT_FIELDS as readonly string[]).includes(field))) return householdObject;
  return fieldSchemas[entity].whole;
}

const personObject = z.strictObject({
  householdId: id,
  fullName: requiredText(120),
  // No later than this year is checked where a birth year is written (notBornLater below), not on a
  // stored record: a phone whose clock is still in last year must not refuse a pulled page with a baby
  // born this year.
  birthYear: z
    .number({ message: 'validation.birthYear' })
    .int({ message: 'validation.birthYear' })
    .min(1900, { message: 'validation.birthYear' })
    .max(9999, { message: 'validation.birthYear' }),
  birthDate: isoDate.optional(),
  sex: z.enum(SEXES),
  relation: z.enum(RELATIONS),
  residency: z.enum(RESIDENCIES),
  vneid: z.enum(VNEID_STATUSES),
  digitalSignature: z.enum(SIGNATURE_STATUSES),
  healthBook: z.boolean(),
  paymentAccount: z.boolean(),
  usesCashless: z.boolean(),
  smartphone: z.enum(SMARTPHONE_STATUSES),
  digitalSkills: z.enum(SKILLS_STATUSES),
  onlinePublicServices: z.boolean(),
});

/** Checks that need more than one field; run on whole records (after merging a partial change). */
function birthDateMatchesYear(person: { birthYear?: number; birthDate?: string }, ctx: z.RefinementCtx) {
  if (person.birthDate && person.birthYear !== undefined && Number(person.birthDate.slice(0, 4)) !== person.birthYear) {
    ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'validation.birthDateYear' });
  }
}

/** A birth year after this year, by the writer's clock (Vietnam's calendar). */
export function bornAfterThisYear(birthYear: number, now: Date = new Date()): boolean {
  return birthYear > currentYearInVietnam(now);
}

/** Where a birth year is written (a form, a push, an import): not after this year, by the writer's clock. */
function notBornLater(person: { birthYear?: number }, ctx: z.RefinementCtx) {
  if (person.birthYear !== undefined && bornAfterThisYear(person.birthYear)) {
    ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'validation.birthYear' });
  }
}

export const personFieldsSchema = personObject.superRefine((person, ctx) => {
  notBornLater(person, ctx);
  birthDateMatchesYear(person, ctx);
});

/**
 * A person's fields without the rule that depends on today's date: for the phone, which checks that rule
 * only on a birth year the member types (a clock a year behind must not stop a household being saved
 * because of a baby the server registered this year).
 */
export const personFieldsAnyYearSchema = personObject.superRefine(birthDateMatchesYear);

export const visitFieldsSchema = z.strictObject({
  householdId: id,
  visitedOn: isoDate,
  personId: id.optional(),
  note: text(1000).optional(),
  helpedWith: z.array(z.enum(HELP_TOPICS)).max(HELP_TOPICS.length),
});

/**
 * Partial field sets, as carried by a sync mutation (only the changed fields). Unknown fields are
 * rejected because the objects are strict. Clearing an optional field (a phone number removed) travels
 * as `null`, which the receiver stores as "absent".
 */
export const householdChangeSchema = householdObject.partial().extend({
  phone: householdObject.shape.phone.unwrap().nullable().optional(),
  consentAt: isoDate.nullable().optional(),
  consentBy: text(120).nullable().optional(),
  note: text(1000).nullable().optional(),
});
export const personChangeSchema = personObject
  .partial()
  .extend({ birthDate: isoDate.nullable().optional() })
  .superRefine((change, ctx) => {
    notBornLater(change, ctx);
    birthDateMatchesYear({ ...change, birthDate: change.birthDate ?? undefined }, ctx);
  });
export const visitChangeSchema = visitFieldsSchema.partial().extend({
  personId: id.nullable().optional(),
  note: text(1000).nullable().optional(),
});

/** A change's field values: `null` clears an optional field (JSON has no `undefined`). */
export type FieldChange<T> = { [K in keyof T]?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

const syncMeta = {
  id,
  villageId: id,
  version: z.number().int().min(0),
  deleted: z.boolean(),
  updatedAt: z.string(),
};

export const householdSchema = householdObject.extend(syncMeta);
export const personSchema = personObject.extend(syncMeta).superRefine(birthDateMatchesYear);
export const visitSchema = visitFieldsSchema.extend(syncMeta);

export const villageSchema = z.strictObject({
  id,
  name: requiredText(120),
  code: text(20).optional(),
  expectedHouseholds: z.number().int().min(0).max(100_000).nullable(),
});

/** Schemas of each synced entity's fields, by entity name (used by push validation). */
export const fieldSchemas = {
  household: { whole: householdFieldsSchema, change: householdChangeSchema },
  person: { whole: personFieldsSchema, change: personChangeSchema },
  visit: { whole: visitFieldsSchema, change: visitChangeSchema },
} as const;

// Compile-time proof that the schemas and the hand-written types in types.ts describe the same shapes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertTrue = <T extends true>(value: T) => value;
assertTrue<Same<z.infer<typeof householdFieldsSchema>, HouseholdFields>>(true);
assertTrue<Same<z.infer<typeof personFieldsSchema>, PersonFields>>(true);
assertTrue<Same<z.infer<typeof visitFieldsSchema>, VisitFields>>(true);
assertTrue<Same<z.infer<typeof householdSchema>, Household>>(true);
assertTrue<Same<z.infer<typeof personSchema>, Person>>(true);
assertTrue<Same<z.infer<typeof visitSchema>, Visit>>(true);
