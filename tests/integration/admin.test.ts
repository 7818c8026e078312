// The commune office manages villages, accounts and sessions: a lost phone is cut off at once, a member
// who moves to another village stops seeing the old one. Rule ids: docs/api.md, docs/sync-protocol.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { newHousehold } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('administration on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => server.request(method, url, { token: server.adminToken, body });

  it('[AD5] a village\'s name, code and expected households can be changed, only in the own commune', async () => {
    const village = await server.createVillage('Thôn Nam', 50);
    const changed = await admin('PATCH', `/api/admin/villages/${village.id}`, { expectedHouseholds: 180, code: 'TN' });
    expect(changed.body).toEqual({ id: village.id, name: 'Thôn Nam', code: 'TN', expectedHouseholds: 180 });
    const other = await server.createVillage();
    const clash = await admin('PATCH', `/api/admin/villages/${other.id}`, { code: 'TN' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'VILLAGE_CODE_TAKEN']);
    await server.db.query(`INSERT INTO communes (id) VALUES ('commune-b') ON CONFLICT DO NOTHING`);
    await server.db.query(`INSERT INTO villages (id, commune_id, name) VALUES ('village-b', 'commune-b', 'Thôn B') ON CONFLICT DO NOTHING`);
    const foreign = await admin('PATCH', '/api/admin/villages/village-b', { name: 'Của tôi' });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('[AD6][A4] a disabled account is refused at once, cannot log in, and comes back when enabled', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const disabled = await admin('PATCH', `/api/admin/users/${user.id}`, { disabled: true });
    expect(disabled.body).toMatchObject({ id: user.id, disabled: true, villageIds: [village.id] });
    expect((await server.request('GET', '/api/me', { token: user.token })).status).toBe(401);
    const login = await server.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } });
    expect([login.status, login.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    await admin('PATCH', `/api/admin/users/${user.id}`, { disabled: false });
    expect(await server.login(user.username, user.password)).toEqual(expect.any(String));
    const me = await server.request('GET', '/api/me', { token: server.adminToken });
    const self = await admin('PATCH', `/api/admin/users/${me.body.user.id}`, { disabled: true });
    expect([self.status, self.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('[AD8] who may reach whose data is logged: an account made, its villages changed, locked, its password reset, a phone revoked', async () => {
    const [north, south] = [await server.createVillage('Thôn Bắc Log'), await server.createVillage('Thôn Nam Log')];
    const created = await admin('POST', '/api/admin/users', { username: `ghi.log.${Date.now()}`, password: 'mat-khau-ghi-log', role: 'member', villageIds: [north.id] });
    const id = created.body.id as string;
    await admin('PATCH', `/api/admin/users/${id}`, { villageIds: [south.id] });
    await admin('PATCH', `/api/admin/users/${id}`, { villageIds: [south.id], disabled: false }); // changes nothing
    await admin('PATCH', `/api/admin/users/${id}`, { disabled: true, password: 'mat-khau-moi-ghi-log' });
    await admin('PATCH', `/api/admin/users/${id}`, { disabled: false });
    const token = await server.login(created.body.username, 'mat-khau-moi-ghi-log');
    const [device] = (await admin('GET', `/api/admin/devices?userId=${id}`)).body.devices;
    expect((await admin('POST', `/api/admin/devices/${device.id}/revoke`)).status).toBe(204);
    expect((await admin('POST', `/api/admin/devices/${device.id}/revoke`)).status).toBe(204); // already revoked
    expect((await server.request('GET', '/api/me', { token })).status).toBe(401);

    const entries = (await admin('GET', '/api/admin/data-access-log?limit=1000')).body.entries as { action: string; username: string; detail: Record<string, unknown> }[];
    const mine = entries.filter((entry) => entry.detail.userId === id || entry.detail.deviceId === device.id);
    // The test server's clock stands still: compared whatever their order.
    expect(mine).toHaveLength(5);
    expect(mine.map((entry) => [entry.action, entry.detail])).toEqual(expect.arrayContaining([
      ['account.create', { userId: id, username: created.body.username, role: 'member', villageIds: [north.id] }],
      ['account.update', { userId: id, username: created.body.username, villageIds: [south.id], villageIdsBefore: [north.id] }],
      ['account.update', { userId: id, username: created.body.username, disabled: true, passwordReset: true }],
      ['account.update', { userId: id, username: created.body.username, disabled: false }],
      ['account.revokeDevice', { deviceId: device.id, userId: id, username: created.body.username }],
    ]));
    expect(new Set(mine.map((entry) => entry.username))).toEqual(new Set(['admin']));
    // An unknown account: refused, nothing written.
    const before = entries.length;
    expect((await admin('PATCH', '/api/admin/users/no-such-user', { disabled: true })).status).toBe(404);
    expect((await admin('GET', '/api/admin/data-access-log?limit=1000')).body.entries).toHaveLength(before);
  });

  it('[AD8] a village made or changed and a target moved are logged with who, before and after', async () => {
    const created = await admin('POST', '/api/admin/villages', { name: 'Thôn Ghi Sổ', expectedHouseholds: 400 });
    const id = created.body.id as string;
    await admin('PATCH', `/api/admin/villages/${id}`, { expectedHouseholds: 250 });
    await admin('PATCH', `/api/admin/villages/${id}`, { expectedHouseholds: 250 }); // changes nothing
    const targets = await admin('PUT', '/api/admin/targets', { vneid_level2: 0.9, smartphone: 0.8 });
    expect(targets.status).toBe(200);
    const entries = (await admin('GET', '/api/admin/data-access-log?limit=1000')).body.entries as { action: string; username: string; detail: Record<string, unknown> }[];
    const ofVillage = entries.filter((entry) => entry.detail.villageId === id).map((entry) => [entry.action, entry.detail]);
    expect(ofVillage).toEqual(expect.arrayContaining([
      ['village.create', { villageId: id, after: { name: 'Thôn Ghi Sổ', code: null, expectedHouseholds: 400 } }],
      ['village.update', { villageId: id, before: { name: 'Thôn Ghi Sổ', code: null, expectedHouseholds: 400 }, after: { name: 'Thôn Ghi Sổ', code: null, expectedHouseholds: 250 } }],
    ]));
    expect(ofVillage).toHaveLength(2);
    const moved = entries.filter((entry) => entry.action === 'targets.update').map((entry) => entry.detail);
    // Only what moved: smartphone's default is 0.8 already.
    expect(moved).toContainEqual({ before: { vneid_level2: 0.8 }, after: { vneid_level2: 0.9 } });
  });

  it('[AD6] a password reset ends the user\'s sessions', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    await admin('PATCH', `/api/admin/users/${user.id}`, { password: 'mat-khau-moi-99' });
    expect((await server.request('GET', '/api/me', { token: user.token })).status).toBe(401);
    expect(await server.login(user.username, 'mat-khau-moi-99')).toEqual(expect.any(String));
  });

  it('[AD6] a role changed: it holds at once, its phones must sign in again, and the change is logged', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const promoted = await admin('PATCH', `/api/admin/users/${user.id}`, { role: 'village_head' });
    expect(promoted.body).toMatchObject({ id: user.id, role: 'village_head', villageIds: [village.id] });
    const refused = await server.request('GET', '/api/me', { token: user.token });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'DEVICE_REVOKED']);
    const headToken = await server.login(user.username, user.password);
    expect((await server.request('GET', '/api/me', { token: headToken })).body.user).toMatchObject({ role: 'village_head', villageIds: [village.id] });
    expect((await server.request('GET', '/api/conflicts', { token: headToken })).status).toBe(200);

    // Made an administrator: every village, no list kept; back to member: the villages given.
    const admined = await admin('PATCH', `/api/admin/users/${user.id}`, { role: 'commune_admin', villageIds: [village.id] });
    expect(admined.body).toMatchObject({ role: 'commune_admin', villageIds: [] });
    const other = await server.createVillage();
    const member = await admin('PATCH', `/api/admin/users/${user.id}`, { role: 'member', villageIds: [other.id] });
    expect(member.body).toMatchObject({ role: 'member', villageIds: [other.id] });
    const memberToken = await server.login(user.username, user.password);
    expect((await server.request('GET', '/api/conflicts', { token: memberToken })).status).toBe(403);

    const log = (await admin('GET', '/api/admin/data-access-log?limit=1000')).body.entries as { action: string; detail: Record<string, unknown> }[];
    const roles = log.filter((entry) => entry.detail.userId === user.id && 'role' in entry.detail && entry.action === 'account.update').map((entry) => [entry.detail.roleBefore, entry.detail.role]);
    expect(roles).toEqual(expect.arrayContaining([['member', 'village_head'], ['village_head', 'commune_admin'], ['commune_admin', 'member']]));
  });

  it('[AD6] two administrators demoting each other at once: the commune keeps one', async () => {
    const first = await server.createUser('commune_admin', []);
    const second = await server.createUser('commune_admin', []);
    const demote = (token: string, id: string) => server.request('PATCH', `/api/admin/users/${id}`, { token, body: { role: 'member' } });
    const answers = await Promise.all([demote(first.token, second.id), demote(second.token, first.id)]);
    // The second is refused: no longer an administrator (403), or its session already ended by the change (401).
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401 || status === 403)).toHaveLength(1);
    const { users } = (await admin('GET', '/api/admin/users')).body as { users: { id: string; role: string }[] };
    expect(users.filter((user) => [first.id, second.id].includes(user.id)).map((user) => user.role).sort()).toEqual(['commune_admin', 'member']);
  });

  it('[AD6] an administrator cannot change their own role; an unknown role is refused and changes nothing', async () => {
    const me = await server.request('GET', '/api/me', { token: server.adminToken });
    const self = await admin('PATCH', `/api/admin/users/${me.body.user.id}`, { role: 'member' });
    expect([self.status, self.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await server.request('GET', '/api/me', { token: server.adminToken })).body.user.role).toBe('commune_admin');
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const unknown = await admin('PATCH', `/api/admin/users/${user.id}`, { role: 'province_admin' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await server.request('GET', '/api/me', { token: user.token })).body.user.role).toBe('member');
  });

  it('[AD6][PL5] moving a member to another village: the next pull resets and shows only the new village', async () => {
    const oldVillage = await server.createVillage();
    const newVillage = await server.createVillage();
    const user = await server.createUser('member', [oldVillage.id]);
    const oldHousehold = newHousehold(oldVillage.id);
    await server.pushOk(user.token, [oldHousehold]);
    const newHouseholdMutation = newHousehold(newVillage.id);
    await server.pushOk(server.adminToken, [newHouseholdMutation]);
    const before = await server.pullAll(user.token);
    expect(before.changes.map((c) => c.record.id)).toEqual([oldHousehold.recordId]);

    await admin('PATCH', `/api/admin/users/${user.id}`, { villageIds: [newVillage.id] });
    const after = await server.pull(user.token, before.cursor);
    expect(after.body.reset).toBe(true);
    expect(after.body.changes.map((c) => c.record.id)).toEqual([newHouseholdMutation.recordId]);
    const [refused] = await server.pushOk(user.token, [newHousehold(oldVillage.id)]);
    expect(refused.error?.code).toBe('FORBIDDEN_VILLAGE');
    const users = await admin('GET', '/api/admin/users');
    expect(users.body.users.find((u: { id: string }) => u.id === user.id)).toMatchObject({ villageIds: [newVillage.id], role: 'member' });
  });

  it('[AD7] the office lists a user\'s phones and revokes one: that phone is refused at once, the other keeps working', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const lostPhone = await server.login(user.username, user.password, 'Điện thoại bị mất');
    const devices = await admin('GET', `/api/admin/devices?userId=${user.id}`);
    expect(devices.body.devices.map((d: { name: string | null }) => d.name).sort()).toEqual([null, 'Điện thoại bị mất'].sort());
    const lost = devices.body.devices.find((d: { name: string | null }) => d.name === 'Điện thoại bị mất');
    expect((await admin('POST', `/api/admin/devices/${lost.id}/revoke`)).status).toBe(204);
    const refused = await server.pull(lostPhone);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'DEVICE_REVOKED']);
    expect((await server.pull(user.token)).status).toBe(200);
    const listed = await admin('GET', `/api/admin/devices?userId=${user.id}`);
    expect(listed.body.devices.find((d: { id: string }) => d.id === lost.id).revokedAt).toEqual(expect.any(String));
    const unknown = await admin('POST', '/api/admin/devices/no-such-session/revoke');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('[AD1] account and session management is refused to a village head', async () => {
    const village = await server.createVillage();
    const head = await server.createUser('village_head', [village.id]);
    for (const [method, url] of [['GET', '/api/admin/users'], ['GET', '/api/admin/devices'], ['PATCH', `/api/admin/users/${head.id}`], ['PATCH', `/api/admin/villages/${village.id}`]] as const) {
      const answer = await server.request(method, url, { token: head.token, body: method === 'PATCH' ? {} : undefined });
      expect([url, answer.status]).toEqual([url, 403]);
    }
  });
});
