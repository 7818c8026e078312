// The phone's repository on a real IndexedDB implementation (fake-indexeddb): every save writes the
// records and their outbox entries together, with only the changed fields.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CongDanSoDb } from '../../src/db/database';
import { createRepository, InvalidRecordError, type Repository } from '../../src/db/repository';
import { memberDraft } from '../fixtures/records';
import { loadVillageData } from '../../src/db/villageLive';
import { householdSearchText } from '../../src/db/searchText';
import { readVillages } from '../../src/db/queries';

const VILLAGE = 'village-1';

const member = memberDraft;

const householdFields = {
  address: 'Số 12, Xóm Trên',
  headName: 'Nguyễn Văn An',
  business: 'none' as const,
  acceptsCashless: false,
  consentGiven: true,
  consentAt: '2026-11-20',
  consentBy: 'Nguyễn Văn An',
};

let db: CongDanSoDb;
let repo: Repository;
let ids: number;
let clock: Date;

beforeEach(async () => {
  // A fresh in-memory IndexedDB per test: no state leaks between tests.
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  db = openDatabase(`test-${Math.random()}`);
  ids = 0;
  clock = new Date('2026-11-22T03:00:00Z');
  repo = createRepository(db, { now: () => clock, newId: () => `id-${++ids}` });
});

describe('saveHousehold', () => {
  it('writes the household, its members and one outbox entry per record in creation order', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ fullName: 'Trần Thị Bình', sex: 'female', relation: 'spouse', birthYear: 1982 })] });
    const household = await db.households.get(id);
    expect(household).toMatchObject({ ...householdFields, id, villageId: VILLAGE, version: 0, deleted: false, updatedAt: '2026-11-22T03:00:00.000Z' });
    expect(await db.persons.where('householdId').equals(id).count()).toBe(2);
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => [e.entity, e.op, e.baseVersion, e.state])).toEqual([
      ['household', 'upsert', 0, 'pending'],
      ['person', 'upsert', 0, 'pending'],
      ['person', 'upsert', 0, 'pending'],
    ]);
    expect(outbox[0].fields).toEqual(householdFields);
    expect(new Set(outbox.map((e) => e.mutationId)).size).toBe(3);
  });

  it('sends only the changed fields of an edit, from the stored version, and null for a cleared field', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: { ...householdFields, phone: '0912345678' }, members: [member()] });
    const [person] = await db.persons.toArray();
    await db.households.update(id, { version: 7 });
    await db.persons.update(person.id, { version: 3 });
    await db.outbox.clear();

    await repo.saveHousehold({ id, villageId: VILLAGE, fields: { ...householdFields, phone: undefined }, members: [{ ...member({ vneid: 'level2' }), id: person.id }] });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => [e.entity, e.baseVersion, e.fields])).toEqual([
      ['household', 7, { phone: null }],
      ['person', 3, { vneid: 'level2' }],
    ]);
  });

  it('writes nothing and queues nothing when nothing changed', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member()] });
    const [person] = await db.persons.toArray();
    await db.outbox.clear();
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: householdFields, members: [{ ...member(), id: person.id }] });
    expect(await db.outbox.count()).toBe(0);
  });

  it('removes a member left out of the roster with a delete tombstone', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ fullName: 'Lê Văn Cường', relation: 'child', birthYear: 2010 })] });
    const persons = await db.persons.toArray();
    const kept = persons.find((p) => p.fullName === 'Nguyễn Văn An')!;
    await db.outbox.clear();
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: householdFields, members: [{ ...member(), id: kept.id }] });
    const removed = await db.persons.get(persons.find((p) => p.fullName === 'Lê Văn Cường')!.id);
    expect(removed?.deleted).toBe(true);
    expect(await db.outbox.toArray()).toMatchObject([{ entity: 'person', op: 'delete', recordId: removed!.id, fields: {} }]);
  });

  it('rejects an invalid member and changes nothing (one transaction)', async () => {
    await expect(
      repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ birthYear: 1890 })] }),
    ).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await db.households.count()).toBe(0);
    expect(await db.persons.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('reports where an invalid member is, so the form can point at it', async () => {
    const error = await repo
      .saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ birthYear: 1990, birthDate: '1991-05-02' })] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).issues).toEqual([{ path: ['members', 1, 'birthDate'], message: 'validation.birthDateYear' }]);
  });

  it('rolls the whole save back when a write inside the transaction fails', async () => {
    // Simulates storage failing half way (e.g. QuotaExceededError on the outbox write).
    db.outbox.hook('creating', (_key, entry) => {
      if (entry.entity === 'person') throw new Error('QuotaExceededError');
    });
    await expect(repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member()] })).rejects.toThrow('QuotaExceededError');
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the folded search text of a household and its members', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: { ...householdFields, headName: 'Đặng Thị Hòa' }, members: [member({ fullName: 'Đặng Thị Hòa', sex: 'female' }), member({ fullName: "Ksor H'Thoan", relation: 'other' })] });
    const search = await db.householdSearch.get(id);
    expect(search?.text).toContain('dang thi hoa');
    expect(search?.text).toContain("ksor h'thoan");
    const data = await loadVillageData(db, VILLAGE);
    expect(data.searchText.get(id)).toBe(search?.text);
  });
});

