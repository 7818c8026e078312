// The phone and the server give the same figures for the same data. The server counts in SQL
// (src/server/indicators/count-sql.ts); the phone runs countVillageIndicators (src/shared/indicators.ts)
// over what it pulled. Here the "phone" is exactly that: records pulled through /api/sync/pull, tombstones
// included, counted with the shared module, compared with /api/indicators on many report dates — on the
// edge dataset and on a seeded random commune with every edge mixed in.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoVillage, seededRandom } from '../../src/shared/demoData';
import { countVillageIndicators, sumIndicatorCounts, withRates } from '../../src/shared/indicators';
import type { PullChange } from '../../src/shared/protocol';
import { BUSINESS_KINDS, RESIDENCIES, SIGNATURE_STATUSES, SKILLS_STATUSES, SMARTPHONE_STATUSES, VNEID_STATUSES } from '../../src/shared/statuses';
import type { Household, Person, Village, Visit } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { mutation, type TestMutation } from './helpers/fixtures';
import { edgeDataset } from './helpers/indicator-dataset';
import { TestServer } from './helpers/test-server';

/** Report dates around the edge dataset's birthdays and visits, across a year end, and around 29 February. */
const AS_OF_DATES = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-30', '2026-12-31', '2027-01-01', '2027-06-15', '2026-02-28', '2026-03-01', '2028-02-28', '2028-02-29', '2028-03-01'];

function phoneFigures(changes: PullChange[], villages: Village[], asOf: string) {
  return villages.map((village) => {
    const of = <T extends { villageId: string }>(entity: PullChange['entity']) =>
      changes.filter((c) => c.entity === entity && c.record.villageId === village.id).map((c) => c.record as unknown as T);
    const input = { households: of<Household>('household'), persons: of<Person>('person'), visits: of<Visit>('visit'), expectedHouseholds: village.expectedHouseholds };
    return { villageId: village.id, name: village.name, indicators: withRates(countVillageIndicators(input, asOf)) };
  });
}

