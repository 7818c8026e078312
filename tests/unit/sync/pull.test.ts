// Receiving other phones' work from the real commune server: paging, tombstones, search text, and the
// rule that a pulled record never overwrites changes this phone has not sent yet.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVillageData } from '../../../src/db/villageLive';
import { parsePullResponse } from '../../../src/sync/pullValidation';
import { CommuneServer, householdFields, member, Phone } from './harness';

let server: CommuneServer;
beforeAll(async () => {
  server = await CommuneServer.start();
}, 60_000);
afterAll(() => server.close());

/** Two phones of two members of one village, both signed in. */
async function twoPhones() {
  const village = await server.createVillage();
  const phoneA = new Phone(server);
  const phoneB = new Phone(server);
  expect((await phoneA.signIn(await server.createUser('member', [village.id]))).ok).toBe(true);
  expect((await phoneB.signIn(await server.createUser('member', [village.id]))).ok).toBe(true);
  return { village, phoneA, phoneB };
}

describe('pull', { timeout: 30_000 }, () => {
  it('downloads 1,200 records in pages of 500, each page stored with its cursor, with search text', async () => {
    const village = await server.createVillage();
    const seeder = await server.createUser('member', [village.id]);
    const { token } = await server.call<{ token: string }>('POST', '/api/auth/login', seeder);
    const households = Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), headName: `Nguyễn Văn Hộ ${i}` }));
    const mutation = (entity: string, recordId: string, fields: Record<string, unknown>) => ({
      id: randomUUID(), entity, recordId, villageId: village.id, op: 'upsert', baseVersion: 0, fields, clientTime: new Date().toISOString(),
    });
    await server.call('POST', '/api/sync/push', {
      protocolVersion: 1, deviceId: 'seeder',
      mutations: households.map((h) => mutation('household', h.id, { ...householdFields({ headName: h.headName }) })),
    }, token);
    const persons = households.flatMap((h, i) => [0, 1, 2].map((k) => mutation('person', randomUUID(), { ...member({ fullName: `Đặng Thị Người ${i}-${k}` }), householdId: h.id })));
    for (let i = 0; i < persons.length; i += 450) {
      await server.call('POST', '/api/sync/push', { protocolVersion: 1, deviceId: 'seeder', mutations: persons.slice(i, i + 450) }, token);
    }

    const phone = new Phone(server, { pullLimit: 500 });
    expect((await phone.signIn(await server.createUser('member', [village.id]))).ok).toBe(true);
    const cursors: string[] = [];
    const storeApply = phone.store.applyPullPage;
    phone.store.applyPullPage = async (changes, cursor) => {
      cursors.push(cursor);
      await storeApply(changes, cursor);
    };
    const progress: number[] = [];
    phone.engine.status.subscribe((s) => progress.push(s.received));

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', received: 1200 });
    expect(phone.network.log.filter((p) => p === '/api/sync/pull')).toHaveLength(3);
    expect(await phone.db.households.count()).toBe(300);
    expect(await phone.db.persons.count()).toBe(900);
    expect(progress).toContain(500);
    expect(progress).toContain(1000);
    expect((await phone.db.meta.get('syncCursor'))!.value).toBe(cursors[2]);
    const search = await phone.db.householdSearch.get(households[7].id);
    expect(search!.text).toContain('nguyen van ho 7');
    expect(search!.text).toContain('dang thi nguoi 7-2');
    // A second run asks from the stored cursor and receives nothing new.
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', received: 0 });
  });

  it('a deleted household arrives as tombstones: kept as deleted, hidden from the screens', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const gone = await phoneA.saveHousehold(village.id, { headName: 'Hộ nhập nhầm' }, [member({ fullName: 'Người Nhầm' })]);
    const stays = await phoneA.saveHousehold(village.id, { headName: 'Hộ ở lại' });
    await phoneA.engine.sync();
    await phoneB.engine.sync();
    expect((await loadVillageData(phoneB.db, village.id)).households).toHaveLength(2);

    await phoneA.repository.deleteHousehold(gone);
    await phoneA.engine.sync();
    await phoneB.engine.sync();

    const stored = await phoneB.db.households.get(gone);
    expect(stored).toMatchObject({ deleted: true, headName: 'Hộ nhập nhầm' });
    expect((await phoneB.db.persons.where('householdId').equals(gone).toArray()).every((p) => p.deleted)).toBe(true);
    const visible = await loadVillageData(phoneB.db, village.id);
    expect(visible.households.map((h) => h.id)).toEqual([stays]);
    expect(visible.persons.every((p) => p.householdId === stays)).toBe(true);
    expect(await phoneB.db.householdSearch.get(gone)).toBeUndefined();
  });

  it('an edit saved while a pull is on its way survives the pull of a newer server record, and is sent next', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id, {}, [member({ fullName: 'Hà Văn Sáu', vneid: 'none', smartphone: 'none' })]);
    await phoneA.engine.sync();
    await phoneB.engine.sync();
    const person = (await phoneB.db.persons.where('householdId').equals(householdId).first())!;

    // Phone A changes the smartphone (server now newer than what B has)…
    await phoneA.editMember(householdId, person.id, { smartphone: 'own' });
    await phoneA.engine.sync();
    // …while B's member saves a VNeID change just as B's pull request goes out.
    phoneB.network.beforeRequest = async (path) => {
      if (path !== '/api/sync/pull') return;
      phoneB.network.beforeRequest = undefined;
      await phoneB.editMember(householdId, person.id, { vneid: 'level2' });
    };
    await phoneB.engine.sync();

    const local = (await phoneB.db.persons.get(person.id))!;
    expect(local.vneid).toBe('level2'); // not overwritten by the pulled record
    expect(local.smartphone).toBe('own'); // the pulled change is there too
    expect(local.version).toBe(2); // the server's version: the base of the next edit
    expect(await phoneB.pendingCount()).toBe(1);

    await phoneB.engine.sync();
    await phoneA.engine.sync();
    for (const phone of [phoneA, phoneB]) {
      expect(await phone.db.persons.get(person.id)).toMatchObject({ vneid: 'level2', smartphone: 'own', version: 3 });
    }
  });

  it('an edit saved while a pull is on its way that then loses to a later edit on another phone: the phone ends with the winner, not its own', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id, {}, [member({ fullName: 'Hà Văn Bảy', vneid: 'none' })]);
    await phoneA.engine.sync();
    await phoneB.engine.sync();
    const person = (await phoneB.db.persons.where('householdId').equals(householdId).first())!;

    // Phone A's clock is an hour ahead: its VNeID change is the later one, whenever it arrives.
    (phoneA as unknown as { time: number }).time += 3_600_000;
    await phoneA.editMember(householdId, person.id, { vneid: 'level2' });
    await phoneA.engine.sync();
    // B's member saves another VNeID value just as B's pull request goes out: the pulled level2 arrives
    // under B's unsent change, so B shows its own value…
    phoneB.network.beforeRequest = async (path) => {
      if (path !== '/api/sync/pull') return;
      phoneB.network.beforeRequest = undefined;
      await phoneB.editMember(householdId, person.id, { vneid: 'level1' });
    };
    await phoneB.engine.sync();
    expect((await phoneB.db.persons.get(person.id))!.vneid).toBe('level1');

    // …until it is sent: it loses to A's later change, and B pulls the winner back.
    expect(await phoneB.engine.sync()).toMatchObject({ kind: 'done', sent: 1, conflicts: 1 });
    expect(await phoneB.pendingCount()).toBe(0);
    expect(await phoneB.db.persons.get(person.id)).toMatchObject({ vneid: 'level2' });
  });

  it('a pulled record older than the unsent local edit keeps the edit; a pull with no unsent edit takes the server', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id, { address: 'Số 1' });
    await phoneA.engine.sync();
    // B pulls page by page by hand here, to hold an edit between the request and the write.
    const page = parsePullResponse(await phoneB.api.pull(null, 500));
    await phoneB.store.applyPullPage(page.changes, page.cursor);
    const h = (await phoneB.db.households.get(householdId))!;
    const { id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = h;
    await phoneB.repository.saveHousehold({ id, villageId, fields: { ...fields, address: 'Số 2, đã sửa' }, members: [] });

    await phoneB.store.applyPullPage(page.changes, page.cursor); // the same (older) record again
    expect((await phoneB.db.households.get(householdId))!.address).toBe('Số 2, đã sửa');
    expect((await phoneB.db.householdSearch.get(householdId))!.text).toContain('so 2, da sua');

    // With nothing unsent, the server's record is taken as it is.
    await phoneB.db.outbox.clear();
    await phoneB.store.applyPullPage(page.changes, page.cursor);
    expect((await phoneB.db.households.get(householdId))!.address).toBe('Số 1');
  });

  it('refuses a page that does not match protocol v1 and writes nothing of it', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id);
    await phoneA.engine.sync();
    phoneB.network.rewriteAnswer = (path, body) =>
      path === '/api/sync/pull' ? { ...(body as object), changes: [{ entity: 'household', record: { id: householdId, villageId: village.id } }] } : body;

    expect(await phoneB.engine.sync()).toMatchObject({ kind: 'failed', code: 'BAD_RESPONSE' });
    expect(await phoneB.db.households.count()).toBe(0);
    expect(await phoneB.db.meta.get('syncCursor')).toBeUndefined();
    expect(phoneB.engine.status.get()).toMatchObject({ phase: 'error', errorCode: 'BAD_RESPONSE' });

    phoneB.network.rewriteAnswer = undefined;
    expect(await phoneB.engine.sync()).toMatchObject({ kind: 'done', received: 2 });
  });
});