describe('a household of another village than the selected one', () => {
  it('stays in its village, with its members, new ones and its search entry (the server refuses a move)', async () => {
    const id = await repo.saveHousehold({ villageId: 'village-b', fields: householdFields, members: [member()] });
    const [an] = await db.persons.toArray();
    await db.outbox.clear();
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: { ...householdFields, phone: '0912345678' }, members: [{ ...member({ vneid: 'level2' }), id: an.id }, member({ fullName: 'Lê Văn Cường', relation: 'child', birthYear: 2010 })] });
    expect((await db.households.get(id))?.villageId).toBe('village-b');
    expect((await db.persons.toArray()).map((p) => p.villageId)).toEqual(['village-b', 'village-b']);
    expect((await db.outbox.toArray()).map((entry) => entry.villageId)).toEqual(['village-b', 'village-b', 'village-b']);
    expect((await db.householdSearch.get(id))?.villageId).toBe('village-b');
  });
});

describe('a save based on what the form showed (changes a sync brought meanwhile are kept)', () => {
  /** A household with two members as the server has it at version 3, and the form's base taken then. */
  async function openedForm() {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ fullName: 'Trần Thị Bình', sex: 'female', relation: 'spouse' })] });
    await db.outbox.clear();
    await db.households.update(id, { version: 3 });
    const stored = await db.persons.where('householdId').equals(id).toArray();
    for (const person of stored) await db.persons.update(person.id, { version: 3 });
    const household = (await db.households.get(id))!;
    const members = await db.persons.where('householdId').equals(id).toArray();
    const an = members.find((p) => p.fullName === 'Nguyễn Văn An')!;
    const binh = members.find((p) => p.fullName === 'Trần Thị Bình')!;
    const form = { id, villageId: VILLAGE, fields: householdFields, members: members.map(({ id: personId, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, householdId: _h, ...rest }) => ({ id: personId, ...rest })) };
    return { id, base: { household, members }, form, an, binh };
  }

  /** What a pull writes: the village head's changes at version 4, and a member the head added. */
  async function headChangedMeanwhile(id: string, anId: string) {
    await db.households.update(id, { version: 4, phone: '0987654321' });
    await db.persons.update(anId, { version: 4, vneid: 'level2' });
    await db.persons.put({ ...member({ fullName: 'Nguyễn Thị Cúc', sex: 'female', relation: 'child', birthYear: 2010 }), id: 'from-head', householdId: id, villageId: VILLAGE, version: 4, deleted: false, updatedAt: '2026-11-22T02:00:00.000Z' });
  }

  it('a field the user left alone keeps the value a sync brought; only what the user changed is sent, from the version the form showed', async () => {
    const { id, base, form, an } = await openedForm();
    await headChangedMeanwhile(id, an.id);
    await repo.saveHousehold({ ...form, base, fields: { ...householdFields, address: 'Số 14, Xóm Trên' }, members: form.members.map((m) => (m.id === an.id ? { ...m, smartphone: 'own' as const } : m)) });

    expect(await db.households.get(id)).toMatchObject({ address: 'Số 14, Xóm Trên', phone: '0987654321', version: 4 });
    expect(await db.persons.get(an.id)).toMatchObject({ vneid: 'level2', smartphone: 'own', deleted: false });
    // The member the head added is still there: the form never showed them, so the user did not remove them.
    expect(await db.persons.get('from-head')).toMatchObject({ deleted: false, fullName: 'Nguyễn Thị Cúc' });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => [e.entity, e.recordId, e.op, e.baseVersion, e.fields])).toEqual([
      ['household', id, 'upsert', 3, { address: 'Số 14, Xóm Trên' }],
      ['person', an.id, 'upsert', 3, { smartphone: 'own' }],
    ]);
    const search = await db.householdSearch.get(id);
    expect(search?.text).toContain('cuc');
    expect(search?.text).toContain('0987654321');
  });

  it('a field both changed takes the user\'s value, sent from the version the form showed so the server reviews it', async () => {
    const { id, base, form, an } = await openedForm();
    await headChangedMeanwhile(id, an.id);
    await repo.saveHousehold({ ...form, base, members: form.members.map((m) => (m.id === an.id ? { ...m, vneid: 'level1' as const } : m)) });
    expect(await db.persons.get(an.id)).toMatchObject({ vneid: 'level1', version: 4 });
    const [entry] = await db.outbox.toArray();
    expect([entry.recordId, entry.baseVersion, entry.fields]).toEqual([an.id, 3, { vneid: 'level1' }]);
  });

  it('a member the user took off the roster is removed; one removed by a sync meanwhile is not brought back', async () => {
    const { id, base, form, an, binh } = await openedForm();
    await db.persons.update(an.id, { version: 4, deleted: true });
    await repo.saveHousehold({ ...form, base, members: form.members.filter((m) => m.id !== binh.id) });
    expect(await db.persons.get(binh.id)).toMatchObject({ deleted: true });
    expect(await db.persons.get(an.id)).toMatchObject({ deleted: true, version: 4 });
    expect((await db.outbox.toArray()).map((e) => [e.recordId, e.op, e.baseVersion])).toEqual([[binh.id, 'delete', 3]]);
    expect((await db.householdSearch.get(id))?.text).not.toContain('binh');
  });

  it('consent is one fact: the user corrects who gave it while another member withdrew it; the user\'s whole answer is kept', async () => {
    const { id, base, form } = await openedForm();
    // The withdrawal, pulled: no consent, no date, no giver.
    const withdrawn = (await db.households.get(id))!;
    delete withdrawn.consentAt;
    delete withdrawn.consentBy;
    await db.households.put({ ...withdrawn, version: 4, consentGiven: false });
    await repo.saveHousehold({ ...form, base, fields: { ...householdFields, consentBy: 'Trần Thị Bình' } });
    const stored = (await db.households.get(id))!;
    // Not "no consent, given by Bình": the user's answer (given, on 20/11, by Bình) as a whole.
    expect([stored.consentGiven, stored.consentAt, stored.consentBy]).toEqual([true, '2026-11-20', 'Trần Thị Bình']);
    const [entry] = await db.outbox.toArray();
    expect([entry.baseVersion, entry.fields]).toEqual([3, { consentGiven: true, consentAt: '2026-11-20', consentBy: 'Trần Thị Bình' }]);
  });

  it('two edits that make an invalid whole save the user\'s record as the form held it', async () => {
    const { base, form, an } = await openedForm();
    await db.persons.update(an.id, { version: 4, birthYear: 1981 });
    await repo.saveHousehold({ ...form, base, members: form.members.map((m) => (m.id === an.id ? { ...m, birthDate: '1980-05-02' } : m)) });
    expect(await db.persons.get(an.id)).toMatchObject({ birthYear: 1980, birthDate: '1980-05-02' });
    const [entry] = await db.outbox.toArray();
    expect([entry.baseVersion, entry.fields]).toEqual([3, { birthYear: 1980, birthDate: '1980-05-02' }]);
  });
});