/** Demo villages made rougher: birth dates, ages at the thresholds, deaths, deletions, late visits. */
function randomVillageMutations(villageId: string, households: number, seed: number): TestMutation[] {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const demo = generateDemoVillage({ seed, villageId, households, year: 2026, newId: randomUUID, updatedAt: new Date().toISOString() });
  const out: TestMutation[] = [];
  const fieldsOf = (record: object) => {
    const { id: _id, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, ...fields } = record as Record<string, unknown>;
    return fields;
  };
  const deletions: TestMutation[] = [];
  const remove = (entity: 'household' | 'person' | 'visit', recordId: string) =>
    deletions.push(mutation({ entity, recordId, villageId, op: 'delete', baseVersion: 1 }));
  for (const household of demo.households) {
    out.push(mutation({ entity: 'household', recordId: household.id, villageId, fields: fieldsOf(household) }));
    if (chance(0.05)) remove('household', household.id);
  }
  for (const person of demo.persons) {
    if (chance(0.3)) person.birthYear = 2026 - [13, 14, 15, 17, 18][Math.floor(random() * 5)];
    if (chance(0.5)) {
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      person.birthDate = `${person.birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    if (chance(0.03)) person.residency = 'deceased';
    // Born on 29 February (2008, 2012: leap years): the birthday of a leap-day child in other years.
    if (chance(0.05)) {
      person.birthYear = chance(0.5) ? 2008 : 2012;
      person.birthDate = `${person.birthYear}-02-29`;
    }
    out.push(mutation({ entity: 'person', recordId: person.id, villageId, fields: fieldsOf(person) }));
    if (chance(0.03)) remove('person', person.id);
  }
  for (const visit of demo.visits) {
    visit.visitedOn = `2026-${chance(0.5) ? '11' : '12'}-${String(1 + Math.floor(random() * 30)).padStart(2, '0')}`;
    out.push(mutation({ entity: 'visit', recordId: visit.id, villageId, fields: fieldsOf(visit) }));
    if (chance(0.1)) remove('visit', visit.id);
  }
  return [...out, ...deletions];
}

describe.each(backends)('phone and server agree on $name', (backend) => {
  let server: TestServer;
  let villages: Village[];

  async function pushAll(mutations: TestMutation[]) {
    for (let i = 0; i < mutations.length; i += 500) {
      const batch = mutations.slice(i, i + 500);
      const results = await server.pushOk(server.adminToken, batch);
      expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    }
  }

  beforeAll(async () => {
    server = await TestServer.start(backend);
    const a = await server.createVillage('Thôn Đồng Chùa', 40);
    const b = (await server.request<Village>('POST', '/api/admin/villages', { token: server.adminToken, body: { name: 'Thôn Bãi Sậy' } })).body;
    const c = await server.createVillage('Thôn Cây Đa', 200);
    const d = await server.createVillage('Thôn Đông', 60);
    // More villages than count-sql.ts filters by id: the whole-commune path (indicators.test.ts, with
    // three villages and members' scopes, covers the filtered path).
    for (const name of ['Thôn Giữa', 'Thôn Hạ', 'Thôn Thượng']) await server.createVillage(name, 30);
    const edge = edgeDataset(a.id, b.id);
    await pushAll([...edge.villageA, ...edge.villageB, ...randomVillageMutations(c.id, 120, 7), ...randomVillageMutations(d.id, 45, 1234)]);
    villages = (await server.request<{ villages: Village[] }>('GET', '/api/villages', { token: server.adminToken })).body.villages;
  });
  afterAll(() => server?.close());

  async function expectAgreement() {
    const { changes } = await server.pullAll(server.adminToken);
    expect(changes.some((c) => c.record.deleted)).toBe(true);
    for (const asOf of AS_OF_DATES) {
      const answer = await server.request('GET', `/api/indicators?asOf=${asOf}`, { token: server.adminToken });
      const phone = phoneFigures(changes, villages, asOf);
      expect({ asOf, villages: answer.body.villages }).toEqual({ asOf, villages: phone });
      expect(answer.body.indicators).toEqual(withRates(sumIndicatorCounts(phone.map((v) => v.indicators))));
    }
    return changes;
  }

  it('every village and the commune, on every report date, equal the shared module over the pulled records', async () => {
    await expectAgreement();
  });

  // The server keeps running totals (triggers of migration 2026-11-22-zz1-indicator-counters.sql): every
  // kind of write must move them exactly as a recount would — status and residency changes, a person
  // moving to another household, birth dates across a threshold, deletions, visits moved or deleted,
  // and the erasure of a person.
  it('still agree after edits, moves between households, deletions and erasure', async () => {
    const random = seededRandom(2026);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const chance = (p: number) => random() < p;
    const { changes } = await server.pullAll(server.adminToken);
    const live = (entity: PullChange['entity']) => changes.filter((c) => c.entity === entity && !c.record.deleted).map((c) => c.record as unknown as { id: string; villageId: string; version: number });
    const households = live('household');
    const edits: TestMutation[] = [];
    for (const person of live('person')) {
      if (!chance(0.4)) continue;
      const fields: Record<string, unknown> = {};
      if (chance(0.3)) fields.residency = pick(RESIDENCIES);
      if (chance(0.4)) fields.vneid = pick(VNEID_STATUSES);
      if (chance(0.3)) fields.smartphone = pick(SMARTPHONE_STATUSES);
      if (chance(0.3)) fields.digitalSkills = pick(SKILLS_STATUSES);
      if (chance(0.3)) fields.digitalSignature = pick(SIGNATURE_STATUSES);
      if (chance(0.3)) fields.paymentAccount = chance(0.5);
      if (chance(0.3)) fields.usesCashless = chance(0.5);
      if (chance(0.2)) fields.healthBook = chance(0.5);
      if (chance(0.2)) fields.onlinePublicServices = chance(0.5);
      if (chance(0.2)) {
        const year = 2026 - pick([13, 14, 15, 17, 18, 40]);
        fields.birthYear = year;
        fields.birthDate = chance(0.5) ? `${year}-${pick(['01-15', '11-30', '12-01', '12-31'])}` : null;
      }
      if (chance(0.1)) fields.householdId = pick(households.filter((h) => h.villageId === person.villageId)).id;
      if (Object.keys(fields).length === 0) continue;
      edits.push(mutation({ entity: 'person', recordId: person.id, villageId: person.villageId, baseVersion: person.version, fields }));
      if (chance(0.05)) edits.push(mutation({ entity: 'person', recordId: person.id, villageId: person.villageId, op: 'delete', baseVersion: person.version + 1 }));
    }
    for (const household of households) {
      if (chance(0.2)) edits.push(mutation({ entity: 'household', recordId: household.id, villageId: household.villageId, baseVersion: household.version, fields: { business: pick(BUSINESS_KINDS), acceptsCashless: chance(0.5) } }));
      else if (chance(0.04)) edits.push(mutation({ entity: 'household', recordId: household.id, villageId: household.villageId, op: 'delete', baseVersion: household.version }));
    }
    for (const visit of live('visit')) {
      if (chance(0.2)) edits.push(mutation({ entity: 'visit', recordId: visit.id, villageId: visit.villageId, baseVersion: visit.version, fields: { visitedOn: `2026-${pick(['10', '11', '12'])}-15` } }));
      else if (chance(0.1)) edits.push(mutation({ entity: 'visit', recordId: visit.id, villageId: visit.villageId, op: 'delete', baseVersion: visit.version }));
    }
    expect(edits.length).toBeGreaterThan(100);
    await pushAll(edits);
    for (const person of live('person').slice(0, 3)) {
      expect((await server.request('POST', `/api/persons/${person.id}/erase`, { token: server.adminToken })).status).toBe(200);
    }
    await expectAgreement();
  });
});