describe('pull with a cursor the server does not understand', { timeout: 30_000 }, () => {
  it('starts again from the beginning once, instead of failing for ever', async () => {
    const village = await server.createVillage();
    const phone = new Phone(server);
    await phone.signIn(await server.createUser('member', [village.id]));
    await phone.saveHousehold(village.id);
    await phone.engine.sync();
    await phone.db.meta.put({ key: 'syncCursor', value: 'not-a-cursor-of-this-server' });

    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', received: 2 });
    expect((await phone.db.meta.get('syncCursor'))!.value).not.toBe('not-a-cursor-of-this-server');
  });
});

describe('pull after the office changes the member’s villages [PL5]', { timeout: 30_000 }, () => {
  it('drops the records of a village taken away (keeping only unsent work), and downloads the new one', async () => {
    const oldVillage = await server.createVillage('Thôn Cũ');
    const newVillage = await server.createVillage('Thôn Mới');
    const other = new Phone(server);
    await other.signIn(await server.createUser('member', [newVillage.id]));
    await other.saveHousehold(newVillage.id, { headName: 'Hộ ở thôn mới' });
    await other.engine.sync();

    const phone = new Phone(server);
    const account = await server.createUser('member', [oldVillage.id]);
    await phone.signIn(account);
    await phone.saveHousehold(oldVillage.id, { headName: 'Hộ đã gửi' });
    await phone.engine.sync();
    const { users } = await server.call<{ users: { id: string; username: string }[] }>('GET', '/api/admin/users', undefined, server.adminToken);
    const userId = users.find((u) => u.username === account.username)!.id;
    const response = await server.app.inject({
      method: 'PATCH', url: `/api/admin/users/${userId}`, headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ villageIds: [newVillage.id] }),
    });
    expect(response.statusCode).toBe(200);
    // Saved after the office's change: the phone cannot send it any more, but must not lose it.
    await phone.saveHousehold(oldVillage.id, { headName: 'Hộ chưa gửi' });

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done' });
    // Of the old village only the unsent household and its member stay: the phone keeps no more of a
    // village its account no longer has than the work waiting to leave in a backup file.
    const names = (await phone.db.households.toArray()).map((h) => h.headName).sort();
    expect(names).toEqual(['Hộ chưa gửi', 'Hộ ở thôn mới'].sort());
    const unsent = (await phone.db.households.toArray()).find((h) => h.headName === 'Hộ chưa gửi')!;
    expect((await phone.db.persons.where('villageId').equals(oldVillage.id).toArray()).map((p) => p.householdId)).toEqual([unsent.id]);
    expect((await phone.db.villages.toArray()).map((v) => v.name).sort()).toEqual(['Thôn Cũ', 'Thôn Mới']);
    expect((await phone.store.getSession())!.user.villageIds).toEqual([newVillage.id]);
    // The push went before the phone learnt of the change: refused, parked with the reason, kept.
    expect((await phone.db.outbox.toArray()).map((e) => [e.state, e.error?.code])).toEqual([
      ['parked', 'FORBIDDEN_VILLAGE'],
      ['parked', 'FORBIDDEN_VILLAGE'],
    ]);

    // Once that work is dealt with (here: discarded), the old village leaves the phone at the next reset.
    await phone.db.outbox.clear();
    await phone.store.replaceVillages([{ id: newVillage.id, name: 'Thôn Mới', expectedHouseholds: 120 }]);
    expect((await phone.db.households.toArray()).map((h) => h.headName)).toEqual(['Hộ ở thôn mới']);
  });
});

