// The household list, follow-up and dashboard share one copy of the village's data that is patched with
// the records each change touched instead of being read again whole. After every kind of change the
// patched copy must equal a fresh read (loadVillageData), order included.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CongDanSoDb } from '../../src/db/database';
import { preloadSelectedVillage, rememberSelectedVillage } from '../../src/db/queries';
import { META_KEYS, setMeta } from '../../src/db/meta';
import { createRepository, type Repository } from '../../src/db/repository';
import { seedDemoVillage } from '../../src/db/seedDemo';
import { createSyncStore } from '../../src/db/syncStore';
import { loadVillageData, peekVillageData, peekVillageReadFailed, preloadVillageData, subscribeVillageData, watchVillageData, type VillageData } from '../../src/db/villageLive';
import { completePerson, memberDraft } from '../fixtures/records';

const VILLAGE = 'village-1';
const household = { address: 'Số 1, Xóm Dưới', headName: 'Lò Văn Bình', business: 'none' as const, acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Lò Văn Bình' };

let db: CongDanSoDb;
let repo: Repository;
let seen: VillageData[];
let stop: () => void;
let ids: number;

beforeEach(async () => {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  db = openDatabase(`village-live-${Math.random()}`);
  ids = 0;
  repo = createRepository(db, { now: () => new Date('2026-11-22T03:00:00Z'), newId: () => `id-${String(++ids).padStart(4, '0')}` });
  await db.villages.put({ id: VILLAGE, name: 'Thôn Một', expectedHouseholds: null });
  seen = [];
  stop = watchVillageData(db, VILLAGE, (data) => seen.push(data));
});
afterEach(() => stop());

/** Waits until the watched copy has caught up, then checks it against a fresh read. */
async function expectCurrent(): Promise<VillageData> {
  const expected = await loadVillageData(db, VILLAGE);
  for (let i = 0; i < 100; i++) {
    const last = seen.at(-1);
    if (last && JSON.stringify(snapshot(last)) === JSON.stringify(snapshot(expected))) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(snapshot(seen.at(-1)!)).toEqual(snapshot(expected));
  return seen.at(-1)!;
}

const snapshot = (data: VillageData) => ({ ...data, searchText: [...data.searchText].sort() });

describe('the village copy patched change by change', () => {
  it('equals a fresh read after saves, edits, removals, visits and deletions', async () => {
    await expectCurrent();
    const a = await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft({ fullName: 'Lò Văn Bình' }), memberDraft({ fullName: 'Lò Thị Cúc', relation: 'spouse', sex: 'female' })] });
    await expectCurrent();
    const b = await repo.saveHousehold({ villageId: VILLAGE, fields: { ...household, headName: 'Hà Văn Dũng' }, members: [memberDraft({ fullName: 'Hà Văn Dũng' })] });
    const afterTwo = await expectCurrent();
    expect(afterTwo.households.map((h) => h.id)).toEqual([a, b].sort());

    // Edit: rename the head, drop the spouse.
    const [head] = afterTwo.persons.filter((p) => p.householdId === a && p.fullName === 'Lò Văn Bình');
    const { id: headId, householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...headFields } = head;
    await repo.saveHousehold({ id: a, villageId: VILLAGE, fields: { ...household, note: 'đã sửa' }, members: [{ ...headFields, id: headId, fullName: 'Lò Văn Bính' }] });
    const edited = await expectCurrent();
    expect(edited.persons.filter((p) => p.householdId === a).map((p) => p.fullName)).toEqual(['Lò Văn Bính']);
    expect(edited.searchText.get(a)).toContain('lo van binh');

    await repo.addVisit(VILLAGE, { householdId: b, visitedOn: '2026-11-21', helpedWith: ['vneid'] });
    expect((await expectCurrent()).visits).toHaveLength(1);

    await repo.deleteHousehold(b);
    const deleted = await expectCurrent();
    expect(deleted.households.map((h) => h.id)).toEqual([a]);
    expect(deleted.visits).toHaveLength(0);
    expect(deleted.searchText.has(b)).toBe(false);
  });

  it('ignores other villages, and reads again whole after a bulk write (a pull page, demo data)', async () => {
    await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft()] });
    await expectCurrent();
    const reads = seen.length;
    await repo.saveHousehold({ villageId: 'village-2', fields: household, members: [memberDraft()] });
    await expectCurrent();
    expect(seen.at(-1)!.households).toHaveLength(1);
    expect(seen.length).toBeGreaterThanOrEqual(reads);

    const store = createSyncStore(db);
    const pulled = Array.from({ length: 60 }, (_, i) => ({ entity: 'person' as const, record: completePerson({ id: `pulled-${i}`, villageId: VILLAGE, householdId: 'h-pulled' }) }));
    await store.applyPullPage(pulled, 'cursor-1');
    expect((await expectCurrent()).persons.filter((p) => p.householdId === 'h-pulled')).toHaveLength(60);

    await seedDemoVillage(db, 20);
    await expectCurrent();
  });
});

