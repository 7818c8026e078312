// Fault suite (c): the browser closes the IndexedDB connection under the app (as iOS Safari does), another
// tab upgrades the database, a save dies half-way, storage is full. The app's repository and sync store
// reopen and go on; a failed save leaves nothing half-written (records and outbox entries together or
// not at all). Runs on fake-indexeddb, a complete IndexedDB implementation.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase, type CongDanSoDb } from '../../src/db/database';
import { createRepository } from '../../src/db/repository';
import { isStorageFull } from '../../src/db/storageErrors';
import { createSyncStore } from '../../src/db/syncStore';
import { householdFields, member } from '../unit/sync/harness';
import { recordFigures } from './helpers/figures';
import { closeConnectionLikeTheBrowser, installWriteFault, type WriteFault } from './helpers/idb-faults';
import { isLongRun, Prng, seedsFor } from './helpers/prng';

const VILLAGE = 'village-1';

function phone(db: CongDanSoDb = openDatabase(`idb-${randomUUID()}`)) {
  let time = Date.parse('2026-11-22T03:00:00Z');
  return { db, repository: createRepository(db, { now: () => new Date((time += 1000)), newId: randomUUID }), store: createSyncStore(db, randomUUID) };
}

/** Middleware is part of the connection: installed before the database is first opened. */
function withFault(fault: WriteFault): CongDanSoDb {
  const db = openDatabase(`idb-${randomUUID()}`);
  installWriteFault(db, fault);
  return db;
}

/** What is on the phone: records and pending outbox entries, to compare before and after a failed save. */
async function contents(db: CongDanSoDb) {
  return {
    households: await db.households.toArray(),
    persons: await db.persons.toArray(),
    outbox: await db.outbox.toArray(),
    search: await db.householdSearch.toArray(),
  };
}

describe('IndexedDB closed under the app', () => {
  it.each(seedsFor([20261122, 5], 1, 6))('seed %i: saves, edits and the sync store go on after the browser closes the connection at random', async (seed) => {
    const random = new Prng(seed);
    const { db, repository, store } = phone();
    const saved: string[] = [];
    let closes = 0;
    for (let i = 0; i < (isLongRun() ? 300 : 60); i += 1) {
      if (random.chance(0.4)) {
        closeConnectionLikeTheBrowser(db);
        closes += 1;
      }
      if (random.chance(0.7) || saved.length === 0) {
        saved.push(await repository.saveHousehold({ villageId: VILLAGE, fields: householdFields({ headName: `Hộ ${i}` }), members: [member({ fullName: `Người ${i}` })] }));
      } else {
        const id = random.pick(saved);
        const household = (await db.households.get(id))!;
        const { id: _id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
        await repository.saveHousehold({ id, villageId, fields: { ...fields, address: `Xóm ${i}` }, members: [] });
      }
      expect(await store.countPending([VILLAGE])).toBeGreaterThan(0);
    }
    expect(await db.households.count()).toBe(saved.length);
    // Every save has its outbox entries: one per household and member created, one per edit.
    const outbox = await db.outbox.toArray();
    for (const id of saved) expect(outbox.some((entry) => entry.recordId === id)).toBe(true);
    recordFigures('indexeddb-closed', { seed, closes, saves: saved.length, lost: saved.length - (await db.households.count()) });
  });

  it('another tab opening a newer version closes this connection; the next save reopens and succeeds', async () => {
    const { db, repository } = phone();
    await repository.saveHousehold({ villageId: VILLAGE, fields: householdFields(), members: [member()] });
    const newer = indexedDB.open(db.name, (db.verno + 1) * 10 + 10);
    await new Promise((resolve, reject) => {
      newer.onsuccess = resolve;
      newer.onerror = reject;
    });
    newer.result.close();
    await repository.saveHousehold({ villageId: VILLAGE, fields: householdFields({ headName: 'Sau khi nâng cấp' }), members: [] });
    expect(await db.households.count()).toBe(2);
  });

  it('a save whose connection dies half-way writes nothing, and the same save then succeeds', async () => {
    // The household and person are written, then the outbox write finds the connection gone.
    const fault: WriteFault = { table: 'outbox', armed: false, refused: 0, kind: 'connection-lost' };
    const { db, repository } = phone(withFault(fault));
    await repository.saveHousehold({ villageId: VILLAGE, fields: householdFields(), members: [member()] });
    const before = await contents(db);
    fault.armed = true;
    const draft = { villageId: VILLAGE, fields: householdFields({ headName: 'Lò Văn Páo' }), members: [member({ fullName: 'Lò Văn Páo' })] };
    await expect(repository.saveHousehold(draft)).rejects.toThrow();
    expect(fault.refused).toBe(1);
    expect(await contents(db)).toEqual(before);
    fault.armed = false;
    const id = await repository.saveHousehold(draft);
    expect((await db.outbox.where('recordId').equals(id).count())).toBe(1);
  });
});

describe('storage full (QuotaExceededError)', () => {
  it.each(['households', 'persons', 'outbox', 'householdSearch'])('a save refused while writing %s leaves nothing half-written, and is reported as storage full', async (table) => {
    const fault: WriteFault = { table, armed: false, refused: 0, kind: 'quota' };
    const { db, repository } = phone(withFault(fault));
    const existing = await repository.saveHousehold({ villageId: VILLAGE, fields: householdFields(), members: [member()] });
    const before = await contents(db);
    fault.armed = true;

    const household = (await db.households.get(existing))!;
    const { id: _id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
    const edit = repository.saveHousehold({ id: existing, villageId, fields: { ...fields, address: 'Xóm mới' }, members: [member({ fullName: 'Người mới' })] });
    const error = await edit.then(() => null, (e: unknown) => e);
    expect(isStorageFull(error)).toBe(true);
    expect(fault.refused).toBeGreaterThan(0);
    expect(await contents(db)).toEqual(before);
  });

  it('isStorageFull tells a full disk from other failures', () => {
    expect(isStorageFull(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isStorageFull({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isStorageFull({ name: 'AbortError', error: new DOMException('full', 'QuotaExceededError') })).toBe(true);
    expect(isStorageFull(new DOMException('closed', 'AbortError'))).toBe(false);
    expect(isStorageFull(new Error('other'))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);
  });
});