describe('a village the office corrects [PL9]', { timeout: 30_000 }, () => {
  it('its new name, code and expected households reach the phone with the next sync; no village is added or dropped', async () => {
    const village = await server.createVillage('Thôn Hợp Nhât');
    const other = await server.createVillage('Thôn Khác');
    const phone = new Phone(server);
    expect((await phone.signIn(await server.createUser('village_head', [village.id]))).ok).toBe(true);
    expect(await phone.db.villages.get(village.id)).toMatchObject({ name: 'Thôn Hợp Nhât', expectedHouseholds: 120 });

    const patched = await server.app.inject({
      method: 'PATCH', url: `/api/admin/villages/${village.id}`,
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Thôn Hợp Nhất', code: 'HN', expectedHouseholds: 250 }),
    });
    expect(patched.statusCode).toBe(200);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect(await phone.db.villages.toArray()).toEqual([{ id: village.id, name: 'Thôn Hợp Nhất', code: 'HN', expectedHouseholds: 250 }]);
    expect(await phone.db.villages.get(other.id)).toBeUndefined();
  });

  it('only the last page of a pull carries the villages', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const { token } = await server.call<{ token: string }>('POST', '/api/auth/login', account);
    const phone = new Phone(server);
    await phone.signIn(account);
    await phone.saveHousehold(village.id);
    await phone.saveHousehold(village.id);
    await phone.engine.sync();
    const first = await server.call<{ cursor: string; hasMore: boolean; villages?: unknown }>('GET', '/api/sync/pull?limit=1', undefined, token);
    expect([first.hasMore, first.villages]).toEqual([true, undefined]);
    const last = await server.call<{ hasMore: boolean; villages?: unknown }>('GET', `/api/sync/pull?limit=10&cursor=${encodeURIComponent(first.cursor)}`, undefined, token);
    expect([last.hasMore, last.villages]).toEqual([false, [{ id: village.id, name: village.name, expectedHouseholds: 120 }]]);
    expect(parsePullResponse(last).villages).toEqual(last.villages);
  });
});