describe('a birth year after this year (by the phone\'s clock)', () => {
  const nextYear = new Date('2026-11-22T03:00:00Z').getUTCFullYear() + 1;

  it('is refused where it is typed: a new member, or a year changed', async () => {
    await expect(repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member(), member({ fullName: 'Bé Mới', relation: 'child', birthYear: nextYear })] })).rejects.toMatchObject({
      issues: [{ path: ['members', 1, 'birthYear'], message: 'validation.birthYear' }],
    });
    expect(await db.households.count()).toBe(0);
  });

  it('does not stop a save when the phone holds it already (registered by a server whose clock is right)', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member()] });
    await db.persons.put({ ...member({ fullName: 'Bé Tết', relation: 'child', birthYear: nextYear }), id: 'baby', householdId: id, villageId: VILLAGE, version: 3, deleted: false, updatedAt: '2026-11-22T02:00:00.000Z' });
    const members = (await db.persons.where('householdId').equals(id).toArray()).map(({ householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...rest }) => rest);
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: { ...householdFields, address: 'Số 20, Xóm Trên' }, members });
    expect((await db.households.get(id))!.address).toBe('Số 20, Xóm Trên');
    expect(await db.persons.get('baby')).toMatchObject({ birthYear: nextYear, deleted: false });
  });
});

