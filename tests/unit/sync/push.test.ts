// Sending the outbox to the real commune server: order, idempotent retries, parking, single flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CommuneServer, householdFields, member, Phone } from './harness';

let server: CommuneServer;
beforeAll(async () => {
  server = await CommuneServer.start();
}, 60_000);
afterAll(() => server.close());

async function phoneInNewVillage() {
  const village = await server.createVillage();
  const account = await server.createUser('member', [village.id]);
  const phone = new Phone(server, { pushBatchSize: 3 });
  expect((await phone.signIn(account)).ok).toBe(true);
  return { phone, village, account };
}

/**
 * Makes the household's creation, still waiting in the outbox, one the server refuses (a number that is
 * not one, as an older app version could have saved): in the entry, and on the phone too unless `onlyEntry`.
 */
async function refusedCreation(phone: Phone, householdId: string, onlyEntry = false) {
  const [creation] = (await phone.db.outbox.orderBy('seq').toArray()).filter((entry) => entry.recordId === householdId);
  await phone.db.outbox.update(creation.seq!, { fields: { ...creation.fields, phone: 'không phải số' } });
  if (!onlyEntry) await phone.db.households.update(householdId, { phone: 'không phải số' });
  return creation;
}

/**
 * A signed-in phone (batches of 3) with five new households waiting, written straight into its database
 * (as an older app version could have): the change at `odd` carries `oddFields` besides the usual ones.
 */
async function fiveQueuedHouseholds(odd: number, oddFields: Record<string, unknown>) {
  const village = await server.createVillage();
  const account = await server.createUser('member', [village.id]);
  const phone = new Phone(server, { pushBatchSize: 3 });
  await phone.signIn(account);
  const clientTime = phone.now().toISOString();
  const ids = Array.from({ length: 5 }, () => randomUUID());
  await phone.db.households.bulkAdd(ids.map((id) => ({ id, villageId: village.id, version: 0, deleted: false, updatedAt: clientTime, ...householdFields() })));
  await phone.db.outbox.bulkAdd(ids.map((id, index) => ({
    mutationId: randomUUID(), entity: 'household' as const, recordId: id, villageId: village.id, op: 'upsert' as const, baseVersion: 0,
    fields: { ...householdFields(), ...(index === odd ? oddFields : {}) }, clientTime, state: 'pending' as const,
  })));
  return { phone, account, ids };
}