describe('a person erased on request [DS2]', { timeout: 30_000 }, () => {
  it('a phone with a change of them still waiting keeps nothing of them: the change goes, the tombstone stays as pulled', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id, { headName: 'Hộ Xoá' }, [member({ fullName: 'Đào Thị Xoá' })]);
    await phoneA.engine.sync();
    await phoneB.engine.sync();
    const [person] = await phoneB.db.persons.where('householdId').equals(householdId).toArray();
    // Phone B corrects the name offline, then the resident's request reaches the office first.
    phoneB.network.down = true;
    await phoneB.editMember(householdId, person.id, { fullName: 'Đào Thị Xoa' });
    await phoneB.engine.sync();
    const erased = await server.app.inject({ method: 'POST', url: `/api/persons/${person.id}/erase`, headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(erased.statusCode).toBe(200);

    phoneB.network.down = false;
    await phoneB.engine.sync();
    const stored = await phoneB.db.persons.get(person.id);
    expect([stored?.deleted, stored?.fullName]).toEqual([true, '(đã xoá)']);
    expect(await phoneB.db.outbox.where('recordId').equals(person.id).count()).toBe(0);
    expect(JSON.stringify(await phoneB.db.outbox.toArray())).not.toContain('Đào Thị Xoa');
  });
});

describe('a household erased whole [DS5]', { timeout: 30_000 }, () => {
  it('a phone with changes of it still waiting keeps nothing of it: its edits, a member and a visit made offline go', async () => {
    const { village, phoneA, phoneB } = await twoPhones();
    const householdId = await phoneA.saveHousehold(village.id, { headName: 'Hộ Rút Lui', address: 'Xóm Rút', consentGiven: true, consentAt: '2026-11-01', consentBy: 'Hộ Rút Lui' }, [member({ fullName: 'Người Rút Lui' })]);
    await phoneA.engine.sync();
    await phoneB.engine.sync();
    // Phone A records the withdrawal; phone B, offline, corrects the phone number and adds a member and a visit.
    const household = (await phoneA.db.households.get(householdId))!;
    const withdrawn = await phoneA.repository.saveHousehold({
      id: householdId, villageId: village.id,
      fields: { address: household.address, headName: household.headName, business: household.business, acceptsCashless: household.acceptsCashless, consentGiven: false },
      members: (await phoneA.db.persons.where('householdId').equals(householdId).toArray()).map(({ id, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, householdId: _h, ...fields }) => ({ id, ...fields })),
    });
    expect(withdrawn).toBe(householdId);
    await phoneA.engine.sync();
    phoneB.network.down = true;
    const [person] = await phoneB.db.persons.where('householdId').equals(householdId).toArray();
    await phoneB.editMember(householdId, person.id, { fullName: 'Người Rút Lui Sửa' });
    await phoneB.repository.addVisit(village.id, { householdId, visitedOn: '2026-11-20', helpedWith: [], note: 'Ghi chú về Hộ Rút Lui' });
    await phoneB.engine.sync();

    const erased = await server.app.inject({ method: 'POST', url: `/api/households/${householdId}/erase`, headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(erased.statusCode).toBe(200);
    phoneB.network.down = false;
    await phoneB.engine.sync();

    const left = JSON.stringify([await phoneB.db.households.toArray(), await phoneB.db.persons.toArray(), await phoneB.db.visits.toArray(), await phoneB.db.outbox.toArray()]);
    for (const secret of ['Hộ Rút Lui', 'Người Rút Lui', 'Xóm Rút']) expect([secret, left.includes(secret)]).toEqual([secret, false]);
    expect(await phoneB.db.outbox.count()).toBe(0);
  });
});
