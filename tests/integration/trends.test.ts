// Monthly snapshots and the trends: taken on demand by the administrator, by the server itself after
// each month ends (at start and hourly), and read back month by month. [SN1]–[SN3], [IN6] of docs/api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { takeMissingSnapshots } from '../../src/server/indicators/snapshots';
import type { Village } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { edgeDataset } from './helpers/indicator-dataset';
import { ManualClock, TestServer } from './helpers/test-server';

/** Sets the server clock to a moment given in Vietnam's time. */
function setVietnamTime(server: TestServer, local: string) {
  server.clock.advance(Date.parse(`${local}+07:00`) - server.clock.now().getTime());
}

describe.each(backends)('trends on $name', (backend) => {
  let server: TestServer;
  let villageA: Village;
  let villageB: Village;
  let memberA: Awaited<ReturnType<TestServer['createUser']>>;

  beforeAll(async () => {
    server = await TestServer.start(backend);
    villageA = await server.createVillage('Thôn A', 10);
    villageB = await server.createVillage('Thôn B', 20);
    memberA = await server.createUser('member', [villageA.id]);
    const data = edgeDataset(villageA.id, villageB.id);
    await server.pushOk(server.adminToken, [...data.villageA, ...data.villageB]);
  });
  afterAll(() => server?.close());

  const indicatorsAt = async (asOf: string, token = server.adminToken) =>
    (await server.request('GET', `/api/indicators?asOf=${asOf}`, { token })).body;

  it('[SN1] the administrator takes this month (at today) and last month (at its last day)', async () => {
    setVietnamTime(server, '2026-11-15T09:00:00');
    const current = await server.request('POST', '/api/admin/snapshots?month=2026-11', { token: server.adminToken });
    expect(current.status).toBe(201);
    expect(current.body).toMatchObject({ month: '2026-11', asOf: '2026-11-15', onDemand: true });
    const previous = await server.request('POST', '/api/admin/snapshots?month=2026-10', { token: server.adminToken });
    expect(previous.body).toMatchObject({ month: '2026-10', asOf: '2026-10-31' });

    const trends = await server.request('GET', '/api/indicators/trends?months=12', { token: server.adminToken });
    expect(trends.status).toBe(200);
    expect(trends.body.scope).toBe('commune');
    expect(trends.body.months.map((m: { month: string; asOf: string }) => [m.month, m.asOf])).toEqual([['2026-10', '2026-10-31'], ['2026-11', '2026-11-15']]);
    const [october, november] = trends.body.months;
    const octoberNow = await indicatorsAt('2026-10-31');
    expect(october.indicators).toEqual(octoberNow.indicators);
    expect(october.villages).toEqual(octoberNow.villages);
    expect(november.indicators).toEqual((await indicatorsAt('2026-11-15')).indicators);
    // Visits of November are not in October's coverage.
    expect(october.indicators.find((v: { key: string }) => v.key === 'household_coverage').numerator).toBe(1);
  });

  it('[SN2] future months, closed months, malformed months and other roles are refused with codes', async () => {
    setVietnamTime(server, '2026-11-15T09:00:00');
    const cases: [string, number, string][] = [
      ['2026-12', 400, 'MONTH_NOT_STARTED'],
      ['2026-09', 409, 'MONTH_CLOSED'],
      ['2026-13', 400, 'VALIDATION_FAILED'],
      ['11-2026', 400, 'VALIDATION_FAILED'],
    ];
    for (const [month, status, code] of cases) {
      const answer = await server.request('POST', `/api/admin/snapshots?month=${month}`, { token: server.adminToken });
      expect([month, answer.status, answer.body.error?.code]).toEqual([month, status, code]);
    }
    const refused = await server.request('POST', '/api/admin/snapshots?month=2026-11', { token: memberA.token });
    expect(refused.status).toBe(403);
  });

  it('[SN3] after the month ends the server retakes it at its last day, once — also one taken on that last morning', async () => {
    // Its date is the month's last day, but that afternoon's work is not in it.
    setVietnamTime(server, '2026-11-30T10:00:00');
    expect((await server.request('POST', '/api/admin/snapshots?month=2026-11', { token: server.adminToken })).body).toMatchObject({ asOf: '2026-11-30' });
    setVietnamTime(server, '2026-12-01T00:30:00');
    const communes = await takeMissingSnapshots(server.db, server.clock.now());
    expect(communes).toHaveLength(1);
    expect(await takeMissingSnapshots(server.db, server.clock.now())).toEqual([]);
    const trends = await server.request('GET', '/api/indicators/trends', { token: server.adminToken });
    const november = trends.body.months.find((m: { month: string }) => m.month === '2026-11');
    expect(november).toMatchObject({ asOf: '2026-11-30', takenAt: server.clock.now().toISOString() });
    expect(november.indicators).toEqual((await indicatorsAt('2026-11-30')).indicators);
  });

  it('[SN3] a server that was off at month end takes the missing month when it starts', async () => {
    const clock = new ManualClock(new Date('2027-01-02T01:00:00Z'));
    const second = await buildServer({ db: server.db, clock: clock.now, distDir: '/nonexistent-dist' });
    await second.monthlySnapshots.idle();
    await second.close();
    setVietnamTime(server, '2027-01-02T08:00:00');
    const trends = await server.request('GET', '/api/indicators/trends?months=2', { token: server.adminToken });
    expect(trends.body.months.map((m: { month: string; asOf: string }) => [m.month, m.asOf])).toEqual([['2026-11', '2026-11-30'], ['2026-12', '2026-12-31']]);
    expect(trends.body.months[1].indicators).toEqual((await indicatorsAt('2026-12-31')).indicators);
  });

  it('[IN6] a member sees the trends of their own villages only', async () => {
    const trends = await server.request('GET', '/api/indicators/trends', { token: memberA.token });
    expect(trends.body.scope).toBe('villages');
    for (const month of trends.body.months) {
      expect(month.villages.map((v: { villageId: string }) => v.villageId)).toEqual([villageA.id]);
      expect(month.indicators).toEqual(month.villages[0].indicators);
    }
    expect(trends.body.months.at(-1).indicators).toEqual((await indicatorsAt('2026-12-31', memberA.token)).indicators);
    const other = await server.request('GET', `/api/indicators/trends?villageId=${villageB.id}`, { token: memberA.token });
    expect(other.status).toBe(403);
  });
});