describe('push', { timeout: 30_000 }, () => {
  it('sends the outbox in creation order, in batches, and takes the server versions', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    // Household + two members, then an edit of the first member: 4 mutations, then 3 more for a second
    // household. With batches of 3 the creation of a person and its household land in different batches,
    // which the server only accepts in creation order.
    const first = await phone.saveHousehold(village.id, {}, [member({ fullName: 'Lò Văn Khánh' }), member({ fullName: 'Lò Thị Mai', relation: 'spouse' })]);
    const khanh = (await phone.db.persons.where('householdId').equals(first).toArray()).find((p) => p.fullName === 'Lò Văn Khánh')!;
    await phone.editMember(first, khanh.id, { vneid: 'level2' });
    await phone.saveHousehold(village.id, { headName: 'Ksor H\u2019Thoan' }, [member({ fullName: "Ksor H'Thoan" }), member({ fullName: 'Ksor Y Blo', relation: 'child', birthYear: 2010 })]);
    const queued = (await phone.db.outbox.orderBy('seq').toArray()).map((e) => e.mutationId);
    expect(queued).toHaveLength(7);

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', sent: 7, parked: 0 });
    expect(phone.network.pushed).toEqual(queued);
    expect(phone.network.log.filter((p) => p === '/api/sync/push')).toHaveLength(3);
    expect(await phone.db.outbox.count()).toBe(0);
    const onServer = await server.records(account);
    const khanhOnServer = onServer.get(khanh.id)!;
    expect(khanhOnServer.vneid).toBe('level2');
    expect((await phone.db.persons.get(khanh.id))!.version).toBe(khanhOnServer.version);
    expect(khanhOnServer.version).toBe(2);
    expect(phone.engine.status.get()).toMatchObject({ phase: 'idle', sent: 7, errorCode: null });
    expect(await phone.db.meta.get('lastSyncAt')).toBeDefined();
  });

  it('a push does not make the phone claim it saw what the server merged: another device’s change of a field still makes this phone’s later edit of it a conflict', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, {}, [member({ fullName: 'Lò Văn Khánh' })]);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    const khanh = (await phone.db.persons.where('householdId').equals(householdId).toArray())[0];
    // A second phone of the same team sets Khánh's VNeID level.
    const other = new Phone(server);
    expect((await other.signIn(account)).ok).toBe(true);
    expect(await other.engine.sync()).toMatchObject({ kind: 'done' });
    await other.editMember(householdId, khanh.id, { vneid: 'level2' });
    expect(await other.engine.sync()).toMatchObject({ kind: 'done', sent: 1 });
    // This phone sends another field of Khánh, but the pull after it fails: it has not seen level2.
    await phone.editMember(householdId, khanh.id, { smartphone: 'shared' });
    expect(await phone.pendingCount()).toBe(1);
    phone.network.beforeRequest = (path) => {
      if (path === '/api/sync/pull') throw new TypeError('Failed to fetch');
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'NETWORK' });
    phone.network.beforeRequest = undefined;
    expect(await phone.pendingCount()).toBe(0);
    // Its later edit of the VNeID level is a conflict to review, not a silent overwrite of level2.
    await phone.editMember(householdId, khanh.id, { vneid: 'level2_pending' });
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 1, conflicts: 1 });
  });

  it('a push whose answer is lost after the server committed is retried without duplicates', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id);
    phone.network.losePushAnswers = 1;

    const lost = await phone.engine.sync();
    expect(lost).toMatchObject({ kind: 'failed', code: 'NETWORK', retryable: true });
    expect(await phone.pendingCount()).toBe(2); // nothing is forgotten without an answer
    expect(phone.engine.status.get().errorCode).toBe('NETWORK');

    const retried = await phone.engine.sync();
    expect(retried).toMatchObject({ kind: 'done', sent: 2 });
    expect(await phone.db.outbox.count()).toBe(0);
    const onServer = await server.records(account);
    expect(onServer.size).toBe(2);
    // Applied once: the retry answered "duplicate" with the first version, nothing changed twice.
    expect(onServer.get(householdId)!.version).toBe(1);
    expect((await phone.db.households.get(householdId))!.version).toBe(1);
  });

  it('a rejected mutation in the middle is parked with its reason while the others apply', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const before = await phone.saveHousehold(village.id, { headName: 'Hộ trước' }, []);
    const bad = await phone.saveHousehold(village.id, { headName: 'Hộ sai' }, []);
    const after = await phone.saveHousehold(village.id, { headName: 'Hộ sau' }, []);
    // A value the phone's own form would refuse (e.g. written by an older app version).
    const badEntry = (await phone.db.outbox.where('recordId').equals(bad).first())!;
    await phone.db.outbox.update(badEntry.seq!, { fields: { ...badEntry.fields, phone: 'không phải số' } });
    await phone.db.households.update(bad, { phone: 'không phải số' });

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', sent: 3, parked: 1 });
    const parked = await phone.db.outbox.toArray();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ recordId: bad, state: 'parked', error: { code: 'VALIDATION_FAILED' } });
    const onServer = await server.records(account);
    expect([...onServer.keys()].sort()).toEqual([before, after].sort());

    // A parked entry is not sent again by itself…
    await phone.engine.sync();
    expect(phone.network.pushed.filter((id) => id === badEntry.mutationId)).toHaveLength(1);
    // …"Thử lại" puts it back (still refused), "Bỏ thay đổi này" drops it and the never-sent record.
    await phone.store.retryParked(parked[0].seq!);
    await phone.engine.sync();
    // Sent again, as the record is now (still refused), under a new id: its content may have changed.
    const retried = (await phone.db.outbox.get(parked[0].seq!))!;
    expect(retried.mutationId).not.toBe(badEntry.mutationId);
    expect(phone.network.pushed.filter((id) => id === retried.mutationId)).toHaveLength(1);
    expect(retried.state).toBe('parked');
    await phone.store.discardParked(parked[0].seq!);
    expect(await phone.db.outbox.count()).toBe(0);
    expect(await phone.db.households.get(bad)).toBeUndefined();
    expect(await phone.db.householdSearch.get(bad)).toBeUndefined();
  });

  it('a refused creation corrected on the phone: "Thử lại" sends the record as it is now, with the correction; the edit refused meanwhile is folded in', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ sửa sau' }, []);
    // The creation carries a value the server refuses (an older app version wrote it).
    const creation = await refusedCreation(phone, householdId);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', parked: 1 });
    // The member corrects the number: an edit of a record the server does not have, refused in turn.
    await phone.db.households.update(householdId, { phone: '0912345678' });
    await phone.db.outbox.add({ ...creation, seq: undefined, mutationId: randomUUID(), creates: false, fields: { phone: '0912345678' }, state: 'pending' });
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', parked: 1 });
    expect((await phone.db.outbox.toArray()).map((e) => [e.state, e.error?.code])).toEqual([['parked', 'VALIDATION_FAILED'], ['parked', 'RECORD_NOT_FOUND']]);

    await phone.store.retryParked(creation.seq!);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 1, parked: 0 });

    expect(await phone.db.outbox.count()).toBe(0);
    expect((await server.records(account)).get(householdId)).toMatchObject({ headName: 'Hộ sửa sau', phone: '0912345678' });
  });

  it('"Bỏ thay đổi này" on a refused creation drops the record and the changes made to it since, in whichever order they are discarded', async () => {
    const { phone, village } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ nhập nhầm' }, []);
    const creation = await refusedCreation(phone, householdId, true);
    await phone.db.outbox.add({ ...creation, seq: undefined, mutationId: randomUUID(), creates: false, fields: { note: 'sửa' }, state: 'pending' });
    await phone.engine.sync();
    const [first] = await phone.db.outbox.toArray();

    await phone.store.discardParked(first.seq!);

    expect(await phone.db.outbox.count()).toBe(0);
    expect(await phone.db.households.get(householdId)).toBeUndefined();
  });

  it('a refused household creation corrected on the phone: "Thử lại" sends it, and its members refused for want of it go back into the queue', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ có lỗi' }, [member({ fullName: 'Thành viên một' }), member({ fullName: 'Thành viên hai', relation: 'spouse' })]);
    const creation = await refusedCreation(phone, householdId);
    await phone.engine.sync();
    const parked = await phone.db.outbox.orderBy('seq').toArray();
    expect(parked.map((e) => [e.entity, e.state, e.error?.code])).toEqual([
      ['household', 'parked', 'VALIDATION_FAILED'], ['person', 'parked', 'REFERENCE_NOT_FOUND'], ['person', 'parked', 'REFERENCE_NOT_FOUND'],
    ]);

    // Corrected on the phone, then "Thử lại" on the household: the members follow it.
    await phone.db.households.update(householdId, { phone: '0912345678' });
    await phone.store.retryParked(creation.seq!);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 3, parked: 0 });
    expect((await server.records(account)).size).toBe(3);
  });

  it('"Bỏ thay đổi này" on a refused household creation takes its members and visits recorded on this phone with it', async () => {
    const { phone, village } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ nhập nhầm hai' }, [member({ fullName: 'Người nhập nhầm' })]);
    await phone.repository.addVisit(village.id, { householdId, visitedOn: '2026-11-20', helpedWith: [] });
    const creation = await refusedCreation(phone, householdId, true);
    await phone.engine.sync();
    expect(await phone.db.outbox.where('state').equals('parked').count()).toBe(3);

    await phone.store.discardParked(creation.seq!);

    expect(await phone.db.outbox.count()).toBe(0);
    expect([await phone.db.households.count(), await phone.db.persons.count(), await phone.db.visits.count()]).toEqual([0, 0, 0]);
  });

  it('"Bỏ thay đổi này" on an edit refused because the server deleted the record deletes it on the phone again', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, {}, [member({ fullName: 'Đinh Văn Nhầm', vneid: 'none' })]);
    await phone.engine.sync();
    const household = (await phone.db.households.get(householdId))!;
    const person = (await phone.db.persons.where('householdId').equals(householdId).first())!;
    // The household form is open on this phone, showing the member…
    const base = { household, members: [person] };
    // …when another phone of the team removes them, and this phone pulls that.
    const other = new Phone(server);
    await other.signIn(account);
    await other.engine.sync();
    await other.repository.saveHousehold({ id: householdId, villageId: village.id, fields: householdFields(), members: [] });
    await other.engine.sync();
    await phone.engine.sync();
    expect((await phone.db.persons.get(person.id))!.deleted).toBe(true);
    // The member saves the form with a change to that person: it brings them back on this phone.
    const { id: _h, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, ...fields } = household;
    const { villageId: _pv, version: _pver, deleted: _pd, updatedAt: _pu, householdId: _ph, ...personFields } = person;
    await phone.repository.saveHousehold({ id: householdId, villageId: village.id, fields, members: [{ ...personFields, vneid: 'level2' }], base });
    await phone.engine.sync();
    const [parked] = await phone.db.outbox.toArray();
    expect([parked.state, parked.error?.code]).toEqual(['parked', 'RECORD_DELETED']);
    expect((await phone.db.persons.get(person.id))!.deleted).toBe(false);

    await phone.store.discardParked(parked.seq!);

    expect((await phone.db.persons.get(person.id))!.deleted).toBe(true);
    expect((await phone.db.householdSearch.get(householdId))?.text ?? '').not.toContain('nham');
  });

  it('"Bỏ thay đổi này" on a refused edit keeps a record whose creation the server took, even before a pull brought it back', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id);
    // Sent and taken, but the pull after it fails: the phone's copy is still at version 0.
    phone.network.beforeRequest = (path) => {
      if (path === '/api/sync/pull') throw new TypeError('Failed to fetch');
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'NETWORK' });
    expect((await phone.db.households.get(householdId))!.version).toBe(0);
    // A later edit that the server refuses (a number that is not one, slipped past the form).
    const household = (await phone.db.households.get(householdId))!;
    const { id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
    await phone.repository.saveHousehold({ id, villageId, fields: { ...fields, note: 'sửa sau' }, members: (await phone.db.persons.where('householdId').equals(id).toArray()).map(({ id: personId, householdId: _h, villageId: _vi, version: _ve, deleted: _de, updatedAt: _up, ...rest }) => ({ id: personId, ...rest })) });
    const edit = (await phone.db.outbox.toArray())[0];
    expect(edit.creates).toBe(false);
    await phone.db.outbox.update(edit.seq!, { fields: { ...edit.fields, phone: 'không phải số' } });
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'NETWORK', retryable: true });
    phone.network.beforeRequest = undefined;
    const [parked] = await phone.db.outbox.toArray();
    expect(parked.state).toBe('parked');

    await phone.store.discardParked(parked.seq!);

    expect(await phone.db.households.get(householdId)).toBeDefined();
    expect((await server.records(account)).has(householdId)).toBe(true);
  });

  it('"Bỏ thay đổi này" on a refused edit: the next sync takes the server\'s copy back, with the search text, and asks for it once', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Lò Văn Khánh', phone: '0912345678' }, [member({ fullName: 'Lò Văn Khánh' })]);
    await phone.engine.sync();
    // An edit the server refuses: a new head name, and a number that is not one (an older app version could save it).
    const household = (await phone.db.households.get(householdId))!;
    const { id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
    const members = (await phone.db.persons.where('householdId').equals(id).toArray()).map(({ householdId: _h, villageId: _vi, version: _ve, deleted: _de, updatedAt: _up, ...rest }) => rest);
    await phone.repository.saveHousehold({ id, villageId, fields: { ...fields, headName: 'Tên Gõ Nhầm' }, members });
    const edit = (await phone.db.outbox.toArray())[0];
    await phone.db.outbox.update(edit.seq!, { fields: { ...edit.fields, phone: 'không phải số' } });
    await phone.db.households.update(householdId, { phone: 'không phải số' });
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', parked: 1 });
    expect((await phone.db.householdSearch.get(householdId))!.text).toContain('nham');

    // Discarded (offline: nothing is asked yet). The record has not changed on the server since, so a
    // pull alone would never bring it back.
    await phone.store.discardParked(edit.seq!);
    expect((await phone.db.households.get(householdId))!.headName).toBe('Tên Gõ Nhầm');
    // A run whose request for it fails keeps it asked for.
    phone.network.beforeRequest = (path) => {
      if (path === '/api/sync/records') throw new TypeError('Failed to fetch');
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'NETWORK' });
    expect(await phone.store.recordsToRefetch()).toEqual([{ entity: 'household', id: householdId }]);
    phone.network.beforeRequest = undefined;
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 0, parked: 0, received: 0 });

    expect(await phone.db.households.get(householdId)).toMatchObject({ headName: 'Lò Văn Khánh', phone: '0912345678', version: 1 });
    expect((await server.records(account)).get(householdId)).toMatchObject({ headName: 'Lò Văn Khánh', phone: '0912345678', version: 1 });
    const search = (await phone.db.householdSearch.get(householdId))!.text;
    expect(search).toContain('khanh');
    expect(search).not.toContain('nham');
    const asked = () => phone.network.log.filter((path) => path === '/api/sync/records').length;
    const askedOnce = asked();
    expect(await phone.store.recordsToRefetch()).toEqual([]);
    await phone.engine.sync();
    expect(asked()).toBe(askedOnce);
  });

  it('a record fetched again keeps the changes still waiting to be sent on top; one the server left out is forgotten', async () => {
    const { phone, village } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ Đang Sửa', note: 'ghi chú cũ' }, []);
    await phone.engine.sync();
    const fromServer = (await phone.db.households.get(householdId))!;
    const household = { ...fromServer };
    const { id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
    await phone.repository.saveHousehold({ id, villageId, fields: { ...fields, address: 'Số 9, Xóm Mới' }, members: [] });
    await phone.db.households.update(householdId, { note: 'giá trị bỏ đi' });
    const gone = { entity: 'person' as const, id: randomUUID() };
    await phone.db.meta.put({ key: 'refetchRecords', value: [{ entity: 'household', id: householdId }, gone] });

    await phone.store.applyRefetched([{ entity: 'household', record: fromServer }], [{ entity: 'household', id: householdId }, gone]);

    expect(await phone.db.households.get(householdId)).toMatchObject({ note: 'ghi chú cũ', address: 'Số 9, Xóm Mới' });
    expect(await phone.store.recordsToRefetch()).toEqual([]);
    expect(await phone.db.outbox.count()).toBe(1);
  });

  it('a record fetched again keeps the values of its other refused change, which "Thử lại" then sends', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ Hai Lỗi' }, []);
    await phone.engine.sync();
    const household = (await phone.db.households.get(householdId))!;
    const refused = (fields: Record<string, unknown>) => ({
      mutationId: randomUUID(), entity: 'household' as const, recordId: householdId, villageId: village.id, op: 'upsert' as const, baseVersion: 1,
      fields, clientTime: phone.now().toISOString(), state: 'pending' as const,
    });
    // Two changes the server refuses: a number that is not one, then a note with it.
    await phone.db.households.put({ ...household, phone: 'không phải số', note: 'cần hỗ trợ VNeID' });
    await phone.db.outbox.bulkAdd([refused({ phone: 'không phải số' }), refused({ note: 'cần hỗ trợ VNeID', phone: 'vẫn sai' })]);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', parked: 2 });
    const [first, second] = await phone.db.outbox.orderBy('seq').toArray();

    await phone.store.discardParked(first.seq!);
    await phone.engine.sync();

    expect(await phone.db.households.get(householdId)).toMatchObject({ phone: 'vẫn sai', note: 'cần hỗ trợ VNeID' });
    // Corrected on the phone, then sent: the note goes with it.
    await phone.db.households.update(householdId, { phone: '0912345678' });
    await phone.store.retryParked(second.seq!);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', parked: 0 });
    expect((await server.records(account)).get(householdId)).toMatchObject({ phone: '0912345678', note: 'cần hỗ trợ VNeID' });
  });

  it('an answer about records fetched again that the phone cannot use forgets them; the sync still ends well', async () => {
    const { phone, village } = await phoneInNewVillage();
    const householdId = await phone.saveHousehold(village.id, { headName: 'Hộ Trả Lời Lạ' }, []);
    await phone.engine.sync();
    await phone.db.meta.put({ key: 'refetchRecords', value: [{ entity: 'household', id: householdId }] });
    // A record the phone's schemas refuse (a server of another version, a broken proxy).
    phone.network.rewriteAnswer = (path, body) => (path === '/api/sync/records' ? { changes: [{ entity: 'household', record: { id: householdId } }] } : body);

    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });

    expect(await phone.store.recordsToRefetch()).toEqual([]);
    expect((await phone.db.households.get(householdId))!.headName).toBe('Hộ Trả Lời Lạ');
  });

  it('never runs two syncs at once; a request made during a run gets one more run after it', async () => {
    const { phone, village } = await phoneInNewVillage();
    await phone.saveHousehold(village.id);
    let inFlight = 0;
    let most = 0;
    phone.network.beforeRequest = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    };
    const runs = await Promise.all([phone.engine.sync(), phone.engine.sync(), phone.engine.sync()]);
    expect(most).toBe(1);
    expect(runs.every((run) => run.kind === 'done')).toBe(true);
    // The first run pushed and pulled; the two later callers shared ONE more run (a pull, nothing to push).
    expect(phone.network.log.filter((p) => p === '/api/sync/push')).toHaveLength(1);
    expect(phone.network.log.filter((p) => p === '/api/sync/pull')).toHaveLength(2);
  });

  it('work of a village that is only on this phone is kept waiting, not sent and refused', async () => {
    const { phone, village } = await phoneInNewVillage();
    await phone.db.villages.put({ id: 'local-village', name: 'Thôn tự nhập', expectedHouseholds: null });
    await phone.saveHousehold('local-village');
    await phone.saveHousehold(village.id);
    const outcome = await phone.engine.sync();
    expect(outcome).toMatchObject({ kind: 'done', sent: 2, parked: 0 });
    const left = await phone.db.outbox.toArray();
    expect(left.map((e) => [e.villageId, e.state])).toEqual([['local-village', 'pending'], ['local-village', 'pending']]);
  });

  it('a batch the server finds too big (413) is halved until it fits, nothing parked', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server, { pushBatchSize: 1500 });
    await phone.signIn(account);
    // 1,001 households created offline (more than the server takes in one push).
    const clientTime = phone.now().toISOString();
    const ids = Array.from({ length: 1001 }, () => randomUUID());
    await phone.db.households.bulkAdd(ids.map((id) => ({ id, villageId: village.id, version: 0, deleted: false, updatedAt: clientTime, ...householdFields() })));
    await phone.db.outbox.bulkAdd(ids.map((id) => ({
      mutationId: randomUUID(), entity: 'household' as const, recordId: id, villageId: village.id, op: 'upsert' as const, baseVersion: 0,
      fields: { ...householdFields() }, clientTime, state: 'pending' as const,
    })));

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', sent: 1001, parked: 0 });
    expect(phone.network.log.filter((p) => p === '/api/sync/push')).toHaveLength(3); // 1001 refused, then 501 + 500
    expect(await phone.db.outbox.count()).toBe(0);
    expect((await server.records(account)).size).toBe(1001);
  });

  it('a single change too big for any push (413) is parked with its reason; the changes around it still go', async () => {
    // The third change carries a note of 6 MB (more than a whole push may be): no batch size fits it.
    const { phone, account, ids } = await fiveQueuedHouseholds(2, { note: 'x'.repeat(6 * 1024 * 1024) });

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', sent: 5, parked: 1 });
    // 3 refused, 2 taken, 2 refused, the big one alone refused; then the last 2 together again (the big
    // one was the problem, not the batch size).
    expect(phone.network.log.filter((p) => p === '/api/sync/push')).toHaveLength(5);
    const left = await phone.db.outbox.toArray();
    expect(left.map((entry) => [entry.recordId, entry.state, entry.error?.code])).toEqual([[ids[2], 'parked', 'PAYLOAD_TOO_LARGE']]);
    const onServer = await server.records(account);
    expect([...onServer.keys()].sort()).toEqual([ids[0], ids[1], ids[3], ids[4]].sort());
  });

  it('a change with text the server cannot store (saved before the forms refused it) is parked; the changes around it still go', async () => {
    // The second change's note holds a NUL character pasted in: the server refuses the whole push body.
    const { phone, account, ids } = await fiveQueuedHouseholds(1, { note: 'dán\u0000vào' });

    const outcome = await phone.engine.sync();

    expect(outcome).toMatchObject({ kind: 'done', sent: 5, parked: 1 });
    const left = await phone.db.outbox.toArray();
    expect(left.map((entry) => [entry.recordId, entry.state, entry.error?.code])).toEqual([[ids[1], 'parked', 'VALIDATION_FAILED']]);
    const onServer = await server.records(account);
    expect([...onServer.keys()].sort()).toEqual([ids[0], ids[2], ids[3], ids[4]].sort());
  });

  it('results that fail to be stored while the next batch is sent: the next run sends them again, nothing applies twice', async () => {
    const { phone, village, account } = await phoneInNewVillage();
    await phone.saveHousehold(village.id, { headName: 'Hộ một' }, [member({ fullName: 'Người một' })]);
    await phone.saveHousehold(village.id, { headName: 'Hộ hai' }, [member({ fullName: 'Người hai' })]);
    await phone.saveHousehold(village.id, { headName: 'Hộ ba' }, [member({ fullName: 'Người ba' })]);
    const queued = (await phone.db.outbox.orderBy('seq').toArray()).map((e) => e.mutationId);
    const applyPushResults = phone.store.applyPushResults;
    phone.store.applyPushResults = async () => {
      throw new Error('the transaction was aborted');
    };
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'UNKNOWN', retryable: true });
    } finally {
      console.error = consoleError;
      phone.store.applyPushResults = applyPushResults;
    }
    // The second batch went out while the first one's results were being stored.
    expect(phone.network.pushed).toEqual(queued);
    expect(await phone.pendingCount()).toBe(6);

    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 6, parked: 0 });
    expect(phone.network.pushed).toEqual([...queued, ...queued]);
    expect(await phone.db.outbox.count()).toBe(0);
    const onServer = await server.records(account);
    expect(onServer.size).toBe(6);
    for (const record of onServer.values()) expect(record.version).toBe(1);
    expect((await phone.db.persons.toArray()).every((p) => p.version === 1)).toBe(true);
  });

  it('a failure of the phone’s own database ends the run as a retryable error, never as an exception', async () => {
    const { phone, village } = await phoneInNewVillage();
    await phone.saveHousehold(village.id);
    const pendingBatch = phone.store.pendingBatch;
    phone.store.pendingBatch = async () => {
      throw new Error('QuotaExceededError');
    };
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'UNKNOWN', retryable: true });
    } finally {
      console.error = consoleError;
    }
    expect(errors).toHaveLength(1);
    expect(phone.engine.status.get()).toMatchObject({ phase: 'error', errorCode: 'UNKNOWN' });
    phone.store.pendingBatch = pendingBatch;
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 2 });
  });

  it('a full disk while storing a pulled page is said as such (STORAGE_FULL, retryable) and keeps everything', async () => {
    const { phone, village } = await phoneInNewVillage();
    await phone.saveHousehold(village.id);
    const applyPullPage = phone.store.applyPullPage;
    // As Dexie reports it: its own error named after the browser's, the DOMException inside.
    phone.store.applyPullPage = async () => {
      throw Object.assign(new Error('quota'), { name: 'QuotaExceededError', inner: new DOMException('full', 'QuotaExceededError') });
    };

    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'STORAGE_FULL', retryable: true });

    expect(phone.engine.status.get()).toMatchObject({ phase: 'error', errorCode: 'STORAGE_FULL' });
    phone.store.applyPullPage = applyPullPage;
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
  });
});
