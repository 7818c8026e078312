// The authorisation matrix: EVERY route the server registers × every kind of caller. A route missing
// from ROUTES fails the first test, so a new route cannot ship without a reviewed access rule.
// Callers: anonymous, a forged token, member, village head, commune administrator, a disabled user,
// a revoked token, an expired token. Then own/other village and own/other commune for the routes that
// take a village, a record, an account or a session.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/server/auth/tokens';
import { currentMonthInVietnam } from '../../src/shared/months';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { createSecondCommune, type OtherCommune } from './helpers/second-commune';
import { TestServer } from './helpers/test-server';

type Access = 'public' | 'signed-in' | 'reviewer' | 'admin';
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';
type Caller = 'anonymous' | 'forged' | 'member' | 'village_head' | 'commune_admin' | 'disabled' | 'revoked' | 'expired';
const CALLERS: Caller[] = ['anonymous', 'forged', 'member', 'village_head', 'commune_admin', 'disabled', 'revoked', 'expired'];
/** Callers with no valid identity: refused with 401 by every route that needs one. */
const NO_IDENTITY: Caller[] = ['anonymous', 'forged', 'disabled', 'revoked', 'expired'];
/** The 401 codes: not signed in, or (more specific, so the phone can say why) a revoked session. */
const IDENTITY_CODES = ['UNAUTHENTICATED', 'DEVICE_REVOKED', 'SESSION_EXPIRED'];
const ROLE_OF: Partial<Record<Caller, 'member' | 'village_head' | 'commune_admin'>> = { member: 'member', village_head: 'village_head', commune_admin: 'commune_admin' };
const ALLOWED: Record<Access, Caller[]> = {
  public: CALLERS,
  'signed-in': ['member', 'village_head', 'commune_admin'],
  reviewer: ['village_head', 'commune_admin'],
  admin: ['commune_admin'],
};

interface Setup {
  server: TestServer;
  villageId: string;
  memberId: string;
  householdId: string;
  personId: string;
  /** A new person in the member's village (for routes that erase one). */
  newPersonId(): Promise<string>;
  newHouseholdId(): Promise<string>;
  /** A fresh login of the caller's account (for routes that end the session they are called with). */
  freshToken(caller: Caller): Promise<string | undefined>;
  openConflictId(): Promise<string>;
  otherSessionId(): Promise<string>;
}
interface Call {
  url: string;
  body?: unknown;
  /** Overrides the caller's token (logout must not end the token the other rows use). */
  token?: string;
  headers?: Record<string, string>;
}