describe('households without a stored search entry (a first download writes none)', () => {
  it('the patched copy computes their text from their members, as a fresh read does', async () => {
    // Beside the watched village, as a first download meets it: empty, so the run writes no entries.
    const store = createSyncStore(db);
    const meta = { villageId: VILLAGE, version: 1, deleted: false, updatedAt: '2026-11-01T00:00:00.000Z' };
    const home = { ...meta, ...household, id: 'h-a' };
    const run = await store.beginPull();
    // Small pages: Dexie lists their keys, so the watcher patches instead of reading the village again.
    await store.applyPullPage([{ entity: 'household', record: home }], 'c1', run, null);
    await expectCurrent();
    await store.applyPullPage([{ entity: 'person', record: completePerson({ ...meta, id: 'p-1', householdId: 'h-a', fullName: 'Đinh Văn Tám' }) }], 'c2', run, 'c1');
    expect((await expectCurrent()).searchText.get('h-a')).toContain('dinh van tam');
    expect(await db.householdSearch.count()).toBe(0);
    await store.applyPullPage([{ entity: 'household', record: { ...home, id: 'h-b', headName: 'Vi Thị Chín' } }, { entity: 'person', record: completePerson({ ...meta, id: 'p-1', householdId: 'h-b', fullName: 'Đinh Văn Tám' }) }], 'c3', run, 'c2');
    const moved = await expectCurrent();
    expect(moved.searchText.get('h-a')).not.toContain('dinh van tam');
    expect(moved.searchText.get('h-b')).toContain('dinh van tam');
    await store.applyPullPage([{ entity: 'household', record: { ...home, deleted: true } }], 'c4', run, 'c3');
    expect((await expectCurrent()).searchText.has('h-a')).toBe(false);
    // A save on the phone writes an entry; the copy takes it.
    const [member] = (await loadVillageData(db, VILLAGE)).persons;
    const { id, householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...fields } = member;
    await repo.saveHousehold({ id: 'h-b', villageId: VILLAGE, fields: household, members: [{ ...fields, id, fullName: 'Đinh Văn Mười' }] });
    expect((await expectCurrent()).searchText.get('h-b')).toContain('dinh van muoi');
    expect(await db.householdSearch.count()).toBe(1);
  });
});

describe('the first read of a village', () => {
  it('answers with the households alone first, then with everything', async () => {
    stop();
    await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft({ fullName: 'Lò Văn Bình' })] });
    await repo.saveHousehold({ villageId: VILLAGE, fields: { ...household, headName: 'Hà Văn Dũng' }, members: [memberDraft({ fullName: 'Hà Văn Dũng' })] });
    seen = [];
    stop = watchVillageData(db, VILLAGE, (data) => seen.push(data));
    const whole = await expectCurrent();
    expect(whole.complete).toBe(true);
    expect(seen[0]).toMatchObject({ complete: false, persons: [], visits: [], village: { id: VILLAGE } });
    expect(seen[0].households).toEqual(whole.households);
    expect(seen[0].searchText.size).toBe(0);
    // Later changes patch the whole copy; the households-only answer comes once.
    await repo.addVisit(VILLAGE, { householdId: whole.households[0].id, visitedOn: '2026-11-21', helpedWith: ['vneid'] });
    expect((await expectCurrent()).visits).toHaveLength(1);
    expect(seen.filter((data) => !data.complete)).toHaveLength(1);
  });
});

