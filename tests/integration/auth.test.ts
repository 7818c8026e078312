// Health, login, tokens, rate limiting and the minimal administration. Rule ids: docs/api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { newHousehold } from './helpers/fixtures';
import { ADMIN, TestServer } from './helpers/test-server';
import { TOKEN_LIFETIME_MS } from '../../src/server/auth/sessions';

describe.each(backends)('auth and administration on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    // Behind a reverse proxy on the same machine (app.inject connects from 127.0.0.1).
    server = await TestServer.start(backend, { trustProxy: '127.0.0.1' });
  });
  afterAll(() => server?.close());

  it('[H1] health names the database and the protocol version', async () => {
    const answer = await server.request('GET', '/api/health');
    expect([answer.status, answer.body]).toEqual([200, { status: 'ok', database: backend.name, protocolVersion: 1 }]);
  });

  it('[A1] login returns a token and the user with their villages; /api/me and /api/villages agree', async () => {
    const village = await server.createVillage('Thôn Đông', 120);
    const user = await server.createUser('member', [village.id]);
    const login = await server.request('POST', '/api/auth/login', { body: { username: user.username.toUpperCase(), password: user.password, deviceName: 'Điện thoại của Lan' } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.any(String), user: { id: user.id, username: user.username, role: 'member', communeId: expect.any(String), villageIds: [village.id] } });
    const me = await server.request('GET', '/api/me', { token: login.body.token });
    expect(me.body.villages).toEqual([{ id: village.id, name: 'Thôn Đông', expectedHouseholds: 120 }]);
    expect(me.body.user.villageIds).toEqual([village.id]);
    const villages = await server.request('GET', '/api/villages', { token: login.body.token });
    expect(villages.body).toEqual({ villages: me.body.villages });
  });

  it('[A1] villages come in Vietnamese order, numbers as numbers ("Thôn 2" before "Thôn 10", "Đồng" after "Dọc")', async () => {
    const names = ['Xóm 10 (thứ tự)', 'Xóm Đồng (thứ tự)', 'Xóm 2 (thứ tự)', 'Xóm Dọc (thứ tự)'];
    const villages = await Promise.all(names.map((name) => server.createVillage(name)));
    const user = await server.createUser('member', villages.map((v) => v.id));
    const listed = (await server.request('GET', '/api/villages', { token: user.token })).body.villages.map((v: { name: string }) => v.name);
    expect(listed).toEqual(['Xóm 2 (thứ tự)', 'Xóm 10 (thứ tự)', 'Xóm Dọc (thứ tự)', 'Xóm Đồng (thứ tự)']);
  });

  it('[A2] an unknown user and a wrong password get the very same answer', async () => {
    const unknown = await server.request('POST', '/api/auth/login', { body: { username: 'khong-co-ai', password: 'sai-mat-khau' } });
    const wrong = await server.request('POST', '/api/auth/login', { body: { username: ADMIN.username, password: 'sai-mat-khau' } });
    expect(unknown.status).toBe(401);
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('[A3] repeated failed logins for one username from one address are rate limited, others are not', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const attempt = (username: string, password: string) => server.request('POST', '/api/auth/login', { body: { username, password } });
    for (let i = 0; i < 10; i += 1) expect((await attempt(user.username, 'sai-mat-khau')).status).toBe(401);
    const limited = await attempt(user.username, user.password); // even the right password waits now
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(ADMIN.username, ADMIN.password)).status).toBe(200);
    server.clock.advance(16 * 60 * 1000);
    expect((await attempt(user.username, user.password)).status).toBe(200);
  });

  it('[A3] guesses sent all at once get no more tries than guesses sent one by one', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const answers = await Promise.all(Array.from({ length: 30 }, () => server.request('POST', '/api/auth/login', { body: { username: user.username, password: 'doan-mo-mat-khau' } })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    server.clock.advance(16 * 60 * 1000);
    // A right password clears the count: the next wrong one starts again from one.
    expect((await server.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } })).status).toBe(200);
    for (let i = 0; i < 10; i += 1) expect((await server.request('POST', '/api/auth/login', { body: { username: user.username, password: 'sai' } })).status).toBe(401);
  });

  it('[A3] behind the configured proxy the limit is per forwarded address; a forged header from elsewhere is ignored', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const attempt = (headers: Record<string, string>, remoteAddress?: string) =>
      server.request('POST', '/api/auth/login', { body: { username: user.username, password: 'sai' }, headers, remoteAddress });
    for (let i = 0; i < 10; i += 1) await attempt({ 'x-forwarded-for': '10.0.0.1' });
    expect((await attempt({ 'x-forwarded-for': '10.0.0.1' })).status).toBe(429);
    expect((await attempt({ 'x-forwarded-for': '10.0.0.2' })).status).toBe(401); // another phone in the village
    // Not from the proxy: X-Forwarded-For is not believed, so rotating it does not escape the limit.
    for (let i = 0; i < 10; i += 1) await attempt({ 'x-forwarded-for': `10.9.9.${i}` }, '192.168.1.50');
    expect((await attempt({ 'x-forwarded-for': '10.9.9.99' }, '192.168.1.50')).status).toBe(429);
  });

  it('[A4][A5] logout revokes the token at once; other sessions of the user keep working', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const otherPhone = await server.login(user.username, user.password, 'máy thứ hai');
    expect((await server.request('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    const refused = await server.push(user.token, [newHousehold(village.id)]);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await server.request('GET', '/api/me', { token: otherPhone })).status).toBe(200);
  });

  it('[A4] an expired token is refused', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    server.clock.advance(TOKEN_LIFETIME_MS + 1000);
    const answer = await server.request('GET', '/api/me', { token: user.token });
    expect([answer.status, answer.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    server.adminToken = await server.login(ADMIN.username, ADMIN.password);
  });

  it('[AD1] administration is for the commune administrator only', async () => {
    const village = await server.createVillage();
    const head = await server.createUser('village_head', [village.id]);
    for (const [url, body] of [['/api/admin/villages', { name: 'Thôn Mới' }], ['/api/admin/users', { username: 'abc', password: '12345678', role: 'member', villageIds: [] }]] as const) {
      const answer = await server.request('POST', url, { token: head.token, body });
      expect([answer.status, answer.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('[AD2][AD3] village codes are unique in the commune; usernames are unique without regard to case', async () => {
    const first = await server.request('POST', '/api/admin/villages', { token: server.adminToken, body: { name: 'Thôn Bắc', code: 'TB' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), name: 'Thôn Bắc', code: 'TB', expectedHouseholds: null });
    const second = await server.request('POST', '/api/admin/villages', { token: server.adminToken, body: { name: 'Thôn Bắc 2', code: 'TB' } });
    expect([second.status, second.body.error.code]).toEqual([409, 'VILLAGE_CODE_TAKEN']);
    const user = await server.request('POST', '/api/admin/users', { token: server.adminToken, body: { username: ADMIN.username.toUpperCase(), password: '12345678', role: 'member', villageIds: [] } });
    expect([user.status, user.body.error.code]).toEqual([409, 'USERNAME_TAKEN']);
  });

  it('[AD3] a user can only be given villages of the administrator\'s commune', async () => {
    await server.db.query(`INSERT INTO communes (id) VALUES ('other-commune')`);
    await server.db.query(`INSERT INTO villages (id, commune_id, name) VALUES ('other-village', 'other-commune', 'Thôn Xa')`);
    const answer = await server.request('POST', '/api/admin/users', { token: server.adminToken, body: { username: 'nguoi-la', password: '12345678', role: 'member', villageIds: ['other-village'] } });
    expect([answer.status, answer.body.error.code]).toEqual([403, 'FORBIDDEN_VILLAGE']);
    const bad = await server.request('POST', '/api/admin/users', { token: server.adminToken, body: { username: 'x', password: 'short', role: 'king', villageIds: [] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['password', 'role', 'username']);
  });
});
