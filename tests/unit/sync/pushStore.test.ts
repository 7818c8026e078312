// The outbox as the push reads and clears it: counts by village through the [state+villageId] index
// (added in schema version 2, also to databases made by version 1), batches after a given entry, and
// results stored in the outbox alone.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { type ObservabilitySet } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OutboxEntry } from '../../../src/db/database';
import { createSyncStore } from '../../../src/db/syncStore';
import { changedKeys } from '../../../src/db/villageLive';
import { completePerson } from '../../fixtures/records';

beforeEach(() => {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
});

let n = 0;
const entry = (villageId: string, state: OutboxEntry['state'] = 'pending', recordId = `r${++n}`): OutboxEntry => ({
  mutationId: `m${++n}`, entity: 'person', recordId, villageId, op: 'upsert', baseVersion: 0, fields: {}, clientTime: '2026-11-22T10:00:00+07:00', state,
});

describe('push bookkeeping in the outbox', () => {
  it('a database made by schema version 1 opens with the village index and counts its pending entries', async () => {
    const name = `push-store-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({
      villages: 'id, name', households: 'id, villageId', persons: 'id, villageId, householdId', visits: 'id, villageId, householdId',
      outbox: '++seq, mutationId, recordId, state', householdSearch: 'householdId, villageId', meta: 'key',
    });
    await old.table('outbox').bulkAdd([entry('v1'), entry('v2'), entry('v1', 'parked'), entry('v1'), entry('v3')]);
    old.close();

    const db = openDatabase(name);
    const store = createSyncStore(db);
    expect(await store.countPending(['v1', 'v2'])).toBe(3);
    expect(await store.countPending(['v3'])).toBe(1);
    expect(await store.countPending([])).toBe(0);
    expect(await db.outbox.count()).toBe(5);
    db.close();
  });

  it('reads batches in creation order after a given entry, leaving out parked entries and other villages', async () => {
    const db = openDatabase(`push-store-${Math.random()}`);
    const store = createSyncStore(db);
    await db.outbox.bulkAdd([entry('v1'), entry('v9'), entry('v1', 'parked'), entry('v1'), entry('v1'), entry('v1')]);
    const seqs = (await db.outbox.orderBy('seq').primaryKeys()) as number[];

    const first = await store.pendingBatch(['v1'], 2);
    expect(first.map((q) => q.seq)).toEqual([seqs[0], seqs[3]]);
    // The first batch is still pending (its results not stored yet): the next starts after it.
    const second = await store.pendingBatch(['v1'], 2, first[1].seq);
    expect(second.map((q) => q.seq)).toEqual([seqs[4], seqs[5]]);
    expect(await store.pendingBatch(['v1'], 2, second[1].seq)).toEqual([]);
    db.close();
  });

  it('stores a batch’s results in the outbox only: sent entries go, a rejected one is parked, no record is rewritten', async () => {
    const db = openDatabase(`push-store-${Math.random()}`);
    const store = createSyncStore(db);
    const persons = Array.from({ length: 120 }, (_, i) => completePerson({ id: `p${String(i).padStart(3, '0')}`, householdId: 'h1', villageId: 'v1', version: 0 }));
    await db.persons.bulkPut(persons);
    await db.outbox.bulkAdd(persons.map((p) => entry('v1', 'pending', p.id)));
    const batch = await store.pendingBatch(['v1'], 500);
    const touched: string[] = [];
    const onMutated = (parts: ObservabilitySet) => {
      for (const table of ['households', 'persons', 'visits']) {
        const keys = changedKeys(parts, db.name, table);
        if (keys === null || keys.length > 0) touched.push(table);
      }
    };
    Dexie.on('storagemutated', onMutated);
    try {
      await store.applyPushResults(
        batch,
        batch.map((q, i) => (i === 7 ? { id: q.mutation.id, status: 'rejected', error: { code: 'VALIDATION_FAILED', message: 'x' } } : { id: q.mutation.id, status: 'applied', version: 1 })),
      );
    } finally {
      Dexie.on('storagemutated').unsubscribe(onMutated);
    }
    const left = await db.outbox.toArray();
    expect(left.map((e) => [e.recordId, e.state, e.error?.code])).toEqual([[persons[7].id, 'parked', 'VALIDATION_FAILED']]);
    // The records wait for the pull to bring the server's version; the open village is not re-read.
    expect(touched).toEqual([]);
    expect((await db.persons.toArray()).every((p) => p.version === 0)).toBe(true);
    db.close();
  });
});
