// Personal data never appears in the server's log: pushes, pulls, bad input, reports and failed logins
// with distinctive names and phone numbers go through a server whose logger writes (at the most verbose
// level) to a captured stream; none of them may appear in it.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeErrorWithoutPersonalData } from '../../src/server/http/log-privacy';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

const NAME = 'Hà Thị Ngọc Bích Riêngtư';
const HEAD = 'Vừ Mí Sáng Bảomật';
const PHONE = '0912345987';

describe('log privacy', () => {
  let server: TestServer;
  let logged = '';
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    server = await TestServer.start(backends[0], { log: { level: 'trace', stream } });
  });
  afterAll(() => server?.close());

  it('no name or phone of a resident reaches the log, whatever the request', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id, { headName: HEAD, phone: PHONE });
    const person = newPerson(village.id, household.recordId, { fullName: NAME });
    await server.pushOk(member.token, [household, person]);
    // Rejected mutations quote nothing back into the log either.
    await server.pushOk(member.token, [mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 1, fields: { birthYear: NAME, fullName: NAME } })]);
    await server.push(member.token, [{ ...newPerson(village.id, household.recordId, { fullName: NAME }), villageId: 'another-village' }]);
    await server.request('POST', '/api/sync/push', { token: member.token, body: `{"protocolVersion":1,"deviceId":"${NAME}","mutations":[{"fullName":"${NAME}"` });
    await server.pullAll(member.token);
    await server.request('GET', `/api/reports/monthly.xlsx?month=2026-11`, { token: server.adminToken });
    await server.request('POST', '/api/auth/login', { body: { username: NAME, password: PHONE } });
    await server.request('GET', `/api/indicators?villageId=${encodeURIComponent(NAME)}`, { token: member.token });

    expect(logged.length).toBeGreaterThan(0); // the log was written: requests at least
    expect(logged).not.toContain(NAME);
    expect(logged).not.toContain(HEAD);
    expect(logged).not.toContain(PHONE);
    expect(logged).not.toContain(JSON.stringify(NAME).slice(1, -1)); // nor escaped
  });

  it('a database error that quotes a value is logged by its code only', () => {
    const databaseError = Object.assign(new Error(`invalid input syntax for type integer: "${NAME}"`), { severity: 'ERROR', code: '22P02', routine: 'pg_strtoint32_safe', detail: `Key (full_name)=(${NAME})` });
    expect(JSON.stringify(serializeErrorWithoutPersonalData(databaseError))).not.toContain(NAME);
    expect(serializeErrorWithoutPersonalData(databaseError)).toMatchObject({ code: '22P02', routine: 'pg_strtoint32_safe' });
  });
});
