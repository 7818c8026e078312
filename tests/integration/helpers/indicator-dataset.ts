// A dataset with every edge of domain.md's indicator definitions, as sync mutations a phone would push.
// Report date 2026-11-30. The expected figures at that date are worked out by hand at the end of this
// file (literal numbers, not computed by the code under test); comments name the edge each record stands for.
import { randomUUID } from 'node:crypto';
import { INDICATOR_KEYS, type IndicatorKey } from '../../../src/shared/indicators';
import type { HouseholdFields, PersonFields } from '../../../src/shared/types';
import { mutation, newHousehold, newPerson, type TestMutation } from './fixtures';

export const EDGE_AS_OF = '2026-11-30';

/** Someone who has nothing yet; each person below states what they have. */
const LACKING: Partial<PersonFields> = {
  vneid: 'none', digitalSignature: 'none', healthBook: false, paymentAccount: false, usesCashless: false,
  smartphone: 'none', digitalSkills: 'none', onlinePublicServices: false,
};
const COMPLETE: Partial<PersonFields> = {
  vneid: 'level2', digitalSignature: 'remote', healthBook: true, paymentAccount: true, usesCashless: true,
  smartphone: 'own', digitalSkills: 'attended', onlinePublicServices: true,
};

export interface EdgeDataset {
  /** Mutations per village: pushed by that village's member, in order. */
  villageA: TestMutation[];
  villageB: TestMutation[];
}

function builders(villageId: string, out: TestMutation[]) {
  return {
    household(overrides: Partial<HouseholdFields> = {}): string {
      const m = newHousehold(villageId, overrides);
      out.push(m);
      return m.recordId;
    },
    person(householdId: string, overrides: Partial<PersonFields>): string {
      const m = newPerson(villageId, householdId, { birthYear: 1980, birthDate: undefined, residency: 'permanent', ...LACKING, ...overrides });
      out.push(m);
      return m.recordId;
    },
    visit(householdId: string, visitedOn: string): string {
      const m = mutation({ entity: 'visit', recordId: randomUUID(), villageId, fields: { householdId, visitedOn, helpedWith: [] } });
      out.push(m);
      return m.recordId;
    },
    remove(entity: 'household' | 'person' | 'visit', recordId: string): void {
      out.push(mutation({ entity, recordId, villageId, op: 'delete', baseVersion: 1 }));
    },
  };
}

export function edgeDataset(villageAId: string, villageBId: string): EdgeDataset {
  const villageA: TestMutation[] = [];
  const a = builders(villageAId, villageA);
  // A1: no business; visited before asOf.
  const a1 = a.household({ business: 'none' });
  a.person(a1, { fullName: 'Nguyễn Văn Một', relation: 'head', ...COMPLETE }); // 46, a digital citizen
  a.person(a1, { fullName: 'Nguyễn Thị Hai', relation: 'child', birthYear: 2012, birthDate: '2012-12-01', vneid: 'level2', healthBook: true, paymentAccount: true }); // 13: birthday tomorrow
  a.person(a1, { fullName: 'Nguyễn Văn Ba', relation: 'child', birthYear: 2012, birthDate: '2012-11-30', vneid: 'level2', paymentAccount: true }); // 14 today
  a.person(a1, { fullName: 'Nguyễn Văn Bốn', relation: 'child', birthYear: 2011, paymentAccount: true }); // 15 by birthYear only
  a.visit(a1, '2026-11-20');
  // A2: retail accepting cashless; its only visits are after asOf or deleted.
  const a2 = a.household({ business: 'retail', acceptsCashless: true });
  a.person(a2, { fullName: 'Trần Văn Năm', birthYear: 2008, birthDate: '2008-12-31', smartphone: 'own', digitalSignature: 'sim', vneid: 'level2_pending' }); // 17: 18 by year only
  a.person(a2, { fullName: 'Trần Thị Sáu', birthYear: 2008, birthDate: '2008-11-30', digitalSignature: 'expired', smartphone: 'own', digitalSkills: 'certified', vneid: 'level2', paymentAccount: true }); // 18 today, all four pillars
  a.person(a2, { fullName: 'Trần Văn Bảy', residency: 'moved', ...COMPLETE }); // not counted
  a.person(a2, { fullName: 'Trần Văn Tám', residency: 'deceased', ...COMPLETE }); // not counted
  const deletedPerson = a.person(a2, { fullName: 'Trần Văn Chín', ...COMPLETE }); // deleted below
  a.remove('person', deletedPerson);
  a.visit(a2, '2026-12-05'); // after asOf
  const deletedVisit = a.visit(a2, '2026-11-10');
  a.remove('visit', deletedVisit);
  // A3: retail not accepting cashless; visited on asOf itself.
  const a3 = a.household({ business: 'retail', acceptsCashless: false });
  a.person(a3, { fullName: 'Lê Văn Mười', birthYear: 2008, residency: 'absent', usesCashless: true, digitalSignature: 'usb_token', smartphone: 'shared', digitalSkills: 'enrolled' }); // 18 by birthYear only
  a.visit(a3, '2026-11-30');
  // A4: a business whose only member moved away: not a counted household, even visited.
  const a4 = a.household({ business: 'other', acceptsCashless: true });
  a.person(a4, { fullName: 'Phạm Văn Đi', residency: 'moved', usesCashless: true });
  a.visit(a4, '2026-11-01');
  // A5: deleted household whose member was not deleted: the member still counts, the household not.
  const a5 = a.household({ business: 'retail', acceptsCashless: true });
  a.person(a5, { fullName: 'Hoàng Thị Còn', birthYear: 1996, healthBook: true, usesCashless: true });
  a.visit(a5, '2026-11-02');
  a.remove('household', a5);

  const villageB: TestMutation[] = [];
  const b = builders(villageBId, villageB);
  const b1 = b.household({ business: 'none' });
  b.person(b1, { fullName: 'Đỗ Văn Một', relation: 'child', birthYear: 2012, vneid: 'level2' }); // 14 by birthYear only
  b.person(b1, { fullName: 'Đỗ Thị Hai', relation: 'child', birthYear: 2013, vneid: 'level2' }); // 13
  b.person(b1, { fullName: 'Đỗ Văn Ba', relation: 'child', birthYear: 2011, birthDate: '2011-12-15', paymentAccount: true, vneid: 'level1' }); // 14: 15 by year only
  b.person(b1, { fullName: 'Đỗ Văn Bốn', relation: 'child', birthYear: 2009, birthDate: '2009-01-10' }); // 17
  b.person(b1, { fullName: 'Đỗ Văn Năm', relation: 'parent', birthYear: 1950, ...COMPLETE, digitalSignature: 'vneid', usesCashless: false, digitalSkills: 'certified', onlinePublicServices: false }); // 76, digital citizen
  b.person(b1, { fullName: 'Đỗ Thị Sáu', relation: 'spouse', birthYear: 1990, residency: 'temporary', smartphone: 'basic_phone', paymentAccount: true, usesCashless: true });
  b.visit(b1, '2026-11-29');
  const b2 = b.household({ business: 'retail', acceptsCashless: true });
  b.person(b2, { fullName: 'Vũ Văn Bảy', birthYear: 1985, vneid: 'locked' });
  const b2Visit = b.visit(b2, '2026-11-30');
  b.remove('visit', b2Visit);
  // B3: a household with nobody in it yet: not counted, even visited.
  const b3 = b.household({ business: 'retail', acceptsCashless: true });
  b.visit(b3, '2026-11-15');
  const b4 = b.household({ business: 'other', acceptsCashless: false });
  b.person(b4, { fullName: 'Bùi Văn Tám', birthYear: 1970, digitalSignature: 'vneid', onlinePublicServices: true, paymentAccount: true });
  b.visit(b4, '2026-10-01');
  b.visit(b4, '2026-11-01'); // two visits, one household
  return { villageA, villageB };
}

