// Bad input never yields a 5xx: each gets a 4xx with a stable code (budgets.md, reliability goals). [P3]
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Household } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { mutation, newHousehold } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('bad input on $name', (backend) => {
  let server: TestServer;
  let token: string;
  let villageId: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    villageId = (await server.createVillage()).id;
    token = (await server.createUser('member', [villageId])).token;
  });
  afterAll(() => server?.close());

  const push = (body: unknown, headers?: Record<string, string>) => server.request('POST', '/api/sync/push', { token, body, headers });

  it.each([
    ['malformed JSON', '{"protocolVersion": 1, "mutations": [', 400, 'MALFORMED_JSON'],
    ['an empty JSON body', '', 400, 'MALFORMED_JSON'],
    ['a "__proto__" key', '{"protocolVersion":1,"deviceId":"d","mutations":[],"__proto__":{"admin":true}}', 400, 'MALFORMED_JSON'],
    ['an array instead of an object', [1, 2], 400, 'VALIDATION_FAILED'],
    ['mutations of the wrong type', { protocolVersion: 1, deviceId: 'd', mutations: 'all' }, 400, 'VALIDATION_FAILED'],
    ['a protocol version of the wrong type', { protocolVersion: '1', deviceId: 'd', mutations: [] }, 400, 'VALIDATION_FAILED'],
    ['a mutation without an id', { protocolVersion: 1, deviceId: 'd', mutations: [{ entity: 'household' }] }, 400, 'VALIDATION_FAILED'],
    ['a field with a NUL character', { protocolVersion: 1, deviceId: 'd', mutations: [{ ...newHousehold('v'), fields: { address: 'a\u0000b' } }] }, 400, 'VALIDATION_FAILED'],
    ['a lone UTF-16 surrogate', '{"protocolVersion":1,"deviceId":"d","mutations":[{"id":"x","fields":{"note":"\\ud800"}}]}', 400, 'VALIDATION_FAILED'],
  ])('[P3] a push with %s is %i %s', async (_name, body, status, code) => {
    const answer = await push(body);
    expect([answer.status, answer.body.error?.code]).toEqual([status, code]);
    expect(answer.body.error.message).toEqual(expect.any(String));
  });

  it('[P3] deeply nested JSON is refused without a crash', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const answer = await push(`{"protocolVersion":1,"deviceId":"d","mutations":[{"id":"m","fields":{"note":${deep}}}]}`);
    expect(answer.status).toBeLessThan(500);
  });

  it('[P3] a body that is not JSON is 415; a push over 5 MB is 413', async () => {
    const text = await push('hello', { 'content-type': 'text/plain' });
    expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await push({ protocolVersion: 1, deviceId: 'd', mutations: [{ ...newHousehold(villageId), fields: { note: 'x'.repeat(6 * 1024 * 1024) } }] });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const bigLogin = await server.request('POST', '/api/auth/login', { body: { username: 'a', password: 'x'.repeat(400_000) } });
    expect([bigLogin.status, bigLogin.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('[P3] SQL-looking text is stored and returned verbatim', async () => {
    const sneaky = "'); DROP TABLE households; --";
    const create = newHousehold(villageId, { address: sneaky, headName: 'Robert"); DELETE FROM users; --' });
    expect((await server.pushOk(token, [create]))[0].status).toBe('applied');
    const { changes } = await server.pullAll(token);
    expect((changes.find((c) => c.record.id === create.recordId)!.record as Household).address).toBe(sneaky);
    expect((await server.request('GET', '/api/health')).status).toBe(200);
  });

  it('[P3] a date of year 0000 (valid ISO, refused by PostgreSQL) rejects its mutation alone; the rest of the push is applied', async () => {
    const household = newHousehold(villageId);
    const visit = (fields: Record<string, unknown>, clientTime?: string) =>
      mutation({ entity: 'visit', recordId: crypto.randomUUID(), villageId, fields: { householdId: household.recordId, visitedOn: '2026-11-20', helpedWith: [], ...fields }, ...(clientTime ? { clientTime } : {}) });
    const results = await server.pushOk(token, [
      household,
      visit({ visitedOn: '0000-01-01' }),
      visit({}, '0000-01-01T00:00:00Z'),
      newHousehold(villageId, { consentGiven: true, consentAt: '0000-12-31', consentBy: 'Lan' }),
      visit({ visitedOn: '1970-01-01' }, '1970-01-01T00:00:00Z'),
    ]);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['applied', undefined], ['rejected', 'VALIDATION_FAILED'], ['rejected', 'VALIDATION_FAILED'], ['rejected', 'VALIDATION_FAILED'], ['applied', undefined],
    ]);
  });

  it('[P3] ids the server keeps for its own changes: a mutation id "review:…", "import:…" or "erase:…" is rejected alone; device "server" or "import" refuses the push', async () => {
    const results = await server.pushOk(token, [
      { ...newHousehold(villageId), id: 'review:1234' },
      { ...newHousehold(villageId), id: 'import:abc:def' },
      { ...newHousehold(villageId), id: 'erase:5678' },
      newHousehold(villageId),
    ]);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'VALIDATION_FAILED'], ['rejected', 'VALIDATION_FAILED'], ['rejected', 'VALIDATION_FAILED'], ['applied', undefined],
    ]);
    for (const deviceId of ['server', 'import']) {
      const answer = await push({ protocolVersion: 1, deviceId, mutations: [newHousehold(villageId)] });
      expect([answer.status, answer.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('[PU9] consent given without who gave it or when is refused, also when a change would leave the record so', async () => {
    const household = newHousehold(villageId, { consentGiven: false, consentAt: undefined, consentBy: undefined });
    const [created] = await server.pushOk(token, [household]);
    expect(created.status).toBe('applied');
    const results = await server.pushOk(token, [
      newHousehold(villageId, { consentGiven: true, consentAt: undefined, consentBy: 'Lan' }),
      mutation({ entity: 'household', recordId: household.recordId, villageId, baseVersion: 1, fields: { consentGiven: true } }),
      mutation({ entity: 'household', recordId: household.recordId, villageId, baseVersion: 1, fields: { consentGiven: true, consentAt: '2026-11-20', consentBy: 'Lò Văn Pá' } }),
    ]);
    expect(results.map((r) => [r.status, r.error?.code, r.error?.fields])).toEqual([
      ['rejected', 'VALIDATION_FAILED', { consentAt: 'validation.required' }],
      ['rejected', 'VALIDATION_FAILED', { consentBy: 'validation.consentBy', consentAt: 'validation.required' }],
      ['applied', undefined, undefined],
    ]);
  });

  it.each([
    ['/api/indicators?asOf=0010-06-15'],
    ['/api/reports/monthly.xlsx?month=0001-01'],
    ['/api/reports/monthly.csv?month=0018-12'],
    ['/api/admin/audit?from=0000-01-01'],
  ])('[P3] %s (a year before 1900) is 400 VALIDATION_FAILED', async (path) => {
    const answer = await server.request('GET', path, { token: server.adminToken });
    expect([answer.status, answer.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it.each([
    ['GET', '/api/households/%00/history', 'member'],
    ['GET', '/api/admin/audit?userId=%00', 'admin'],
    ['GET', '/api/admin/devices?userId=%00', 'admin'],
    ['GET', '/api/persons/a%00b/export', 'admin'],
    ['POST', '/api/conflicts/%00/resolve', 'admin'],
    ['PATCH', '/api/admin/users/%00', 'admin'],
    ['GET', '/api/households/%ED%A0%80/history', 'member'],
  ] as const)('[P3] %s %s (a NUL or a broken character in the path or query) is 400 VALIDATION_FAILED, not a database error', async (method, url, who) => {
    const answer = await server.request(method, url, { token: who === 'admin' ? server.adminToken : token, body: method === 'GET' ? undefined : {} });
    expect([answer.status, answer.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('[P3] login with missing or mistyped fields is 400 VALIDATION_FAILED, unknown API paths are 404 JSON', async () => {
    const login = await server.request('POST', '/api/auth/login', { body: { username: 42 } });
    expect([login.status, login.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(Object.keys(login.body.error.fields).sort()).toEqual(['password', 'username']);
    const missing = await server.request('GET', '/api/nothing-here', { token });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
