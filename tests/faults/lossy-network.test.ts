// Fault suite (b): requests lost, answers lost after the server committed, requests duplicated, delayed
// and delivered late (reordered) between phones and the real server in process. The real sync engine
// (src/sync/engine.ts) and a real IndexedDB implementation (fake-indexeddb) run on each phone. After
// the faults stop, every phone converges to the server's state and nothing any phone saved is missing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type CongDanSoDb } from '../../src/db/database';
import { createRepository, type Repository } from '../../src/db/repository';
import { createSyncStore } from '../../src/db/syncStore';
import { createApiClient } from '../../src/sync/api';
import { SyncEngine } from '../../src/sync/engine';
import { signIn } from '../../src/sync/sessionFlow';
import { CommuneServer, householdFields, injectFetch, member } from '../unit/sync/harness';
import { recordFigures } from './helpers/figures';
import { LossyNetwork } from './helpers/lossy-network';
import { isLongRun, Prng, seedsFor } from './helpers/prng';

const PINNED_SEEDS = [20261122, 31337, 99];
const STEPS = isLongRun() ? 300 : 60;
const PHONES = 3;

interface FaultyPhone {
  db: CongDanSoDb;
  repository: Repository;
  engine: SyncEngine;
  network: LossyNetwork;
  account: { username: string; password: string };
}

let server: CommuneServer;
beforeAll(async () => {
  server = await CommuneServer.start();
}, 120_000);
afterAll(() => server?.close());

async function makePhone(random: Prng, villageId: string): Promise<FaultyPhone> {
  const account = await server.createUser('member', [villageId]);
  const db = openDatabase(`faulty-${randomUUID()}`);
  const store = createSyncStore(db, randomUUID);
  let time = Date.parse('2026-11-22T03:00:00Z') + random.int(0, 60_000);
  const clock = () => new Date((time += 1000));
  const network = new LossyNetwork(injectFetch(server.app), random, { dropRequest: 0.1, dropAnswer: 0.15, duplicate: 0.1, lateCopy: 0.1, maxDelayMs: 30 });
  const api = createApiClient({ fetch: network.fetch, baseUrl: 'http://commune.test', getToken: async () => (await store.getSession())?.token ?? null });
  const engine = new SyncEngine({ store, api, clock, pushBatchSize: 4 });
  // Sign-in itself crosses the lossy network: try until it gets through, as a person would.
  for (let attempt = 0; ; attempt += 1) {
    const result = await signIn({ api, store, clock }, { ...account, deviceName: 'faulty phone' });
    if (result.ok) break;
    if (attempt > 50) throw new Error(`sign-in never succeeded: ${JSON.stringify(result)}`);
  }
  return { db, repository: createRepository(db, { now: clock, newId: randomUUID }), engine, network, account };
}

/** One random thing a person or the scheduler does on a phone. */
async function step(phone: FaultyPhone, random: Prng, villageId: string, saved: Set<string>): Promise<void> {
  const roll = random.next();
  if (roll < 0.35) {
    const members = Array.from({ length: random.int(1, 3) }, (_, i) => member({ fullName: `Người ${random.uuid().slice(0, 6)}`, relation: i === 0 ? 'head' : 'child' }));
    saved.add(await phone.repository.saveHousehold({ villageId, fields: householdFields({ headName: `Hộ ${random.uuid().slice(0, 6)}` }), members }));
  } else if (roll < 0.6) {
    const persons = (await phone.db.persons.toArray()).filter((p) => !p.deleted);
    if (persons.length === 0) return;
    const person = random.pick(persons);
    const household = (await phone.db.households.get(person.householdId))!;
    const roster = (await phone.db.persons.where('householdId').equals(household.id).toArray()).filter((p) => !p.deleted);
    const drafts = roster.map(({ villageId: _v, version: _ver, deleted: _d, updatedAt: _u, householdId: _h, ...fields }) =>
      fields.id === person.id ? { ...fields, vneid: random.pick(['level1', 'level2', 'locked'] as const), healthBook: random.chance(0.5) } : fields);
    const { id, villageId: village, version: _ver, deleted: _d, updatedAt: _u, ...fields } = household;
    await phone.repository.saveHousehold({ id, villageId: village, fields, members: drafts });
  } else {
    await phone.engine.sync();
  }
}

type Row = { id: string };
async function localRecords(db: CongDanSoDb): Promise<Map<string, Row>> {
  const rows: Row[] = [...(await db.households.toArray()), ...(await db.persons.toArray()), ...(await db.visits.toArray())];
  return new Map(rows.map((row) => [row.id, row]));
}

describe('phones behind a lossy network', () => {
  it.each(seedsFor(PINNED_SEEDS, 2, 5))('seed %i: every phone converges to the server, nothing saved is lost or doubled', async (seed) => {
    const random = new Prng(seed);
    const village = await server.createVillage();
    const phones: FaultyPhone[] = [];
    for (let i = 0; i < PHONES; i += 1) phones.push(await makePhone(random, village.id));
    const saved = new Set<string>();

    for (let i = 0; i < STEPS; i += 1) await step(random.pick(phones), random, village.id, saved);

    // The network heals: late copies land, then each phone syncs until its outbox is empty, and once
    // more around so every phone has pulled the others' last changes.
    for (const phone of phones) phone.network.enabled = false;
    await Promise.all(phones.map((phone) => phone.network.settle()));
    for (let round = 0; round < 2; round += 1) {
      for (const phone of phones) expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    }

    const onServer = await server.records(phones[0].account);
    const lost = [...saved].filter((id) => !onServer.has(id)).length;
    expect(lost).toBe(0);
    for (const phone of phones) {
      expect(await phone.db.outbox.count()).toBe(0); // sent, none parked
      const local = await localRecords(phone.db);
      expect(local.size).toBe(onServer.size);
      for (const [id, record] of onServer) expect(local.get(id), id).toEqual(record);
    }
    // A record applied twice would carry a version above the number of distinct changes sent for it.
    const changesSent = new Map<string, Set<string>>();
    for (const phone of phones) {
      for (const [recordId, ids] of phone.network.mutationsByRecord) changesSent.set(recordId, new Set([...(changesSent.get(recordId) ?? []), ...ids]));
    }
    const duplicated = [...onServer.values()].filter((record) => Number(record.version) > (changesSent.get(String(record.id))?.size ?? 0)).length;
    expect(duplicated).toBe(0);
    recordFigures('lossy-network', {
      seed, phones: PHONES, steps: STEPS, records: onServer.size, lost, duplicated,
      requests: phones.reduce((sum, p) => sum + p.network.counts.requests, 0),
      faultsInjected: phones.reduce((sum, p) => sum + p.network.faults, 0),
      ...Object.fromEntries(Object.keys(phones[0].network.counts).filter((k) => k !== 'requests').map((k) => [k, phones.reduce((sum, p) => sum + p.network.counts[k as keyof typeof p.network.counts], 0)])),
    });
  });
});
