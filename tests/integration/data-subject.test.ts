// Data-subject requests (issue 5, Law 91/2025/QH15): export everything recorded about one person, and
// erase them — an anonymised tombstone that still reaches the phones, the history's values nulled, their
// visits kept without their name or note, the erase itself audited without personal data. [DS1]–[DS3] of docs/api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Visit } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('data-subject requests on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  let count = 0;
  /** A person with a unique name (and birth date), so a search of the whole database finds only them. */
  async function personWithHistory() {
    count += 1;
    const fullName = `Trần Thị Riêng Số ${count}`;
    const birthDate = `1985-04-${String(count).padStart(2, '0')}`;
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id, { headName: 'Nguyễn Văn An' });
    const person = newPerson(village.id, household.recordId, { fullName, birthYear: 1985, birthDate, vneid: 'level1' });
    const visit = mutation({ entity: 'visit', recordId: crypto.randomUUID(), villageId: village.id, fields: { householdId: household.recordId, personId: person.recordId, visitedOn: '2026-11-20', helpedWith: ['vneid'], note: `Hướng dẫn ${fullName} cài VNeID` } });
    await server.pushOk(member.token, [household, person, visit], 'phone-1');
    await server.pushOk(member.token, [mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 1, fields: { vneid: 'level2' } })], 'phone-1');
    return { village, member, household, person, visit, fullName, birthDate };
  }

  it('[DS1] the export holds the person, their household, their visits and their history; it is logged', async () => {
    const { household, person, visit } = await personWithHistory();
    const answer = await server.request('GET', `/api/persons/${person.recordId}/export`, { token: server.adminToken });
    expect(answer.status).toBe(200);
    expect(answer.body.person).toMatchObject({ id: person.recordId, fullName: 'Trần Thị Riêng Số 1', birthDate: '1985-04-01', vneid: 'level2', version: 2 });
    expect(answer.body.household).toMatchObject({ id: household.recordId, headName: 'Nguyễn Văn An' });
    expect(answer.body.visits.map((v: { id: string }) => v.id)).toEqual([visit.recordId]);
    expect(answer.body.history.map((e: { action: string; changes: unknown[] }) => e.action)).toEqual(['create', 'update']);
    expect(answer.body.history[1].changes).toEqual([{ field: 'vneid', old: 'level1', new: 'level2' }]);
    expect(answer.body.conflicts).toEqual([]);
    // Every change of the person as it reached the server.
    const syncLog = answer.body.syncLog as { mutationId: string; deviceId: string; op: string; fields: Record<string, unknown>; status: string }[];
    expect(syncLog).toHaveLength(2);
    expect(syncLog).toContainEqual(expect.objectContaining({ mutationId: person.id, deviceId: 'phone-1', op: 'upsert', status: 'applied', fields: expect.objectContaining({ vneid: 'level1' }) }));
    expect(syncLog).toContainEqual(expect.objectContaining({ deviceId: 'phone-1', op: 'upsert', status: 'applied', fields: { vneid: 'level2' } }));
    const log = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries;
    expect(log).toContainEqual(expect.objectContaining({ action: 'person.export', detail: { personId: person.recordId }, username: 'admin' }));
  });

  it('[DS1] the export holds the values another phone gave the person at the same time (kept only in the conflict)', async () => {
    const { member, person } = await personWithHistory();
    // Another phone, from the first version, recorded another VNeID status earlier: it loses to level2.
    const earlier = new Date(Date.now() - 60 * 60_000).toISOString();
    await server.pushOk(member.token, [mutation({ entity: 'person', recordId: person.recordId, villageId: person.villageId, baseVersion: 1, fields: { vneid: 'locked' }, clientTime: earlier })], 'phone-2');
    const answer = await server.request('GET', `/api/persons/${person.recordId}/export`, { token: server.adminToken });
    expect(answer.body.person.vneid).toBe('level2');
    expect(answer.body.conflicts).toEqual([
      { field: 'vneid', serverValue: 'level2', clientValue: 'locked', kept: 'server', at: expect.any(String), status: 'open', resolution: null, resolvedAt: null },
    ]);
  });

  it('[DS2] erasing the household head: the household\'s head and consent giver take the placeholder, and the name leaves its history', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const fullName = 'Bế Văn Chủ Hộ Xoá';
    const household = newHousehold(village.id, { headName: fullName, consentGiven: true, consentAt: '2026-11-01', consentBy: fullName, address: 'Bản Cốc' });
    const head = newPerson(village.id, household.recordId, { fullName, birthYear: 1960, relation: 'head' });
    await server.pushOk(member.token, [household, head], 'phone-1');
    // An earlier spelling the household's history keeps as an old value.
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion: 1, fields: { address: 'Bản Cốc, số 2' } })], 'phone-1');
    const { cursor } = await server.pullAll(member.token);

    expect((await server.request('POST', `/api/persons/${head.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    const { changes } = await server.pullAll(member.token, cursor);
    expect(changes.find((c) => c.record.id === household.recordId)!.record).toMatchObject({ headName: '(đã xoá)', consentBy: '(đã xoá)', consentGiven: true, address: 'Bản Cốc, số 2' });
    for (const table of ['households', 'persons', 'record_history', 'applied_mutations', 'conflicts']) {
      const rows = await server.db.query(`SELECT * FROM ${table}`);
      expect([table, JSON.stringify(rows).includes(fullName)]).toEqual([table, false]);
    }
    // What is not their name stays in the household's history.
    const entries = (await server.request('GET', `/api/households/${household.recordId}/history`, { token: server.adminToken })).body.entries as { entity: string; action: string; changes: { field: string; new: unknown }[] }[];
    const created = entries.find((e) => e.entity === 'household' && e.action === 'create')!;
    expect(created.changes).toEqual(expect.arrayContaining([{ field: 'address', old: null, new: 'Bản Cốc' }, { field: 'headName', old: null, new: null }]));
  });

  it('[DS2] erasing a head who moved, from a household since deleted: both households lose the name; erasing again writes nothing', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const fullName = 'Hứa Văn Chuyển Đi';
    const before = newHousehold(village.id, { headName: fullName, address: 'Bản Cũ' });
    const after = newHousehold(village.id, { headName: 'Hứa Thị Mới', address: 'Bản Mới' });
    const person = newPerson(village.id, before.recordId, { fullName, birthYear: 1955, relation: 'head' });
    await server.pushOk(member.token, [before, after, person], 'phone-1');
    // The family moved: the person goes to the new household, the old one is deleted.
    await server.pushOk(member.token, [mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 1, fields: { householdId: after.recordId, relation: 'parent' } })], 'phone-1');
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: before.recordId, villageId: village.id, op: 'delete', baseVersion: 1 })], 'phone-1');

    expect((await server.request('POST', `/api/persons/${person.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    const rows = await server.db.query<{ id: string; head_name: string; deleted: boolean; version: number }>(`SELECT id, head_name, deleted, version FROM households WHERE id = ANY($1)`, [[before.recordId, after.recordId]]);
    expect(rows.find((row) => row.id === before.recordId)).toMatchObject({ head_name: '(đã xoá)', deleted: true });
    expect(rows.find((row) => row.id === after.recordId)).toMatchObject({ head_name: 'Hứa Thị Mới' });
    for (const table of ['households', 'persons', 'record_history', 'applied_mutations']) {
      expect([table, JSON.stringify(await server.db.query(`SELECT * FROM ${table}`)).includes(fullName)]).toEqual([table, false]);
    }
    // Erased already: a second request changes nothing (the placeholder is no name to look for).
    const versions = async () => (await server.db.query<{ version: number }>(`SELECT version FROM households WHERE id = ANY($1) ORDER BY id`, [[before.recordId, after.recordId]])).map((row) => row.version);
    const was = await versions();
    expect((await server.request('POST', `/api/persons/${person.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    expect(await versions()).toEqual(was);
  });

  it('[DS2] a visit that was for the person once, and is for someone else now: the link and the notes naming them leave its history', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id, { headName: 'Lục Văn Ở' });
    const leaving = newPerson(village.id, household.recordId, { fullName: 'Lục Thị Đã_Xoá 100%', birthYear: 1990 });
    const staying = newPerson(village.id, household.recordId, { fullName: 'Lục Văn Ở', birthYear: 1962, relation: 'head' });
    const visit = mutation({ entity: 'visit', recordId: crypto.randomUUID(), villageId: village.id, fields: { householdId: household.recordId, personId: leaving.recordId, visitedOn: '2026-11-19', helpedWith: [], note: 'Giúp Lục Thị Đã_Xoá 100% mở tài khoản' } });
    await server.pushOk(member.token, [household, leaving, staying, visit], 'phone-1');
    await server.pushOk(member.token, [mutation({ entity: 'visit', recordId: visit.recordId, villageId: village.id, baseVersion: 1, fields: { personId: staying.recordId, note: 'Giúp ông Ở' } })], 'phone-1');
    // A note the name's "_" and "%" would match as wildcards, but which does not hold the name: it stays.
    await server.pushOk(member.token, [mutation({ entity: 'visit', recordId: visit.recordId, villageId: village.id, baseVersion: 2, fields: { note: 'Hẹn Lục Thị ĐãXXoá 1000 lần' } })], 'phone-1');

    expect((await server.request('POST', `/api/persons/${leaving.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    const [now] = await server.db.query<{ person_id: string; note: string }>(`SELECT person_id, note FROM visits WHERE id = $1`, [visit.recordId]);
    expect(now).toEqual({ person_id: staying.recordId, note: 'Hẹn Lục Thị ĐãXXoá 1000 lần' });
    for (const table of ['record_history', 'applied_mutations', 'conflicts']) {
      const rows = JSON.stringify(await server.db.query(`SELECT * FROM ${table} WHERE record_id = $1`, [visit.recordId]));
      expect([table, rows.includes('Đã_Xoá'), rows.includes(leaving.recordId)]).toEqual([table, false, false]);
      expect([table, (rows.includes('Giúp ông Ở') && rows.includes('ĐãXXoá 1000')) || table === 'conflicts']).toEqual([table, true]);
    }
  });

  it('[DS4][DS5] a household that withdrew consent is listed for the office, which erases it whole; phones pull tombstones only', async () => {
    const village = await server.createVillage('Thôn Rút Đồng Ý');
    const member = await server.createUser('member', [village.id]);
    const headName = 'Đàm Văn Rút';
    const household = newHousehold(village.id, { headName, address: 'Xóm Rút số 7', phone: '0987123456', consentGiven: true, consentAt: '2026-11-01', consentBy: headName, note: 'Nhà có cháu nhỏ' });
    const head = newPerson(village.id, household.recordId, { fullName: headName, birthYear: 1970, relation: 'head' });
    const child = newPerson(village.id, household.recordId, { fullName: 'Đàm Thị Con', birthYear: 2010, relation: 'child' });
    const visit = mutation({ entity: 'visit', recordId: crypto.randomUUID(), villageId: village.id, fields: { householdId: household.recordId, visitedOn: '2026-11-05', helpedWith: [], note: `Gặp ${headName}` } });
    const asked = newHousehold(village.id, { headName: 'Hộ chưa hỏi' }); // never gave consent: not a withdrawal
    await server.pushOk(member.token, [household, head, child, visit, asked], 'phone-1');
    const { cursor } = await server.pullAll(member.token);
    expect((await server.request('GET', '/api/admin/consent-withdrawn', { token: server.adminToken })).body.households.filter((h: { villageId: string }) => h.villageId === village.id)).toEqual([]);

    // The team records the withdrawal: consent no longer given.
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion: 1, fields: { consentGiven: false, consentAt: null, consentBy: null } })], 'phone-1');
    const listed = (await server.request('GET', '/api/admin/consent-withdrawn', { token: server.adminToken })).body.households.filter((h: { villageId: string }) => h.villageId === village.id);
    expect(listed).toEqual([{ id: household.recordId, villageId: village.id, village: 'Thôn Rút Đồng Ý', headName, address: 'Xóm Rút số 7', withdrawnAt: expect.any(String), members: 2 }]);

    const erased = await server.request('POST', `/api/households/${household.recordId}/erase`, { token: server.adminToken });
    expect([erased.status, erased.body.members]).toEqual([200, 2]);
    const { changes } = await server.pullAll(member.token, cursor);
    const text = JSON.stringify(changes);
    for (const secret of [headName, 'Đàm Thị Con', 'Xóm Rút', '0987123456', 'cháu nhỏ']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(changes.find((c) => c.record.id === household.recordId)!.record).toMatchObject({ deleted: true, headName: '(đã xoá)', address: '(đã xoá)', consentGiven: false });
    expect(changes.filter((c) => c.entity !== 'household').every((c) => c.record.deleted)).toBe(true);
    for (const table of ['households', 'persons', 'visits', 'record_history', 'applied_mutations', 'conflicts']) {
      const rows = JSON.stringify(await server.db.query(`SELECT * FROM ${table}`));
      const left = [headName, 'Đàm Thị Con', 'Xóm Rút', '0987123456', 'cháu nhỏ'].filter((secret) => rows.includes(secret));
      expect([table, left]).toEqual([table, []]);
    }
    // No longer listed; the other household is untouched; the erase is logged without personal data.
    expect((await server.request('GET', '/api/admin/consent-withdrawn', { token: server.adminToken })).body.households.filter((h: { villageId: string }) => h.villageId === village.id)).toEqual([]);
    const [other] = await server.db.query<{ head_name: string; deleted: boolean }>(`SELECT head_name, deleted FROM households WHERE id = $1`, [asked.recordId]);
    expect(other).toEqual({ head_name: 'Hộ chưa hỏi', deleted: false });
    const log = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries;
    expect(log).toContainEqual(expect.objectContaining({ action: 'household.erase', detail: { householdId: household.recordId } }));
    const unknown = await server.request('POST', '/api/households/no-such-household/erase', { token: server.adminToken });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('[DS4][DS5] a withdrawn household a team then deleted is still listed; one ticked again is not erased; erasing twice writes nothing; its open conflicts close', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const given = { consentGiven: true, consentAt: '2026-11-01' };
    const deletedAfter = newHousehold(village.id, { headName: 'Tăng Văn Xoá Hộ', address: 'Xóm Giữa 1', ...given, consentBy: 'Tăng Văn Xoá Hộ' });
    const slip = newHousehold(village.id, { headName: 'Tăng Văn Bấm Nhầm', address: 'Xóm Giữa 2', ...given, consentBy: 'Tăng Văn Bấm Nhầm' });
    await server.pushOk(member.token, [deletedAfter, slip], 'phone-1');
    const withdraw = (h: typeof slip, base: number) => mutation({ entity: 'household', recordId: h.recordId, villageId: village.id, baseVersion: base, fields: { consentGiven: false, consentAt: null, consentBy: null } });
    await server.pushOk(member.token, [withdraw(deletedAfter, 1), withdraw(slip, 1)], 'phone-1');
    // Two phones disagree on the address of the deleted one: an open conflict.
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: deletedAfter.recordId, villageId: village.id, baseVersion: 2, fields: { address: 'Xóm Giữa số 1A' } })], 'phone-1');
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: deletedAfter.recordId, villageId: village.id, baseVersion: 2, fields: { address: 'Xóm Giữa số 1B' } })], 'phone-2');
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: deletedAfter.recordId, villageId: village.id, op: 'delete', baseVersion: 4 })], 'phone-1');
    const listed = async () => (await server.request('GET', '/api/admin/consent-withdrawn', { token: server.adminToken })).body.households.filter((h: { villageId: string }) => h.villageId === village.id).map((h: { id: string }) => h.id).sort();
    expect(await listed()).toEqual([deletedAfter.recordId, slip.recordId].sort());

    // The slip is undone on the phone before the office acts on its (now stale) list.
    await server.pushOk(member.token, [mutation({ entity: 'household', recordId: slip.recordId, villageId: village.id, baseVersion: 2, fields: { consentGiven: true, consentAt: '2026-11-02', consentBy: 'Tăng Văn Bấm Nhầm' } })], 'phone-1');
    const refused = await server.request('POST', `/api/households/${slip.recordId}/erase`, { token: server.adminToken });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONSENT_GIVEN']);
    expect((await server.db.query<{ head_name: string }>(`SELECT head_name FROM households WHERE id = $1`, [slip.recordId]))[0].head_name).toBe('Tăng Văn Bấm Nhầm');

    expect((await server.request('POST', `/api/households/${deletedAfter.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    const [erased] = await server.db.query<{ head_name: string; address: string; version: number }>(`SELECT head_name, address, version FROM households WHERE id = $1`, [deletedAfter.recordId]);
    expect([erased.head_name, erased.address]).toEqual(['(đã xoá)', '(đã xoá)']);
    const conflicts = await server.db.query<{ status: string; server_value: unknown; client_value: unknown }>(`SELECT status, server_value, client_value FROM conflicts WHERE record_id = $1`, [deletedAfter.recordId]);
    expect(conflicts).toEqual([{ status: 'resolved', server_value: null, client_value: null }]);
    expect(await listed()).toEqual([]);
    // A second erase (a double tap, a second officer) writes nothing.
    expect((await server.request('POST', `/api/households/${deletedAfter.recordId}/erase`, { token: server.adminToken })).status).toBe(200);
    expect((await server.db.query<{ version: number }>(`SELECT version FROM households WHERE id = $1`, [deletedAfter.recordId]))[0].version).toBe(erased.version);
  });

  it('[DS2] erase: an anonymised tombstone the phones pull, history values nulled, the erase audited without personal data', async () => {
    const { member, household, person, visit, fullName, birthDate } = await personWithHistory();
    // A second note about the person, so the visit's history holds their name twice.
    await server.pushOk(member.token, [mutation({ entity: 'visit', recordId: visit.recordId, villageId: household.villageId, baseVersion: 1, fields: { note: `${fullName} đã có VNeID mức 2` } })], 'phone-1');
    const { cursor } = await server.pullAll(member.token);
    const erased = await server.request('POST', `/api/persons/${person.recordId}/erase`, { token: server.adminToken });
    expect([erased.status, erased.body.version]).toEqual([200, 3]);

    // The phone receives the deletion, with nothing of the person left in it.
    const { changes } = await server.pullAll(member.token, cursor);
    const pulled = changes.find((c) => c.record.id === person.recordId)!.record as Person;
    expect(pulled).toMatchObject({ deleted: true, version: 3, fullName: '(đã xoá)', birthYear: 1900, householdId: household.recordId });
    expect(pulled.birthDate).toBeUndefined();
    expect(JSON.stringify(changes)).not.toContain(fullName);
    // The visit stays (the household was visited) but no longer says for whom, nor the note about them.
    const pulledVisit = changes.find((c) => c.record.id === visit.recordId)!.record as Visit;
    expect(pulledVisit).toMatchObject({ deleted: false, version: 3, visitedOn: '2026-11-20', helpedWith: ['vneid'], householdId: household.recordId });
    expect([pulledVisit.personId, pulledVisit.note]).toEqual([undefined, undefined]);

    // Nothing of the person remains anywhere in the database.
    for (const table of ['persons', 'visits', 'record_history', 'applied_mutations', 'conflicts']) {
      const rows = await server.db.query(`SELECT * FROM ${table}`);
      expect([table, JSON.stringify(rows).includes(fullName) || JSON.stringify(rows).includes(birthDate)]).toEqual([table, false]);
    }
    const history = (await server.request('GET', `/api/households/${household.recordId}/history`, { token: server.adminToken })).body.entries;
    const personEntries = history.filter((e: { entity: string }) => e.entity === 'person');
    expect(personEntries.map((e: { action: string }) => e.action)).toEqual(['erase', 'update', 'create']);
    expect(personEntries[0]).toMatchObject({ username: 'admin', deviceId: 'server' });
    // Which fields changed stays; their values do not.
    expect(personEntries[1].changes).toEqual([{ field: 'vneid', old: null, new: null }]);
    const visitEntries = history.filter((e: { entity: string }) => e.entity === 'visit');
    expect(visitEntries.map((e: { action: string; deviceId: string }) => [e.action, e.deviceId])).toEqual([['erase', 'server'], ['update', 'phone-1'], ['create', 'phone-1']]);
    expect(visitEntries[1].changes).toEqual([{ field: 'note', old: null, new: null }]);
    expect(visitEntries[2].changes).toEqual(expect.arrayContaining([{ field: 'visitedOn', old: null, new: '2026-11-20' }, { field: 'personId', old: null, new: null }]));
    const log = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries;
    expect(log.filter((entry: { action: string }) => entry.action === 'person.erase').map((entry: { detail: unknown }) => entry.detail)).toContainEqual({ personId: person.recordId });

    // Nor link a new visit to them (a phone that has not pulled the erasure yet).
    const relink = mutation({ entity: 'visit', recordId: crypto.randomUUID(), villageId: household.villageId, fields: { householdId: household.recordId, personId: person.recordId, visitedOn: '2026-11-21', helpedWith: [], note: `${fullName} hỏi lại` } });
    expect((await server.pushOk(member.token, [relink], 'phone-1'))[0]).toMatchObject({ status: 'rejected', error: { code: 'REFERENCE_DELETED' } });

    // The phone cannot bring the person back: an edit of the tombstone is refused.
    const late = mutation({ entity: 'person', recordId: person.recordId, villageId: household.villageId, baseVersion: 2, fields: { fullName } });
    expect((await server.pushOk(member.token, [late], 'phone-1'))[0]).toMatchObject({ status: 'rejected', error: { code: 'RECORD_DELETED' } });
  });

  it('[DS3] only the commune administrator exports or erases; an unknown person is 404', async () => {
    const { member, person } = await personWithHistory();
    for (const [method, url] of [['GET', `/api/persons/${person.recordId}/export`], ['POST', `/api/persons/${person.recordId}/erase`]] as const) {
      expect((await server.request(method, url, { token: member.token })).status).toBe(403);
    }
    const unknown = await server.request('GET', '/api/persons/no-such-person/export', { token: server.adminToken });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
