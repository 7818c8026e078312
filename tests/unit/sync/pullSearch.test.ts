// The search text after a pull, page by page, must be exactly what rebuilding it from the stored
// records gives. The search store is a cache: every entry it holds must be exact, and a household
// without one has its text computed when the village is read (loadVillageData). A village that was
// empty when the run began gets (almost) no entries; elsewhere they are read back from the database. Pages here are made by hand, in the awkward orders
// the server may send: people before their household, a person moving house, tombstones, edits made on
// the phone in the middle of a run.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CongDanSoDb } from '../../../src/db/database';
import { loadVillageData } from '../../../src/db/villageLive';
import { createRepository } from '../../../src/db/repository';
import { householdSearchText } from '../../../src/db/searchText';
import { createSyncStore, PullOutOfOrderError, type DexieSyncStore } from '../../../src/db/syncStore';
import type { PullChange } from '../../../src/shared/protocol';
import type { Household, Person } from '../../../src/shared/types';
import { completePerson, memberDraft } from '../../fixtures/records';

const VILLAGE = 'v1';
let db: CongDanSoDb;
let store: DexieSyncStore;

beforeEach(async () => {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  db = openDatabase(`pull-search-${Math.random()}`);
  store = createSyncStore(db);
  await db.villages.put({ id: VILLAGE, name: 'Thôn Một', expectedHouseholds: null });
});

const meta = { villageId: VILLAGE, version: 1, deleted: false, updatedAt: '2026-11-01T00:00:00.000Z' };
const household = (id: string, headName: string, overrides: Partial<Household> = {}): PullChange => ({
  entity: 'household',
  record: { ...meta, id, headName, address: 'Xóm Trên', business: 'none', acceptsCashless: false, consentGiven: true, ...overrides } as Household,
});
const person = (id: string, householdId: string, fullName: string, overrides: Partial<Person> = {}): PullChange => ({
  entity: 'person',
  record: completePerson({ ...meta, id, householdId, fullName, ...overrides }),
});

/** The search entries as a rebuild from the stored records makes them. */
async function rebuilt(): Promise<Map<string, string>> {
  const [households, persons] = await Promise.all([db.households.toArray(), db.persons.orderBy('id').toArray()]);
  return new Map(
    households
      .filter((h) => !h.deleted)
      .map((h) => [h.id, householdSearchText(h, persons.filter((p) => p.householdId === h.id && !p.deleted))]),
  );
}

async function stored(): Promise<Map<string, string>> {
  return new Map((await db.householdSearch.toArray()).map((entry) => [entry.householdId, entry.text]));
}

/** The text the household list searches: stored entries, computed where there is none. */
async function effective(): Promise<Map<string, string>> {
  return (await loadVillageData(db, VILLAGE)).searchText;
}

/** Every stored entry is exact and the list's text equals a rebuild; returns the stored entries. */
async function expectExact(): Promise<Map<string, string>> {
  const expected = await rebuilt();
  const entries = await stored();
  for (const [householdId, text] of entries) expect(text, householdId).toBe(expected.get(householdId));
  expect(await effective()).toEqual(expected);
  return entries;
}

/** Applies pages as the engine does: one run, each page after the cursor of the one before. */
async function pullPages(pages: PullChange[][]): Promise<void> {
  const run = await store.beginPull();
  let after = await store.getCursor();
  for (const [index, changes] of pages.entries()) {
    const cursor = `c${index}-${Math.random()}`;
    await store.applyPullPage(changes, cursor, run, after);
    after = cursor;
  }
}

const PAGES: PullChange[][] = [
  // People first: their household was edited after they were added, so it comes later.
  [person('p3', 'h1', 'Lê Văn Cường'), person('p1', 'h1', 'Trần Thị Bình'), household('h2', 'Phạm Văn Dũng')],
  [household('h1', 'Nguyễn Văn An'), person('p4', 'h2', 'Phạm Thị Em'), person('p2', 'h2', 'Võ Văn Giang')],
  // p2 moves to h1; p4 is deleted; h2 gets a new head name.
  [person('p2', 'h1', 'Võ Văn Giang'), person('p4', 'h2', 'Phạm Thị Em', { deleted: true }), household('h2', 'Phạm Văn Dũng Mới')],
  // A household removed with its member.
  [household('h3', 'Đỗ Thị Hạnh'), person('p5', 'h3', 'Đỗ Thị Hạnh')],
  [household('h3', 'Đỗ Thị Hạnh', { deleted: true }), person('p5', 'h3', 'Đỗ Thị Hạnh', { deleted: true })],
];