describe('a failed read of a village', () => {
  it('is tried again after a pause, without waiting for a change', async () => {
    stop();
    await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft({ fullName: 'Lò Văn Bình' })] });
    let failedAt = 0;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {
      failedAt = performance.now();
    });
    try {
      // The whole read fails once (its members), after the households alone were read.
      const failOnce = vi.spyOn(db.persons, 'where').mockImplementationOnce(
        () => ({ equals: () => ({ toArray: () => Promise.reject(new Error('IndexedDB read failed')) }) }) as unknown as ReturnType<typeof db.persons.where>,
      );
      seen = [];
      let completeAt = 0;
      // What the screens are told: failed, then recovered (each said once).
      const failures: { failed: boolean; complete: boolean | undefined }[] = [];
      stop = watchVillageData(
        db,
        VILLAGE,
        (data) => {
          seen.push(data);
          if (data.complete) completeAt = performance.now();
        },
        (failed) => failures.push({ failed, complete: seen.at(-1)?.complete }),
      );
      for (let i = 0; i < 200 && !seen.at(-1)?.complete; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(failOnce).toHaveBeenCalled();
      // Read again by the pause's timer (0.5 s), not by a change.
      expect(completeAt - failedAt).toBeGreaterThanOrEqual(400);
      expect(quiet).toHaveBeenCalledWith('reading the village failed', expect.any(Error));
      expect(seen[0].complete).toBe(false);
      expect(seen.at(-1)).toMatchObject({ complete: true, persons: [expect.objectContaining({ fullName: 'Lò Văn Bình' })] });
      // Failed while the list had the households alone; recovered once the whole village was handed out.
      expect(failures).toEqual([
        { failed: true, complete: false },
        { failed: false, complete: true },
      ]);
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('a village whose reads keep failing', () => {
  it('tells every subscriber, also one that comes later, and stops retrying when the last one leaves', async () => {
    stop();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const alwaysFails = vi.spyOn(db.households, 'where').mockImplementation(
      () => ({ equals: () => ({ toArray: () => Promise.reject(new Error('IndexedDB gone')) }) }) as unknown as ReturnType<typeof db.households.where>,
    );
    try {
      const first: boolean[] = [];
      const unsubscribeFirst = subscribeVillageData(db, VILLAGE, () => {}, (failed) => first.push(failed));
      for (let i = 0; i < 100 && first.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(first).toEqual([true]);
      expect(peekVillageReadFailed(db, VILLAGE)).toBe(true);
      // A screen opened later learns it at once, from the shared watcher.
      const later: boolean[] = [];
      const unsubscribeLater = subscribeVillageData(db, VILLAGE, () => {}, (failed) => later.push(failed));
      expect(later).toEqual([true]);
      unsubscribeFirst();
      unsubscribeLater();
      expect(peekVillageReadFailed(db, VILLAGE)).toBe(false);
      // No retry after the watcher stopped: the read is not attempted again.
      const attempts = alwaysFails.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(alwaysFails.mock.calls.length).toBe(attempts);
    } finally {
      alwaysFails.mockRestore();
      quiet.mockRestore();
    }
  });
});

describe('the village read ahead at app start', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hands the read-ahead data to the screen that subscribes later, and keeps it current', async () => {
    await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft()] });
    await preloadVillageData(db, VILLAGE, 60_000);
    // Resolved once the whole village is read, not at its households alone (the app starts sync after).
    expect(peekVillageData(db, VILLAGE)).toMatchObject({ complete: true, persons: [expect.anything()] });

    const screen: VillageData[] = [];
    const unsubscribe = subscribeVillageData(db, VILLAGE, (data) => screen.push(data));
    // At once, from the shared watcher: no second read of the village.
    expect(screen).toHaveLength(1);
    expect(snapshot(screen[0])).toEqual(snapshot(await loadVillageData(db, VILLAGE)));

    await repo.saveHousehold({ villageId: VILLAGE, fields: { ...household, headName: 'Hà Văn Dũng' }, members: [memberDraft({ fullName: 'Hà Văn Dũng' })] });
    const expected = await loadVillageData(db, VILLAGE);
    for (let i = 0; i < 100 && screen.at(-1)!.households.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(snapshot(screen.at(-1)!)).toEqual(snapshot(expected));
    unsubscribe();
  });

  it('reads the chosen village even when the mirrored choice is stale', async () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    });
    await db.villages.put({ id: 'village-2', name: 'Thôn Hai', expectedHouseholds: null });
    await repo.saveHousehold({ villageId: VILLAGE, fields: household, members: [memberDraft()] });
    await setMeta(db, META_KEYS.selectedVillageId, VILLAGE);
    rememberSelectedVillage('village-2');

    await preloadSelectedVillage(db);
    expect(peekVillageData(db, VILLAGE)?.households).toHaveLength(1);

    // A phone with no village chosen: nothing to read, and the start does not wait.
    await db.meta.delete(META_KEYS.selectedVillageId);
    rememberSelectedVillage(null);
    await expect(preloadSelectedVillage(db)).resolves.toBeUndefined();
  });
});
