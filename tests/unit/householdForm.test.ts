// The household form's validation is the shared zod schema behind react-hook-form: bad input gets a
// message key a person can act on, and the parsed result is what the repository stores.
import { describe, expect, it } from 'vitest';
import { formatDateVi, parseDateVi, todayInVietnam } from '../../src/shared/dates';
import { emptyHouseholdForm, formToDraft, householdFormSchema, householdFormSchemaFor, householdToForm, newMember, type HouseholdFormValues } from '../../src/features/households/householdForm';

function validForm(): HouseholdFormValues {
  return {
    ...emptyHouseholdForm(),
    headName: 'Nguyễn Văn An',
    address: 'Số 12, Xóm Trên',
    members: [{ ...newMember('head'), fullName: 'Nguyễn Văn An', birthYear: 1980, sex: 'male' }],
  };
}

function issues(values: HouseholdFormValues) {
  const result = householdFormSchema.safeParse(values);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('householdFormSchema', () => {
  it('accepts a complete household and drops blank optional text', () => {
    const result = householdFormSchema.parse(validForm());
    expect(result).not.toHaveProperty('phone');
    expect(result).not.toHaveProperty('note');
    expect(result.members[0]).not.toHaveProperty('birthDate');
    expect(result.members[0].birthYear).toBe(1980);
  });

  it.each<[string, (v: HouseholdFormValues) => void, string, string]>([
    ['empty head name', (v) => (v.headName = '  '), 'headName', 'validation.required'],
    ['bad phone', (v) => (v.phone = '12345'), 'phone', 'validation.phone'],
    ['birth year empty', (v) => (v.members[0].birthYear = Number.NaN), 'members.0.birthYear', 'validation.birthYear'],
    ['birth year 1890', (v) => (v.members[0].birthYear = 1890), 'members.0.birthYear', 'validation.birthYear'],
    ['birth year in the future', (v) => (v.members[0].birthYear = 2999), 'members.0.birthYear', 'validation.birthYear'],
    ['birth date of another year', (v) => (v.members[0].birthDate = '01/01/1981'), 'members.0.birthDate', 'validation.birthDateYear'],
    ['member without a name', (v) => (v.members[0].fullName = ''), 'members.0.fullName', 'validation.required'],
    ['impossible birth date', (v) => (v.members[0].birthDate = '31/02/1980'), 'members.0.birthDate', 'validation.date'],
    ['birth date written the ISO way round', (v) => (v.members[0].birthDate = '1980/03/07'), 'members.0.birthDate', 'validation.date'],
    ['consent without who', (v) => ((v.consentGiven = true), (v.consentAt = '20/11/2026')), 'consentBy', 'validation.consentBy'],
    ['a NUL character pasted into a note', (v) => (v.note = 'dán\u0000vào'), 'note', 'validation.text'],
    ['a lone surrogate pasted into a name', (v) => (v.members[0].fullName = 'Lò \ud800Văn'), 'members.0.fullName', 'validation.text'],
  ])('refuses %s with a message key at the field', (_name, change, path, message) => {
    const values = validForm();
    change(values);
    expect(issues(values)).toContainEqual([path, message]);
  });

  it('reads dates typed as d/m/yyyy into ISO dates', () => {
    const values = validForm();
    values.members[0].birthDate = '7/3/1980';
    Object.assign(values, { consentGiven: true, consentAt: '20/11/2026', consentBy: 'Nguyễn Văn An' });
    const result = householdFormSchema.parse(values);
    expect(result.members[0].birthDate).toBe('1980-03-07');
    expect(result.consentAt).toBe('2026-11-20');
  });

  it.each(['0912 345 678', '0912.345.678', '0912-345-678', '(0912) 345 678'])('takes the phone number %s as people write it', (phone) => {
    const values = validForm();
    values.phone = phone;
    expect(householdFormSchema.parse(values).phone).toBe('0912345678');
  });

  it('unticked consent records no giver and no date, whatever the hidden fields still hold', () => {
    const values = validForm();
    Object.assign(values, { consentGiven: false, consentAt: '20/11/2026', consentBy: 'Nguyễn Văn An' });
    const result = householdFormSchema.parse(values);
    expect(result.consentGiven).toBe(false);
    expect(result).not.toHaveProperty('consentAt');
    expect(result).not.toHaveProperty('consentBy');
  });

  it('a birth year after this year is refused only where typed: kept as the form showed it, it passes', () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const values = validForm();
    values.members[0] = { ...values.members[0], id: 'baby', birthYear: nextYear };
    expect(householdFormSchemaFor({ birthYears: new Map([['baby', nextYear]]) }).safeParse(values).success).toBe(true);
    const typed = householdFormSchemaFor({ birthYears: new Map([['baby', 2020]]) }).safeParse(values);
    expect(typed.success ? [] : typed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['members.0.birthYear', 'validation.birthYear']]);
  });

  it('a birth or consent date after today (a slip of one digit) is refused where typed; as the form showed it, it passes', () => {
    const year = Number(todayInVietnam().slice(0, 4));
    const tomorrow = new Date(Date.now() + 36 * 3_600_000);
    const later = `${String(tomorrow.getUTCDate()).padStart(2, '0')}/${String(tomorrow.getUTCMonth() + 1).padStart(2, '0')}/${tomorrow.getUTCFullYear()}`;
    const values = validForm();
    values.members[0] = { ...values.members[0], id: 'baby', birthYear: tomorrow.getUTCFullYear(), birthDate: later };
    values.consentGiven = true;
    values.consentBy = 'Nguyễn Văn An';
    values.consentAt = later;
    const problems = (shown: Parameters<typeof householdFormSchemaFor>[0]) => {
      const result = householdFormSchemaFor(shown).safeParse(values);
      return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    const iso = parseDateVi(later)!;
    expect(problems({ birthYears: new Map([['baby', tomorrow.getUTCFullYear()]]) })).toEqual([
      ['members.0.birthDate', 'validation.futureDate'],
      ['consentAt', 'validation.futureDate'],
    ]);
    expect(problems({ birthYears: new Map([['baby', tomorrow.getUTCFullYear()]]), birthDates: new Map([['baby', iso]]), consentAt: iso })).toEqual([]);
    // Today itself is fine.
    values.members[0].birthDate = formatDateVi(todayInVietnam());
    values.members[0].birthYear = year;
    values.consentAt = formatDateVi(todayInVietnam());
    expect(problems({ birthYears: new Map() })).toEqual([]);
  });

  it('refuses a member whose sex was not chosen', () => {
    const values = validForm();
    values.members[0].sex = undefined;
    expect(issues(values).map(([path]) => path)).toEqual(['members.0.sex']);
  });

  it('round-trips a stored household through the form to a repository draft', () => {
    const household = {
      id: 'h1', villageId: 'v1', version: 4, deleted: false, updatedAt: '2026-11-01T00:00:00Z',
      address: 'Số 3', headName: 'Trần Thị Bình', phone: '0912345678', business: 'retail' as const, acceptsCashless: true,
      consentGiven: true, consentAt: '2026-10-01', consentBy: 'Trần Thị Bình',
    };
    const person = {
      ...newMember('head'), id: 'p1', villageId: 'v1', householdId: 'h1', version: 2, deleted: false, updatedAt: '2026-11-01T00:00:00Z',
      fullName: 'Trần Thị Bình', birthYear: 1975, birthDate: '1975-04-30', sex: 'female' as const, vneid: 'level2' as const,
    };
    const draft = formToDraft(householdFormSchema.parse(householdToForm(household, [person])), 'v1', 'h1');
    expect(draft.id).toBe('h1');
    expect(draft.fields).toEqual({ address: 'Số 3', headName: 'Trần Thị Bình', phone: '0912345678', business: 'retail', acceptsCashless: true, consentGiven: true, consentAt: '2026-10-01', consentBy: 'Trần Thị Bình' });
    expect(draft.members).toEqual([{ ...newMember('head'), id: 'p1', fullName: 'Trần Thị Bình', birthYear: 1975, birthDate: '1975-04-30', sex: 'female', vneid: 'level2' }]);
  });
});