const month = () => currentMonthInVietnam(new Date());
/** Every route the server has, with who may call it and a well-formed request. */
const ROUTES: Record<string, { access: Access; call: (s: Setup, caller: Caller) => Promise<Call> | Call; allowedMayRefuseInput?: true }> = {
  'GET /api/health': { access: 'public', call: () => ({ url: '/api/health' }) },
  'POST /api/auth/login': { access: 'public', call: () => ({ url: '/api/auth/login', body: { username: 'admin', password: 'mat-khau-quan-tri-1' } }) },
  'POST /api/auth/logout': { access: 'signed-in', call: async (s, caller) => ({ url: '/api/auth/logout', token: await s.freshToken(caller) }) },
  'GET /api/me': { access: 'signed-in', call: () => ({ url: '/api/me' }) },
  'GET /api/villages': { access: 'signed-in', call: () => ({ url: '/api/villages' }) },
  'POST /api/sync/push': { access: 'signed-in', call: () => ({ url: '/api/sync/push', body: { protocolVersion: 1, deviceId: 'matrix', mutations: [] } }) },
  'GET /api/sync/pull': { access: 'signed-in', call: () => ({ url: '/api/sync/pull' }) },
  'POST /api/sync/records': { access: 'signed-in', call: () => ({ url: '/api/sync/records', body: { protocolVersion: 1, records: [{ entity: 'household', id: randomUUID() }] } }) },
  'GET /api/indicators': { access: 'signed-in', call: () => ({ url: '/api/indicators' }) },
  'GET /api/indicators/trends': { access: 'signed-in', call: () => ({ url: '/api/indicators/trends' }) },
  'GET /api/targets': { access: 'signed-in', call: () => ({ url: '/api/targets' }) },
  'GET /api/reports/monthly.xlsx': { access: 'signed-in', call: () => ({ url: `/api/reports/monthly.xlsx?month=${month()}` }) },
  'GET /api/reports/monthly.csv': { access: 'signed-in', call: () => ({ url: `/api/reports/monthly.csv?month=${month()}` }) },
  'GET /api/conflicts': { access: 'reviewer', call: () => ({ url: '/api/conflicts' }) },
  'POST /api/conflicts/:id/resolve': { access: 'reviewer', call: async (s) => ({ url: `/api/conflicts/${await s.openConflictId()}/resolve`, body: { keep: 'server' } }) },
  'POST /api/admin/villages': { access: 'admin', call: () => ({ url: '/api/admin/villages', body: { name: `Thôn ${randomUUID().slice(0, 6)}` } }) },
  'PATCH /api/admin/villages/:id': { access: 'admin', call: (s) => ({ url: `/api/admin/villages/${s.villageId}`, body: { expectedHouseholds: 120 } }) },
  'PUT /api/admin/commune': { access: 'admin', call: () => ({ url: '/api/admin/commune', body: { code: '23500' } }) },
  'GET /api/admin/users': { access: 'admin', call: () => ({ url: '/api/admin/users' }) },
  'POST /api/admin/users': { access: 'admin', call: (s) => ({ url: '/api/admin/users', body: { username: `m${randomUUID().slice(0, 8)}`, password: 'mat-khau-1234', role: 'member', villageIds: [s.villageId] } }) },
  'PATCH /api/admin/users/:id': { access: 'admin', call: (s) => ({ url: `/api/admin/users/${s.memberId}`, body: { villageIds: [s.villageId] } }) },
  'GET /api/admin/devices': { access: 'admin', call: () => ({ url: '/api/admin/devices' }) },
  'POST /api/admin/devices/:id/revoke': { access: 'admin', call: async (s) => ({ url: `/api/admin/devices/${await s.otherSessionId()}/revoke` }) },
  'PUT /api/admin/targets': { access: 'admin', call: () => ({ url: '/api/admin/targets', body: { vneid_level2: 0.8 } }) },
  'POST /api/admin/snapshots': { access: 'admin', call: () => ({ url: `/api/admin/snapshots?month=${month()}` }) },
  'GET /api/admin/data-access-log': { access: 'admin', call: () => ({ url: '/api/admin/data-access-log' }) },
  'GET /api/households/:id/history': { access: 'signed-in', call: (s) => ({ url: `/api/households/${s.householdId}/history` }) },
  'GET /api/admin/audit': { access: 'admin', call: () => ({ url: '/api/admin/audit' }) },
  'GET /api/persons/:id/export': { access: 'admin', call: (s) => ({ url: `/api/persons/${s.personId}/export` }) },
  'POST /api/persons/:id/erase': { access: 'admin', call: async (s) => ({ url: `/api/persons/${await s.newPersonId()}/erase` }) },
  'GET /api/admin/consent-withdrawn': { access: 'admin', call: () => ({ url: '/api/admin/consent-withdrawn' }) },
  'POST /api/households/:id/erase': { access: 'admin', call: async (s) => ({ url: `/api/households/${await s.newHouseholdId()}/erase` }) },
  'GET /api/import/template.csv': { access: 'admin', call: () => ({ url: '/api/import/template.csv' }) },
  'GET /api/import/template.xlsx': { access: 'admin', call: () => ({ url: '/api/import/template.xlsx' }) },
  // A dry run of the empty template: what the file holds is the import's own tests' business; here only
  // who may call it (an allowed caller may get a 4xx about the file, never 401/403).
  'POST /api/import/households': {
    access: 'admin',
    allowedMayRefuseInput: true,
    call: async (s) => ({ url: '/api/import/households?dryRun=1', body: (await s.server.request('GET', '/api/import/template.csv', { token: s.server.adminToken })).body, headers: { 'content-type': 'text/csv' } }),
  },
  // Without a build (tests), "/" explains how to build the app; with one, @fastify/static serves it.
  'GET /': { access: 'public', call: () => ({ url: '/' }) },
};

/** HEAD routes are made by Fastify from the GET routes: same rule as the GET. */
function entryOf(route: string) {
  return ROUTES[route.startsWith('HEAD ') ? route.replace(/^HEAD /, 'GET ') : route];
}

