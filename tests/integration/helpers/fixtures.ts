// Valid records and mutations, so each test states only what matters to it.
import { randomUUID } from 'node:crypto';
import type { HouseholdFields, PersonFields, VisitFields } from '../../../src/shared/types';
import type { Mutation } from '../../../src/shared/protocol';

export function householdFields(overrides: Partial<HouseholdFields> = {}): HouseholdFields {
  return { address: 'Thôn Đông, số 12', headName: 'Nguyễn Văn An', business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Nguyễn Văn An', ...overrides };
}

export function personFields(householdId: string, overrides: Partial<PersonFields> = {}): PersonFields {
  return {
    householdId, fullName: 'Trần Thị Bình', birthYear: 1985, sex: 'female', relation: 'spouse', residency: 'permanent',
    vneid: 'level1', digitalSignature: 'none', healthBook: false, paymentAccount: true, usesCashless: false,
    smartphone: 'own', digitalSkills: 'none', onlinePublicServices: false, ...overrides,
  };
}

export function visitFields(householdId: string, overrides: Partial<VisitFields> = {}): VisitFields {
  return { householdId, visitedOn: '2026-11-20', helpedWith: ['vneid'], ...overrides };
}

type MutationInput = Omit<Mutation, 'id' | 'clientTime' | 'baseVersion' | 'op' | 'fields'> & Partial<Pick<Mutation, 'id' | 'clientTime' | 'baseVersion' | 'op' | 'fields'>>;

export type TestMutation = Mutation & { fields: Record<string, unknown> };

/** A mutation with a fresh id; clientTime defaults to now. */
export function mutation(input: MutationInput): TestMutation {
  return { id: randomUUID(), op: 'upsert', baseVersion: 0, fields: {}, clientTime: new Date().toISOString(), ...input };
}

export function newHousehold(villageId: string, overrides: Partial<HouseholdFields> = {}, recordId = randomUUID()): TestMutation {
  return mutation({ entity: 'household', recordId, villageId, fields: { ...householdFields(overrides) } });
}

export function newPerson(villageId: string, householdId: string, overrides: Partial<PersonFields> = {}, recordId = randomUUID()): TestMutation {
  return mutation({ entity: 'person', recordId, villageId, fields: { ...personFields(householdId, overrides) } });
}