describe('search text written by a save (computed from the roster, not read back)', () => {
  it('equals a rebuild from the stored records after members are renamed, removed and added', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member({ fullName: 'Nguyễn Văn An' }), member({ fullName: 'Trần Thị Bé', relation: 'spouse', sex: 'female' })] });
    const [an, be] = await db.persons.where('householdId').equals(id).sortBy('fullName');
    const fieldsOf = ({ id: personId, householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...rest }: typeof an) => ({ id: personId, ...rest });
    expect(be.fullName).toBe('Trần Thị Bé');
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: { ...householdFields, phone: '0912345678' }, members: [{ ...fieldsOf(an), fullName: 'Nguyễn Văn Ân' }, member({ fullName: 'Đinh Văn Cường', relation: 'child' })] });
    const alive = (await db.persons.where('householdId').equals(id).toArray()).filter((p) => !p.deleted);
    const household = (await db.households.get(id))!;
    expect((await db.householdSearch.get(id))?.text).toBe(householdSearchText(household, alive));
    expect((await db.householdSearch.get(id))?.text).not.toContain('tran thi be');
  });
});

describe('a save that changes nothing', () => {
  it('writes nothing, not even a search entry (a pull run would not know to rebuild it)', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member({ fullName: 'Nguyễn Văn An' })] });
    const [an] = await db.persons.where('householdId').equals(id).toArray();
    const { id: personId, householdId: _h, villageId: _v, version: _n, deleted: _d, updatedAt: _u, ...rest } = an;
    await db.householdSearch.clear();
    const entries = await db.outbox.count();
    await repo.saveHousehold({ id, villageId: VILLAGE, fields: householdFields, members: [{ id: personId, ...rest }] });
    expect(await db.outbox.count()).toBe(entries);
    expect(await db.householdSearch.get(id)).toBeUndefined();
  });
});

describe('deleteHousehold', () => {
  it('tombstones the household, its members and its visits, with delete mutations', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member()] });
    await repo.addVisit(VILLAGE, { householdId: id, visitedOn: '2026-11-21', helpedWith: ['vneid'] });
    await db.outbox.clear();
    await repo.deleteHousehold(id);
    expect((await db.households.get(id))?.deleted).toBe(true);
    expect((await db.persons.toArray()).every((p) => p.deleted)).toBe(true);
    expect((await db.visits.toArray()).every((v) => v.deleted)).toBe(true);
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.entity, e.op])).toEqual([
      ['person', 'delete'],
      ['visit', 'delete'],
      ['household', 'delete'],
    ]);
    expect(await db.householdSearch.get(id)).toBeUndefined();
    const data = await loadVillageData(db, VILLAGE);
    expect(data.households).toHaveLength(0);
  });
});

describe('addVisit', () => {
  it('records a visit with what was helped and queues it', async () => {
    const id = await repo.saveHousehold({ villageId: VILLAGE, fields: householdFields, members: [member()] });
    await db.outbox.clear();
    const visitId = await repo.addVisit(VILLAGE, { householdId: id, visitedOn: '2026-11-21', note: '', helpedWith: ['vneid', 'paymentAccount'] });
    expect(await db.visits.get(visitId)).toMatchObject({ householdId: id, visitedOn: '2026-11-21', helpedWith: ['vneid', 'paymentAccount'], version: 0 });
    expect((await db.visits.get(visitId))?.note).toBeUndefined();
    expect(await db.outbox.toArray()).toMatchObject([{ entity: 'visit', op: 'upsert', fields: { householdId: id, visitedOn: '2026-11-21', helpedWith: ['vneid', 'paymentAccount'] } }]);
  });

  it('records the visit in its household\'s village, whichever village is selected', async () => {
    const id = await repo.saveHousehold({ villageId: 'village-b', fields: householdFields, members: [member()] });
    await db.outbox.clear();
    const visitId = await repo.addVisit(VILLAGE, { householdId: id, visitedOn: '2026-11-21', helpedWith: [] });
    expect((await db.visits.get(visitId))?.villageId).toBe('village-b');
    expect((await db.outbox.toArray()).map((entry) => entry.villageId)).toEqual(['village-b']);
  });

  it('refuses an impossible date', async () => {
    await expect(repo.addVisit(VILLAGE, { householdId: 'h', visitedOn: '2026-02-30', helpedWith: [] })).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await db.visits.count()).toBe(0);
  });
});

describe('the phone\'s villages', () => {
  it('are listed in Vietnamese order with numbers as numbers, as the server lists them', async () => {
    const names = ['Thôn 10', 'Ấp Bắc', 'Thôn 2', 'Đồng Tâm', 'Xuân Lộc', 'Bản Mới'];
    await db.villages.bulkPut(names.map((name, i) => ({ id: `v${i}`, name, expectedHouseholds: null })));
    expect((await readVillages(db)).map((v) => v.name)).toEqual(['Ấp Bắc', 'Bản Mới', 'Đồng Tâm', 'Thôn 2', 'Thôn 10', 'Xuân Lộc']);
  });
});
