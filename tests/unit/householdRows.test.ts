import { describe, expect, it } from 'vitest';
import { buildHouseholdRows, filterHouseholdRows } from '../../src/features/households/householdRows';
import { foldVietnamese } from '../../src/shared/text';
import { completePerson, household as makeHousehold, lackingPerson, visit as makeVisit } from '../fixtures/records';

const household = (id: string, headName: string, consentGiven = true) => makeHousehold({ id, headName, consentGiven });
const person = (id: string, householdId: string, complete: boolean) => (complete ? completePerson : lackingPerson)({ id, householdId, fullName: `Người ${id}`, birthYear: 1980 });
const visit = (householdId: string) => makeVisit({ householdId, visitedOn: '2026-11-01' });

const households = [household('h1', 'Nguyễn Văn Bình'), household('h2', 'Trần Thị An', false), household('h3', 'Đặng Văn Đức')];
const data = {
  households,
  persons: [person('p1', 'h1', true), person('p2', 'h2', false), person('p3', 'h2', false), person('p4', 'h3', true)],
  visits: [visit('h1')],
  searchText: new Map(households.map((h) => [h.id, foldVietnamese(h.headName)])),
};
const rows = buildHouseholdRows(data, '2026-11-22');
const names = (list: typeof rows) => list.map((r) => r.household.headName);

describe('household list rows', () => {
  it('sorts by the head given name and counts members lacking a pillar', () => {
    expect(names(rows)).toEqual(['Trần Thị An', 'Nguyễn Văn Bình', 'Đặng Văn Đức']);
    expect(rows.map((r) => [r.memberCount, r.membersLackingPillar, r.visited])).toEqual([[2, 2, false], [1, 0, true], [1, 0, false]]);
  });

  it('counts the people who live there: not those who moved away or died', () => {
    const moved = { ...person('p5', 'h3', true), residency: 'moved' as const };
    const died = { ...person('p6', 'h3', true), residency: 'deceased' as const };
    const [dang] = buildHouseholdRows({ ...data, persons: [...data.persons, moved, died] }, '2026-11-22').filter((r) => r.household.id === 'h3');
    expect(dang.memberCount).toBe(1);
  });

  it.each([
    ['all', '', ['Trần Thị An', 'Nguyễn Văn Bình', 'Đặng Văn Đức']],
    ['notVisited', '', ['Trần Thị An', 'Đặng Văn Đức']],
    ['lacksPillar', '', ['Trần Thị An']],
    ['noConsent', '', ['Trần Thị An']],
    ['all', 'nguyen', ['Nguyễn Văn Bình']],
    ['all', 'DANG duc', ['Đặng Văn Đức']],
    ['all', 'van', ['Nguyễn Văn Bình', 'Đặng Văn Đức']],
    ['notVisited', 'van', ['Đặng Văn Đức']],
    ['all', 'xyz', []],
  ] as const)('filter %s with query "%s"', (filter, query, expected) => {
    expect(names(filterHouseholdRows(rows, query, filter))).toEqual(expected);
  });
});
