// The follow-up list's "Chưa đồng ý" filter: every household without recorded consent, with its members'
// gaps or none, deleted households left out, ordered by the head's given name.
import { describe, expect, it } from 'vitest';
import { householdsWithoutConsent } from '../../src/features/followup/consentFilter';
import type { Household, Person } from '../../src/shared/types';
import { completePerson, household as makeHousehold, lackingPerson } from '../fixtures/records';

const AS_OF = '2026-06-15';
const household = (id: string, headName: string, overrides: Partial<Household> = {}) => makeHousehold({ id, headName, address: `Xóm ${id}`, ...overrides });

describe('households without consent', () => {
  it('lists each household whose consent is not recorded, gaps or not, by the head\'s given name', () => {
    const households = [
      household('h1', 'Nguyễn Văn Bình', { consentGiven: false }),
      household('h2', 'Trần Thị An', { consentGiven: false }),
      household('h3', 'Lê Văn Cường', { consentGiven: true }),
      household('h4', 'Phạm Văn Dũng', { consentGiven: false, deleted: true }),
    ];
    const persons: Person[] = [
      lackingPerson({ id: 'p1', householdId: 'h1', fullName: 'Nguyễn Văn Bình' }),
      completePerson({ id: 'p2', householdId: 'h2', fullName: 'Trần Thị An' }),
      lackingPerson({ id: 'p3', householdId: 'h3', fullName: 'Lê Văn Cường' }),
      lackingPerson({ id: 'p4', householdId: 'h4', fullName: 'Phạm Văn Dũng' }),
    ];
    const list = householdsWithoutConsent(households, persons, AS_OF);
    expect(list.map((entry) => [entry.household.id, entry.persons.map((p) => p.person.id)])).toEqual([
      ['h2', []], // An: nothing lacking, but consent still to ask
      ['h1', ['p1']], // Bình
    ]);
    expect(list[1].persons[0].gaps.length).toBeGreaterThan(0);
  });

  it('tells heads of the same name apart by address, in Vietnamese order', () => {
    const households = [
      household('h1', 'Lò Văn Bình', { consentGiven: false, address: 'Xóm Trên' }),
      household('h2', 'Lò Văn Bình', { consentGiven: false, address: 'Xóm Đồi' }),
      household('h3', 'Lò Văn Bình', { consentGiven: false, address: 'Xóm Dưới' }),
    ];
    expect(householdsWithoutConsent(households, [], AS_OF).map((entry) => entry.household.address)).toEqual(['Xóm Dưới', 'Xóm Đồi', 'Xóm Trên']);
  });
});