// ---------------------------------------------------------------------------------------------------
// The figures at EDGE_AS_OF, by hand. Villages: A "Thôn A Đông" (10 households expected), B "Thôn B Tây"
// (none expected), C "Thôn C Mới" (5 expected, empty).

export type Fractions = Record<IndicatorKey, [numerator: number, denominator: number]>;

// Village A (10 households expected). Counted persons: a1 46, a2 13, a3 14, a4 15, a5 17, a6 18, a10 18
// (absent), a12 30 (in the deleted household A5) = 8. Moved, deceased and deleted persons are out.
export const EDGE_VILLAGE_A: Fractions = {
  vneid_level2: [3, 7], // ≥14: all but a2; level2: a1, a3, a6 (a2 has it but is 13)
  digital_signature: [2, 4], // ≥18: a1, a6, a10, a12; a1 remote, a10 usb_token (a6 expired, a5 sim but 17)
  health_book: [3, 8], // a1, a2, a12
  payment_account: [3, 6], // ≥15: a1, a4, a5, a6, a10, a12; has: a1, a4, a6 (a2, a3 too young)
  cashless_household: [2, 3], // counted households A1, A2, A3 (A4 only moved, A5 deleted); A1 a1, A3 a10
  business_cashless: [1, 2], // A2 retail accepts, A3 retail does not (A4 other: not counted)
  smartphone: [2, 4], // a1, a6 own (a10 shared)
  digital_skills: [2, 4], // a1 attended, a6 certified (a10 enrolled)
  online_public_services: [1, 4], // a1
  digital_citizen: [2, 4], // a1, a6
  household_coverage: [2, 10], // A1 (20/11), A3 (30/11 = asOf); A2's visits are after asOf or deleted
};
// Village B (no expected count). Counted: b1 14, b2 13, b3 14, b4 17, b5 76, b6 36 (temporary), b7 41, b8 56.
export const EDGE_VILLAGE_B: Fractions = {
  vneid_level2: [2, 7], // ≥14: all but b2; level2: b1, b5
  digital_signature: [2, 4], // ≥18: b5, b6, b7, b8; b5 and b8 vneid
  health_book: [1, 8], // b5
  payment_account: [3, 5], // ≥15: b4, b5, b6, b7, b8 (b3 is 14 by birth date); has: b5, b6, b8
  cashless_household: [1, 3], // B1, B2, B4 (B3 has nobody); B1 via b6
  business_cashless: [1, 2], // B2 retail accepts, B4 other does not
  smartphone: [1, 4], // b5
  digital_skills: [1, 4], // b5
  online_public_services: [1, 4], // b8
  digital_citizen: [1, 4], // b5
  household_coverage: [2, 0], // B1, B4 visited (B2's visit deleted, B3 not counted); nothing expected yet
};
// Village C: created with 5 households expected, nothing entered yet.
export const EDGE_VILLAGE_C: Fractions = { ...Object.fromEntries(INDICATOR_KEYS.map((key) => [key, [0, 0]])), household_coverage: [0, 5] } as Fractions;
// The commune: sums of numerators over sums of denominators (never an average of rates).
export const EDGE_COMMUNE: Fractions = {
  vneid_level2: [5, 14],
  digital_signature: [4, 8],
  health_book: [4, 16],
  payment_account: [6, 11],
  cashless_household: [3, 6],
  business_cashless: [2, 4],
  smartphone: [3, 8],
  digital_skills: [3, 8],
  online_public_services: [2, 8],
  digital_citizen: [3, 8],
  household_coverage: [4, 15],
};