describe('search text written by a pull', () => {
  it('a first download into an empty village: the same text as a rebuild, for every household', async () => {
    await pullPages(PAGES);
    const expected = await rebuilt();
    // Members in person-id order: p1, p2 (moved in), p3.
    expect(expected.get('h1')).toBe('nguyen van an xom tren tran thi binh vo van giang le van cuong');
    // Only h1, whose people came before it (the run could not tell which village it is in), was read back.
    expect([...(await expectExact()).keys()]).toEqual(['h1']);
  });

  it('a first download in the usual order (households, then their people) writes no search entry', async () => {
    await pullPages([
      [household('h1', 'Nguyễn Văn An'), household('h2', 'Phạm Văn Dũng'), person('p1', 'h1', 'Trần Thị Bình')],
      [person('p2', 'h2', 'Võ Văn Giang'), person('p3', 'h1', 'Lê Văn Cường')],
      [person('p2', 'h1', 'Võ Văn Giang'), household('h2', 'Phạm Văn Dũng', { deleted: true })],
    ]);
    expect((await expectExact()).size).toBe(0);
    expect((await effective()).get('h1')).toBe('nguyen van an xom tren tran thi binh vo van giang le van cuong');
  });

  it('the same pages into a village that already holds records: read back from the database', async () => {
    await db.persons.put(completePerson({ ...meta, id: 'p0', householdId: 'h1', fullName: 'Người Có Sẵn' }));
    await pullPages(PAGES);
    const expected = await rebuilt();
    expect(expected.get('h1')).toContain('nguoi co san');
    expect(await stored()).toEqual(expected);
    await expectExact();
  });

  it('a later sync moves a person to another household: the household they left no longer finds them', async () => {
    await pullPages([[household('h1', 'Nguyễn Văn An'), household('h2', 'Phạm Văn Dũng'), person('p1', 'h1', 'Trần Thị Bình')]]);
    const search = db.householdSearch.get.bind(db.householdSearch);
    // A search entry for h1, as a save on the phone writes it.
    await db.householdSearch.put({ householdId: 'h1', villageId: VILLAGE, text: (await effective()).get('h1')! });
    expect((await search('h1'))?.text).toContain('tran thi binh');
    // The second run meets a village that already holds records.
    await pullPages([[person('p1', 'h2', 'Trần Thị Bình', { version: 2 })]]);
    expect((await search('h1'))?.text).not.toContain('tran thi binh');
    expect((await effective()).get('h2')).toContain('tran thi binh');
    await expectExact();
  });

  it('a person moved twice in one run after a save on the phone: neither household they left keeps their name', async () => {
    const repository = createRepository(db);
    const run = await store.beginPull();
    await store.applyPullPage([household('h1', 'Nguyễn Văn An'), household('h2', 'Phạm Văn Dũng'), household('h3', 'Lê Thị Hoa'), person('p1', 'h1', 'Trần Thị Bình')], 'c0', run, null);
    // A save on the phone in the middle of the run: from here on the run rebuilds entries.
    await repository.saveHousehold({ id: 'h3', villageId: VILLAGE, fields: { headName: 'Lê Thị Hoa', address: 'Xóm Dưới', business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Lê Thị Hoa' }, members: [] });
    await store.applyPullPage([person('p1', 'h2', 'Trần Thị Bình', { version: 2 })], 'c1', run, 'c0');
    await store.applyPullPage([person('p1', 'h3', 'Trần Thị Bình', { version: 3 })], 'c2', run, 'c1');
    const text = await effective();
    expect(text.get('h2')).not.toContain('tran thi binh');
    expect(text.get('h3')).toContain('tran thi binh');
    await expectExact();
  });

  it('pages applied one by one, without a run', async () => {
    for (const [index, changes] of PAGES.entries()) await store.applyPullPage(changes, `c${index}`);
    expect(await stored()).toEqual(await rebuilt());
    await expectExact();
  });

  it('a member added on the phone during the run is in the text of the pages that follow', async () => {
    const repository = createRepository(db);
    const run = await store.beginPull();
    await store.applyPullPage(PAGES[0], 'c0', run, null);
    await store.applyPullPage(PAGES[1], 'c1', run, 'c0');
    const { headName, address, business, acceptsCashless, consentGiven } = (await db.households.get('h1'))!;
    const members = (await db.persons.where('householdId').equals('h1').toArray()).map(({ id, householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...fields }) => ({ id, ...fields }));
    await repository.saveHousehold({ id: 'h1', villageId: VILLAGE, fields: { headName, address, business, acceptsCashless, consentGiven, consentAt: '2026-11-01', consentBy: headName }, members: [...members, memberDraft({ fullName: 'Con Mới Sinh', relation: 'child', birthYear: 2025 })] });
    await store.applyPullPage(PAGES[2], 'c2', run, 'c1');
    const text = (await effective()).get('h1');
    expect(text).toContain('con moi sinh');
    expect(text).toContain('vo van giang');
    await expectExact();
  });
});

describe('pages stored out of order', () => {
  it('a page that does not follow the stored cursor is refused and writes nothing', async () => {
    const run = await store.beginPull();
    await store.applyPullPage(PAGES[0], 'c0', run, null);
    // As if the page before (c1) had failed to commit.
    await expect(store.applyPullPage(PAGES[2], 'c2', run, 'c1')).rejects.toBeInstanceOf(PullOutOfOrderError);
    expect(await store.getCursor()).toBe('c0');
    expect(await db.households.get('h1')).toBeUndefined();
    expect(await db.persons.get('p2')).toBeUndefined();
  });
});