describe.each(backends)('authorisation matrix on $name', (backend) => {
  let server: TestServer;
  let setup: Setup;
  const tokens = {} as Record<Caller, string | undefined>;
  const accounts = {} as Record<Caller, { username: string; password: string } | undefined>;
  let other: OtherCommune;
  let otherVillageId: string;

  beforeAll(async () => {
    server = await TestServer.start(backend, { loginRateLimit: { max: 10_000, windowMs: 60_000 } });
    const village = await server.createVillage();
    otherVillageId = (await server.createVillage()).id;
    const make = async (caller: Caller, role: 'member' | 'village_head' | 'commune_admin') => {
      const user = await server.createUser(role, role === 'commune_admin' ? [] : [village.id]);
      tokens[caller] = user.token;
      accounts[caller] = user;
      return user;
    };
    const member = await make('member', 'member');
    await make('village_head', 'village_head');
    await make('commune_admin', 'commune_admin');
    tokens.forged = 'A'.repeat(43);
    // Disabled straight in the database: its session is not revoked, so only the "disabled" check stops it.
    const disabled = await make('disabled', 'member');
    await server.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabled.id]);
    const revoked = await make('revoked', 'member');
    const [revokedSession] = (await server.request('GET', `/api/admin/devices?userId=${revoked.id}`, { token: server.adminToken })).body.devices;
    expect((await server.request('POST', `/api/admin/devices/${revokedSession.id}/revoke`, { token: server.adminToken })).status).toBe(204);
    const expired = await make('expired', 'member');
    await server.db.query(`UPDATE devices SET expires_at = $2 WHERE token_hash = $1`, [hashToken(expired.token), new Date(server.clock.now().getTime() - 1000)]);
    other = await createSecondCommune(server);

    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId);
    await server.pushOk(member.token, [household, person]);
    setup = {
      server,
      villageId: village.id,
      memberId: member.id,
      householdId: household.recordId,
      personId: person.recordId,
      async newPersonId() {
        const someone = newPerson(village.id, household.recordId, { fullName: 'Người sẽ bị xoá' });
        await server.pushOk(member.token, [someone]);
        return someone.recordId;
      },
      async newHouseholdId() {
        // Without consent: a household whose consent is given is not erased whole (409 CONSENT_GIVEN).
        const leaving = newHousehold(village.id, { headName: 'Hộ sẽ bị xoá', consentGiven: false, consentAt: undefined, consentBy: undefined });
        await server.pushOk(member.token, [leaving]);
        return leaving.recordId;
      },
      async freshToken(caller) {
        const account = accounts[caller];
        return ROLE_OF[caller] && account ? server.login(account.username, account.password) : tokens[caller];
      },
      async openConflictId() {
        // Two phones change one field from the same base version: one open conflict in the village.
        const household = newHousehold(village.id);
        const person = newPerson(village.id, household.recordId);
        await server.pushOk(member.token, [household, person]);
        const edit = (vneid: string, minute: number) =>
          mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 1, fields: { vneid }, clientTime: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString() });
        await server.pushOk(member.token, [edit('level2', 1)], 'phone-a');
        await server.pushOk(member.token, [edit('locked', 2)], 'phone-b');
        const conflicts = (await server.request('GET', '/api/conflicts', { token: server.adminToken })).body.conflicts as { id: string; recordId: string }[];
        return conflicts.find((c) => c.recordId === person.recordId)!.id;
      },
      async otherSessionId() {
        const user = await server.createUser('member', [village.id]);
        return (await server.request('GET', `/api/admin/devices?userId=${user.id}`, { token: server.adminToken })).body.devices[0].id;
      },
    };
  });
  afterAll(() => server?.close());

  it('every registered route has a matrix entry, and every entry is a registered route', () => {
    const registered = [...new Set(server.app.registeredRoutes)];
    const missing = registered.filter((route) => !entryOf(route));
    expect(missing, 'routes without an authorisation rule in ROUTES').toEqual([]);
    const getRoutes = registered.filter((route) => !route.startsWith('HEAD '));
    expect(Object.keys(ROUTES).filter((route) => !getRoutes.includes(route)), 'matrix entries for routes that do not exist').toEqual([]);
  });

  const cells = Object.entries(ROUTES).flatMap(([route, entry]) => CALLERS.map((caller) => [route, caller, entry.access] as const));
  it.each(cells)('%s as %s', async (route, caller, access) => {
    const [method, pattern] = route.split(' ') as [Method, string];
    const call = await ROUTES[route].call(setup, caller);
    const answer = await server.request(method as 'GET', call.url, { token: call.token ?? tokens[caller], body: call.body, headers: call.headers });
    const allowed = ALLOWED[access].includes(caller);
    if (allowed && ROUTES[route].allowedMayRefuseInput) {
      expect([401, 403]).not.toContain(answer.status);
      expect(answer.status).toBeLessThan(500);
    } else if (allowed) {
      expect(answer.status, `${route} ${JSON.stringify(answer.body).slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${route} ${JSON.stringify(answer.body).slice(0, 300)}`).toBeLessThan(300);
    } else if (NO_IDENTITY.includes(caller)) {
      expect(answer.status).toBe(401);
      expect(IDENTITY_CODES).toContain(answer.body.error?.code);
    } else {
      expect([answer.status, answer.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(pattern.startsWith('/')).toBe(true);
  });

  describe('own and other village', () => {
    it('a member cannot write into a village not assigned to it; the mutation is refused alone', async () => {
      const ownHousehold = newHousehold(setup.villageId);
      const foreign = newHousehold(otherVillageId);
      const results = await server.pushOk(tokens.member!, [ownHousehold, foreign]);
      expect(results.map((r) => [r.status, r.error?.code])).toEqual([['applied', undefined], ['rejected', 'FORBIDDEN_VILLAGE']]);
    });

    it('a member pulls nothing of another village, and gets no indicators for it', async () => {
      const theirs = newHousehold(otherVillageId);
      await server.pushOk(server.adminToken, [theirs]);
      const { changes } = await server.pullAll(tokens.member!);
      expect(changes.some((c) => c.record.id === theirs.recordId || c.record.villageId === otherVillageId)).toBe(false);
      const indicators = await server.request('GET', `/api/indicators?villageId=${otherVillageId}`, { token: tokens.member });
      expect([indicators.status, indicators.body.error?.code]).toEqual([403, 'FORBIDDEN_VILLAGE']);
    });

    it('a member cannot move a record of its village into another village', async () => {
      const household = newHousehold(setup.villageId);
      await server.pushOk(tokens.member!, [household]);
      const [moved] = await server.pushOk(tokens.member!, [{ ...mutation({ entity: 'household', recordId: household.recordId, villageId: otherVillageId, baseVersion: 1, fields: { address: 'Xóm khác' } }) }]);
      expect(moved.status).toBe('rejected');
    });
  });

  describe('own and other commune', () => {
    it('another commune\'s administrator sees none of this commune\'s accounts, sessions, villages, records, conflicts or audit log', async () => {
      const token = other.admin.token;
      const ask = (url: string) => server.request('GET', url, { token });
      const users = (await ask('/api/admin/users')).body.users as { id: string }[];
      expect(users.map((u) => u.id).sort()).toEqual([other.admin.id, other.member.id].sort());
      const devices = (await ask('/api/admin/devices')).body.devices as { userId: string }[];
      expect(devices.every((d) => d.userId === other.admin.id || d.userId === other.member.id)).toBe(true);
      expect(((await ask('/api/villages')).body.villages as { id: string }[]).map((v) => v.id)).toEqual([other.villageId]);
      const { changes } = await server.pullAll(token);
      expect(changes).toEqual([]);
      expect((await ask('/api/conflicts')).body.conflicts).toEqual([]);
      expect(((await ask('/api/admin/data-access-log')).body.entries as unknown[]).length).toBe(0);
    });

    it('another commune\'s administrator cannot change this commune\'s villages, accounts or sessions, nor resolve its conflicts', async () => {
      const token = other.admin.token;
      const answers = [
        await server.request('PATCH', `/api/admin/villages/${setup.villageId}`, { token, body: { name: 'Chiếm' } }),
        await server.request('PATCH', `/api/admin/users/${setup.memberId}`, { token, body: { disabled: true } }),
        await server.request('POST', `/api/admin/devices/${await setup.otherSessionId()}/revoke`, { token }),
        await server.request('POST', `/api/conflicts/${await setup.openConflictId()}/resolve`, { token, body: { keep: 'client' } }),
      ];
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
      const newUser = await server.request('POST', '/api/admin/users', { token, body: { username: `x${randomUUID().slice(0, 8)}`, password: 'mat-khau-1234', role: 'member', villageIds: [setup.villageId] } });
      expect([newUser.status, newUser.body.error?.code]).toEqual([403, 'FORBIDDEN_VILLAGE']);
      // Nothing changed: the member is still enabled and can still sync.
      expect((await server.request('GET', '/api/me', { token: tokens.member })).status).toBe(200);
    });

    it('another commune\'s member cannot push into or read this commune\'s villages', async () => {
      const [result] = await server.pushOk(other.member.token, [newHousehold(setup.villageId)]);
      expect([result.status, result.error?.code]).toEqual(['rejected', 'FORBIDDEN_VILLAGE']);
      const indicators = await server.request('GET', `/api/indicators?villageId=${setup.villageId}`, { token: other.member.token });
      expect(indicators.status).toBe(403);
      const { changes } = await server.pullAll(other.member.token);
      expect(changes.every((c) => c.record.villageId === other.villageId)).toBe(true);
    });
  });
});
