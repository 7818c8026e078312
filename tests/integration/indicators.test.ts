// GET /api/indicators on a dataset with every edge of domain.md, pushed through the real sync API, checked
// against figures worked out by hand (helpers/indicator-dataset.ts, beside the data; not by the code under test). [IN1]–[IN4] of docs/api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../src/shared/dates';
import { INDICATOR_KEYS, type IndicatorKey } from '../../src/shared/indicators';
import type { Village } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { EDGE_AS_OF, EDGE_COMMUNE as COMMUNE, edgeDataset, EDGE_VILLAGE_A as VILLAGE_A, EDGE_VILLAGE_B as VILLAGE_B, EDGE_VILLAGE_C as VILLAGE_C, type Fractions } from './helpers/indicator-dataset';
import { TestServer } from './helpers/test-server';

interface IndicatorJson {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
  rate: number | null;
  target: number;
}

const DEFAULTS: Record<IndicatorKey, number> = {
  vneid_level2: 0.8, digital_signature: 0.2, health_book: 0.7, payment_account: 0.8, cashless_household: 0.7,
  business_cashless: 0.98, smartphone: 0.8, digital_skills: 1, online_public_services: 0.85, digital_citizen: 1, household_coverage: 1,
};

function expected(fractions: Fractions): IndicatorJson[] {
  return INDICATOR_KEYS.map((key) => {
    const [numerator, denominator] = fractions[key];
    return { key, numerator, denominator, rate: denominator === 0 ? null : numerator / denominator, target: DEFAULTS[key] };
  });
}

describe.each(backends)('indicators on $name', (backend) => {
  let server: TestServer;
  let villageA: Village;
  let villageB: Village;
  let villageC: Village;
  let memberA: Awaited<ReturnType<TestServer['createUser']>>;
  let headB: Awaited<ReturnType<TestServer['createUser']>>;

  beforeAll(async () => {
    server = await TestServer.start(backend);
    villageA = await server.createVillage('Thôn A Đông', 10);
    const created = await server.request<Village>('POST', '/api/admin/villages', { token: server.adminToken, body: { name: 'Thôn B Tây' } });
    villageB = created.body;
    villageC = await server.createVillage('Thôn C Mới', 5);
    memberA = await server.createUser('member', [villageA.id]);
    headB = await server.createUser('village_head', [villageB.id]);
    const data = edgeDataset(villageA.id, villageB.id);
    for (const [token, mutations] of [[memberA.token, data.villageA], [headB.token, data.villageB]] as const) {
      const results = await server.pushOk(token, mutations);
      expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
    }
  });
  afterAll(() => server?.close());

  it('[IN1] the commune administrator sees the commune total and every village, as worked out by hand', async () => {
    const answer = await server.request('GET', `/api/indicators?asOf=${EDGE_AS_OF}`, { token: server.adminToken });
    expect(answer.status).toBe(200);
    expect(answer.body.asOf).toBe(EDGE_AS_OF);
    expect(answer.body.scope).toBe('commune');
    expect(answer.body.indicators).toEqual(expected(COMMUNE));
    expect(answer.body.villages).toEqual([
      { villageId: villageA.id, name: 'Thôn A Đông', indicators: expected(VILLAGE_A) },
      { villageId: villageB.id, name: 'Thôn B Tây', indicators: expected(VILLAGE_B) },
      { villageId: villageC.id, name: 'Thôn C Mới', indicators: expected(VILLAGE_C) },
    ]);
  });

  it('[IN2] a member and a village head see only their assigned villages', async () => {
    const member = await server.request('GET', `/api/indicators?asOf=${EDGE_AS_OF}`, { token: memberA.token });
    expect(member.body).toEqual({
      asOf: EDGE_AS_OF,
      scope: 'villages',
      indicators: expected(VILLAGE_A),
      villages: [{ villageId: villageA.id, name: 'Thôn A Đông', indicators: expected(VILLAGE_A) }],
    });
    const head = await server.request('GET', `/api/indicators?asOf=${EDGE_AS_OF}`, { token: headB.token });
    expect(head.body.indicators).toEqual(expected(VILLAGE_B));
    expect(head.body.villages.map((v: { villageId: string }) => v.villageId)).toEqual([villageB.id]);
  });

  it('[IN3] villageId narrows to one village of the scope; any other village is 403 FORBIDDEN_VILLAGE', async () => {
    const one = await server.request('GET', `/api/indicators?asOf=${EDGE_AS_OF}&villageId=${villageB.id}`, { token: server.adminToken });
    expect(one.body.scope).toBe('village');
    expect(one.body.indicators).toEqual(expected(VILLAGE_B));
    expect(one.body.villages).toHaveLength(1);
    for (const villageId of [villageB.id, 'no-such-village']) {
      const refused = await server.request('GET', `/api/indicators?villageId=${villageId}`, { token: memberA.token });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN_VILLAGE');
    }
  });

  it('[IN4] asOf defaults to today in Vietnam; a later asOf counts the later visit and the birthdays', async () => {
    const today = await server.request('GET', '/api/indicators', { token: memberA.token });
    expect(today.body.asOf).toBe(todayInVietnam(server.clock.now()));
    // 31/12/2026: a2 turns 14 on 01/12 and a5 18 on 31/12; A2's visit of 05/12 now counts.
    const later = await server.request('GET', '/api/indicators?asOf=2026-12-31', { token: memberA.token });
    const byKey = Object.fromEntries(later.body.indicators.map((v: IndicatorJson) => [v.key, [v.numerator, v.denominator]]));
    expect(byKey.vneid_level2).toEqual([4, 8]);
    expect(byKey.digital_signature).toEqual([3, 5]);
    expect(byKey.smartphone).toEqual([3, 5]);
    expect(byKey.household_coverage).toEqual([3, 10]);
  });

  it('[IN5] bad input: an impossible date, an unknown parameter, no token', async () => {
    const badDate = await server.request('GET', '/api/indicators?asOf=2026-02-30', { token: memberA.token });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { asOf: 'validation.date' } });
    const unknown = await server.request('GET', '/api/indicators?commune=x', { token: memberA.token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_FIELD');
    const anonymous = await server.request('GET', '/api/indicators');
    expect(anonymous.status).toBe(401);
  });
});
