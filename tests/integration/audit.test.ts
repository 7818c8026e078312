// The audit trail (issue 5): who changed what and when — device, user, old and new value — for every
// write of a household, person or visit: a phone's push, a conflict review, an import, an erase. [AU1]–[AU3].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { person, toCsv, upload } from './helpers/import-files';
import { TestServer } from './helpers/test-server';

interface Entry {
  entity: string;
  recordId: string;
  action: string;
  username: string | null;
  deviceId: string | null;
  version: number;
  clientTime: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

describe.each(backends)('audit trail on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  const history = async (token: string, householdId: string) => server.request<{ entries: Entry[] }>('GET', `/api/households/${householdId}/history`, { token });

  it('[AU1] pushes, a deletion and a conflict review each appear with user, device, old and new value, newest first', async () => {
    const village = await server.createVillage();
    const lan = await server.createUser('member', [village.id]);
    const head = await server.createUser('village_head', [village.id]);
    const household = newHousehold(village.id, { headName: 'Nguyễn Văn An' });
    const member = newPerson(village.id, household.recordId, { fullName: 'Trần Thị Bình', vneid: 'level1' });
    await server.pushOk(lan.token, [household, member], 'phone-lan');
    const clientTime = '2026-11-20T09:15:00+07:00';
    await server.pushOk(lan.token, [mutation({ entity: 'person', recordId: member.recordId, villageId: village.id, baseVersion: 1, fields: { vneid: 'level2' }, clientTime })], 'phone-lan');
    // The head edits the same field from another phone without having seen it: a conflict, reviewed.
    await server.pushOk(head.token, [mutation({ entity: 'person', recordId: member.recordId, villageId: village.id, baseVersion: 1, fields: { vneid: 'locked' }, clientTime: '2026-11-20T09:00:00+07:00' })], 'phone-head');
    const [conflict] = (await server.request('GET', '/api/conflicts', { token: head.token })).body.conflicts;
    expect((await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: head.token, body: { keep: 'client' } })).status).toBe(200);
    await server.pushOk(lan.token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, op: 'delete', baseVersion: 1 })], 'phone-lan');

    const answer = await history(lan.token, household.recordId);
    expect(answer.status).toBe(200);
    const entries = answer.body.entries.map((e) => ({ entity: e.entity, action: e.action, username: e.username, deviceId: e.deviceId, version: e.version, changes: e.changes }));
    expect(entries).toEqual([
      // The member still alive went with the household ([PD3]), by the same user, as no mutation of its own.
      { entity: 'person', action: 'delete', username: lan.username, deviceId: null, version: 5, changes: [] },
      { entity: 'household', action: 'delete', username: lan.username, deviceId: 'phone-lan', version: 2, changes: [] },
      // Version 3 was the head's losing edit: a new version without a changed value, so no entry.
      { entity: 'person', action: 'update', username: head.username, deviceId: 'server', version: 4, changes: [{ field: 'vneid', old: 'level2', new: 'locked' }] },
      { entity: 'person', action: 'update', username: lan.username, deviceId: 'phone-lan', version: 2, changes: [{ field: 'vneid', old: 'level1', new: 'level2' }] },
      { entity: 'person', action: 'create', username: lan.username, deviceId: 'phone-lan', version: 1, changes: expect.arrayContaining([{ field: 'fullName', old: null, new: 'Trần Thị Bình' }, { field: 'vneid', old: null, new: 'level1' }]) },
      { entity: 'household', action: 'create', username: lan.username, deviceId: 'phone-lan', version: 1, changes: expect.arrayContaining([{ field: 'headName', old: null, new: 'Nguyễn Văn An' }]) },
    ]);
    // The phone's own time is kept beside the server's.
    expect(answer.body.entries[3].clientTime).toBe(new Date(clientTime).toISOString());
  });

  it('[AU1] a visit is in its household\'s history: recorded, edited twice in one push, deleted', async () => {
    const village = await server.createVillage();
    const lan = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id);
    const member = newPerson(village.id, household.recordId, { fullName: 'Hà Thị Cúc' });
    const visitId = crypto.randomUUID();
    const visit = (fields: Record<string, unknown>, baseVersion = 0) => mutation({ entity: 'visit', recordId: visitId, villageId: village.id, baseVersion, fields });
    await server.pushOk(lan.token, [household, member, visit({ householdId: household.recordId, visitedOn: '2026-11-18', helpedWith: ['vneid'] })], 'phone-lan');
    // Two edits of one visit in one push (versions 2 and 3) are written once: one entry with both changes.
    await server.pushOk(lan.token, [visit({ personId: member.recordId }, 1), visit({ note: 'Đã cài VNeID' }, 1)], 'phone-lan');
    await server.pushOk(lan.token, [mutation({ entity: 'visit', recordId: visitId, villageId: village.id, op: 'delete', baseVersion: 3 })], 'phone-lan');

    const visits = (await history(lan.token, household.recordId)).body.entries.filter((e) => e.entity === 'visit');
    expect(visits.map((e) => ({ action: e.action, username: e.username, deviceId: e.deviceId, version: e.version }))).toEqual([
      { action: 'delete', username: lan.username, deviceId: 'phone-lan', version: 4 },
      { action: 'update', username: lan.username, deviceId: 'phone-lan', version: 3 },
      { action: 'create', username: lan.username, deviceId: 'phone-lan', version: 1 },
    ]);
    expect(visits[1].changes).toEqual(expect.arrayContaining([{ field: 'personId', old: null, new: member.recordId }, { field: 'note', old: null, new: 'Đã cài VNeID' }]));
    expect(visits[2].changes).toEqual(expect.arrayContaining([{ field: 'visitedOn', old: null, new: '2026-11-18' }, { field: 'helpedWith', old: null, new: ['vneid'] }]));
    expect(visits.every((e) => e.recordId === visitId)).toBe(true);
  });

  it('[AU2] an import is recorded with the administrator and device "import"; a re-import that changes nothing adds nothing', async () => {
    const village = await server.createVillage('Thôn Nhập');
    const file = toCsv([person({ household_key: 'A1', village: village.name, address: 'Xóm 1', head_name: 'Lò Văn Pá', person_name: 'Lò Văn Pá', birth_year: '1970', sex: 'male', relation: 'head' })]);
    await upload(server, file);
    await upload(server, file);
    const [household] = await server.db.query<{ id: string }>(`SELECT id FROM households WHERE village_id = $1`, [village.id]);
    const entries = (await history(server.adminToken, household.id)).body.entries;
    expect(entries.map((e) => [e.entity, e.action, e.username, e.deviceId])).toEqual([
      ['person', 'create', 'admin', 'import'],
      ['household', 'create', 'admin', 'import'],
    ]);
  });

  it('[AU3] the administrator lists the commune\'s changes by user and by date; others may not; another village\'s household is 404', async () => {
    const village = await server.createVillage();
    const other = await server.createVillage();
    const mai = await server.createUser('member', [village.id]);
    const outsider = await server.createUser('member', [other.id]);
    const household = newHousehold(village.id, { headName: 'Hà Thị Mai' });
    await server.pushOk(mai.token, [household], 'phone-mai');
    const list = async (query: string) => (await server.request<{ entries: Entry[] }>('GET', `/api/admin/audit?${query}`, { token: server.adminToken })).body.entries;
    const mine = await list(`userId=${(await server.request('GET', '/api/me', { token: mai.token })).body.user.id}`);
    expect(mine.map((e) => [e.recordId, e.username, e.deviceId])).toEqual([[household.recordId, mai.username, 'phone-mai']]);
    const today = new Date(server.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}`)).some((e) => e.recordId === household.recordId)).toBe(true);
    expect((await list('to=2020-01-01')).some((e) => e.recordId === household.recordId)).toBe(false);
    expect((await server.request('GET', '/api/admin/audit', { token: mai.token })).status).toBe(403);
    const hidden = await history(outsider.token, household.recordId);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
