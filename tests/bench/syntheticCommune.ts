// A synthetic commune for the benchmark: villages of realistic households (Vietnamese names, household
// sizes, age structure, status mixes; seeded), as the sync mutations phones would push, with the ids
// phones make (time-ordered UUIDv7, src/shared/ids.ts).
import { generateDemoVillage, seededRandom } from '../../src/shared/demoData';
import { newRecordId } from '../../src/shared/ids';
import type { Mutation } from '../../src/shared/protocol';
import type { Household, Person, SyncMeta, Visit } from '../../src/shared/types';

export interface SyntheticVillage {
  villageId: string;
  households: Household[];
  persons: Person[];
  visits: Visit[];
}

export function syntheticVillages(villageIds: string[], people: number, seed = 57, year = 2026): SyntheticVillage[] {
  // generateDemoVillage makes ~3.4 people per household on average.
  const householdsPerVillage = Math.max(1, Math.round(people / 3.4 / villageIds.length));
  return villageIds.map((villageId, index) => {
    const village = generateDemoVillage({ seed: seed + index, villageId, households: householdsPerVillage, year, newId: newRecordId, updatedAt: new Date().toISOString() });
    return { villageId, ...village, persons: withBirthDates(village.persons, seed + index) };
  });
}

/**
 * Most people's full birth date is known (the chip ID card carries it): seven in ten get one, so the
 * server's indicators meet as many birthdays around the age thresholds as real data would.
 */
function withBirthDates(persons: Person[], seed: number): Person[] {
  const random = seededRandom(seed * 7919);
  return persons.map((person) => {
    if (random() >= 0.7) return person;
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    return { ...person, birthDate: `${person.birthYear}-${month}-${day}` };
  });
}

function fieldsOf(record: SyncMeta & Record<string, unknown>): Record<string, unknown> {
  const { id: _id, villageId: _village, version: _version, deleted: _deleted, updatedAt: _updated, ...fields } = record;
  return fields;
}

/** Creation mutations, households before their people and visits, as a phone's outbox holds them. */
export function creationMutations(village: SyntheticVillage): Mutation[] {
  const clientTime = new Date().toISOString();
  const mutation = (entity: Mutation['entity'], record: SyncMeta & Record<string, unknown>): Mutation => ({
    id: newRecordId(),
    entity,
    recordId: record.id,
    villageId: village.villageId,
    op: 'upsert',
    baseVersion: 0,
    fields: fieldsOf(record),
    clientTime,
  });
  return [
    ...village.households.map((h) => mutation('household', h as unknown as SyncMeta & Record<string, unknown>)),
    ...village.persons.map((p) => mutation('person', p as unknown as SyncMeta & Record<string, unknown>)),
    ...village.visits.map((v) => mutation('visit', v as unknown as SyncMeta & Record<string, unknown>)),
  ];
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
