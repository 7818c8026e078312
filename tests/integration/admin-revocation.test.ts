// A lost phone (issue 5): once the office revokes its session, its next push is refused with
// DEVICE_REVOKED, which the phone shows as such; a logout stays UNAUTHENTICATED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { newHousehold } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('device revocation on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  it('[AD7] a revoked phone\'s next push is 401 DEVICE_REVOKED and writes nothing; the user\'s other phone pushes on', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const lost = await server.login(user.username, user.password, 'Máy bị mất');
    const { devices } = (await server.request('GET', `/api/admin/devices?userId=${user.id}`, { token: server.adminToken })).body;
    const lostId = devices.find((d: { name: string | null }) => d.name === 'Máy bị mất').id;
    expect((await server.request('POST', `/api/admin/devices/${lostId}/revoke`, { token: server.adminToken })).status).toBe(204);
    const refused = await server.push(lost, [newHousehold(village.id)], 'lost-phone');
    expect([refused.status, refused.body.error.code]).toEqual([401, 'DEVICE_REVOKED']);
    expect(refused.body.error.message).toContain('đăng nhập lại');
    const [{ n }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM households WHERE village_id = $1`, [village.id]);
    expect(n).toBe(0);
    expect((await server.push(user.token, [newHousehold(village.id)])).status).toBe(200);
  });

  it('a password reset ends every phone of the user with DEVICE_REVOKED; a logout is UNAUTHENTICATED', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const second = await server.login(user.username, user.password);
    expect((await server.request('POST', '/api/auth/logout', { token: second })).status).toBe(204);
    expect((await server.push(second, [newHousehold(village.id)])).body.error.code).toBe('UNAUTHENTICATED');
    expect((await server.request('PATCH', `/api/admin/users/${user.id}`, { token: server.adminToken, body: { password: 'mat-khau-moi-99' } })).status).toBe(200);
    expect((await server.push(user.token, [newHousehold(village.id)])).body.error.code).toBe('DEVICE_REVOKED');
  });
});
