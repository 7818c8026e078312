// The commune's targets: defaults from domain.md, changed by its administrator only, validated, shown in
// every indicator answer. [TG1]–[TG3] of docs/api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS } from '../../src/shared/indicators';
import { backends } from './helpers/backends';
import { TestServer } from './helpers/test-server';

describe.each(backends)('targets on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  it('[TG1] a new commune has the defaults of domain.md, readable by every role', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const answer = await server.request('GET', '/api/targets', { token: member.token });
    expect(answer.status).toBe(200);
    expect(answer.body.targets).toEqual({
      vneid_level2: 0.8, digital_signature: 0.2, health_book: 0.7, payment_account: 0.8, cashless_household: 0.7,
      business_cashless: 0.98, smartphone: 0.8, digital_skills: 1, online_public_services: 0.85, digital_citizen: 1, household_coverage: 1,
    });
    expect(answer.body.defaults).toEqual(DEFAULT_TARGETS);
  });

  it('[TG2] the administrator changes some targets; every indicator answer uses them; null restores the default', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const changed = await server.request('PUT', '/api/admin/targets', { token: server.adminToken, body: { vneid_level2: 0.95, digital_signature: 0.5 } });
    expect(changed.status).toBe(200);
    expect(changed.body.targets).toMatchObject({ vneid_level2: 0.95, digital_signature: 0.5, health_book: 0.7 });
    const indicators = await server.request('GET', '/api/indicators', { token: member.token });
    const target = (key: string) => indicators.body.indicators.find((v: { key: string }) => v.key === key).target;
    expect([target('vneid_level2'), target('digital_signature'), target('health_book')]).toEqual([0.95, 0.5, 0.7]);
    expect(indicators.body.villages[0].indicators.find((v: { key: string }) => v.key === 'vneid_level2').target).toBe(0.95);
    const again = await server.request('PUT', '/api/admin/targets', { token: server.adminToken, body: { vneid_level2: 0.9 } });
    expect(again.body.targets).toMatchObject({ vneid_level2: 0.9, digital_signature: 0.5 });
    const reset = await server.request('PUT', '/api/admin/targets', { token: server.adminToken, body: { vneid_level2: null, digital_signature: null } });
    expect(reset.body.targets).toEqual(DEFAULT_TARGETS);
  });

  it('[TG3] unknown keys, rates outside 0..1 and non-numbers are 400 with a code; other roles get 403', async () => {
    const cases: [unknown, string, Record<string, string>][] = [
      [{ vneid: 0.5 }, 'UNKNOWN_FIELD', { vneid: 'unknown' }],
      [{ smartphone: 1.2 }, 'VALIDATION_FAILED', { smartphone: 'validation.targetRate' }],
      [{ smartphone: -0.1 }, 'VALIDATION_FAILED', { smartphone: 'validation.targetRate' }],
      [{ smartphone: '80%' }, 'VALIDATION_FAILED', { smartphone: 'validation.invalid_type' }],
      [[0.5], 'VALIDATION_FAILED', { _: 'validation.invalid_type' }],
    ];
    for (const [body, code, fields] of cases) {
      const answer = await server.request('PUT', '/api/admin/targets', { token: server.adminToken, body });
      expect({ body, status: answer.status, error: answer.body.error }).toEqual({ body, status: 400, error: expect.objectContaining({ code, fields }) });
    }
    const village = await server.createVillage();
    for (const role of ['member', 'village_head'] as const) {
      const user = await server.createUser(role, [village.id]);
      const refused = await server.request('PUT', '/api/admin/targets', { token: user.token, body: { smartphone: 0.1 } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    expect((await server.request('GET', '/api/targets', { token: server.adminToken })).body.targets.smartphone).toBe(0.8);
  });
});
