// Property-based bad input (fast-check, pinned seed): malformed JSON, wrong types, unknown fields,
// SQL-looking strings, oversized strings and bodies, and other villages' or communes' ids thrown at every
// write route. Each answer is a 4xx with a catalogue code (a push may instead answer 200 with every
// mutation rejected by code), never a 5xx, and a dump of every table is the same before and after.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../src/shared/errors';
import { backends } from './helpers/backends';
import { newHousehold, newPerson } from './helpers/fixtures';
import { createSecondCommune, type OtherCommune } from './helpers/second-commune';
import { dumpTables } from './helpers/table-dump';
import { TestServer } from './helpers/test-server';

const SEED = 20261122;
const RUNS = process.env.FAULTS_LONG ? 400 : 40;

const SQL_LOOKING = ["'; DROP TABLE users; --", "1 OR 1=1", "' OR ''='", "Robert'); DROP TABLE households;--", '1; SELECT pg_sleep(10)', "$1", "\\'; TRUNCATE persons; --", 'NULL'];
const sqlString = fc.constantFrom(...SQL_LOOKING);
/** Where a plain word is a valid value (a username may be "NULL"), only the SQL strings no such field accepts. */
const sqlStringNotAWord = fc.constantFrom(...SQL_LOOKING.filter((text) => /[^A-Za-z0-9._-]/.test(text)));
/** Values of the wrong JSON type for a field of the given kind. null is left out where null is allowed. */
const wrongFor = {
  text: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }), fc.string({ minLength: 2001, maxLength: 3000 })),
  enum: fc.oneof(sqlStringNotAWord, fc.integer(), fc.boolean(), fc.string({ maxLength: 30 }).filter((s) => !/^[a-z_0-9]+$/.test(s))),
  int: fc.oneof(sqlString, fc.double({ noInteger: true, noNaN: true }), fc.boolean(), fc.constant('12'), fc.integer({ min: -1_000_000, max: -1 })),
  bool: fc.oneof(sqlString, fc.integer(), fc.constant('true'), fc.constant([])),
  ids: fc.oneof(sqlString, fc.integer(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.array(fc.string({ minLength: 65, maxLength: 80 }), { minLength: 1, maxLength: 2 })),
  rate: fc.oneof(sqlString, fc.double({ min: 1.0001, max: 1e9, noNaN: true }), fc.double({ max: -0.0001, noNaN: true }), fc.boolean()),
} as const;
type Kind = keyof typeof wrongFor;

interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  url: (ids: Ids) => string;
  /** A valid body (for the caller that may use the route); bad input is this with one thing broken. */
  valid: (ids: Ids) => Record<string, unknown> | undefined;
  fields: Record<string, Kind>;
  token: 'admin' | 'member' | 'head';
  /** The address names a village, account or conflict (tested with foreign and SQL-looking ids too). */
  idInAddress?: true;
}

interface Ids {
  villageId: string;
  userId: string;
  conflictId: string;
  sessionId: string;
  personId: string;
  other: OtherCommune;
}

/** Every write route of the API except push (below, with its own mutation-level generator). */
const WRITE_ROUTES: Record<string, WriteRoute> = {
  login: { method: 'POST', url: () => '/api/auth/login', valid: () => ({ username: 'admin', password: 'sai-mat-khau-nhe' }), fields: { username: 'text', password: 'text', deviceName: 'text' }, token: 'member' },
  'create village': { method: 'POST', url: () => '/api/admin/villages', valid: () => ({ name: 'Thôn Mới', expectedHouseholds: 10 }), fields: { name: 'text', code: 'text', expectedHouseholds: 'int' }, token: 'admin' },
  'change village': { idInAddress: true, method: 'PATCH', url: (ids) => `/api/admin/villages/${ids.villageId}`, valid: () => ({ expectedHouseholds: 10 }), fields: { name: 'text', code: 'text', expectedHouseholds: 'int' }, token: 'admin' },
  'set commune': { method: 'PUT', url: () => '/api/admin/commune', valid: () => ({ code: '23500' }), fields: { code: 'enum' }, token: 'admin' },
  'create account': { method: 'POST', url: () => '/api/admin/users', valid: (ids) => ({ username: 'tai-khoan-moi', password: 'mat-khau-1234', role: 'member', villageIds: [ids.villageId] }), fields: { username: 'enum', password: 'text', role: 'enum', villageIds: 'ids' }, token: 'admin' },
  'change account': { idInAddress: true, method: 'PATCH', url: (ids) => `/api/admin/users/${ids.userId}`, valid: (ids) => ({ villageIds: [ids.villageId], disabled: false }), fields: { villageIds: 'ids', disabled: 'bool', password: 'text' }, token: 'admin' },
  'resolve conflict': { idInAddress: true, method: 'POST', url: (ids) => `/api/conflicts/${ids.conflictId}/resolve`, valid: () => ({ keep: 'server' }), fields: { keep: 'enum' }, token: 'head' },
  'set targets': { method: 'PUT', url: () => '/api/admin/targets', valid: () => ({ vneid_level2: 0.8 }), fields: { vneid_level2: 'rate', smartphone: 'rate', digital_citizen: 'rate' }, token: 'admin' },
};

/** One broken request: a valid body with one corruption, or not JSON at all. */
function badRequestFor(route: WriteRoute, ids: Ids) {
  const valid = route.valid(ids) ?? {};
  const fieldNames = Object.keys(route.fields);
  return fc.oneof(
    // Malformed JSON: a valid body cut short, or text that is not JSON.
    fc.nat({ max: 1000 }).map((n) => ({ raw: JSON.stringify(valid).slice(0, n % Math.max(1, JSON.stringify(valid).length - 1)) || '{' })),
    fc.constantFrom('{', '{"a":}', "{'single':'quotes'}", 'NaN', '[1,2', '{"__proto__":{"x":1}}', '\u0000', 'undefined').map((raw) => ({ raw })),
    // The wrong shape altogether.
    fc.oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant(null), fc.boolean()).map((body) => ({ body })),
    // An unknown field beside valid ones (mass assignment: role, communeId, version…).
    fc.tuple(fc.constantFrom('role', 'communeId', 'commune_id', 'isAdmin', 'version', 'id', 'x', '__proto__x'), fc.jsonValue())
      .filter(([key]) => !fieldNames.includes(key))
      .map(([key, value]) => ({ body: { ...valid, [key]: value ?? 1 } })),
    // A known field of the wrong type, a SQL-looking string where an id, number or choice belongs, a huge string.
    fc.constantFrom(...fieldNames).chain((field) => wrongFor[route.fields[field]].map((value) => ({ body: { ...valid, [field]: value } }))),
  );
}

describe.each(backends)('bad input at every write route on $name', (backend) => {
  let server: TestServer;
  let ids: Ids;
  const tokens = { admin: '', member: '', head: '' };
  let tried = 0;
  let serverErrors = 0;
  let changes = 0;

  beforeAll(async () => {
    server = await TestServer.start(backend, { loginRateLimit: { max: 1_000_000, windowMs: 60_000 } });
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const head = await server.createUser('village_head', [village.id]);
    tokens.admin = server.adminToken;
    tokens.member = member.token;
    tokens.head = head.token;
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId);
    await server.pushOk(member.token, [household, person]);
    const edit = (vneid: string, minute: number) => ({ ...newPerson(village.id, household.recordId), recordId: person.recordId, baseVersion: 1, fields: { vneid }, clientTime: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString() });
    await server.pushOk(member.token, [edit('level2', 1)], 'a');
    await server.pushOk(member.token, [edit('locked', 2)], 'b');
    const conflicts = (await server.request('GET', '/api/conflicts', { token: server.adminToken })).body.conflicts as { id: string }[];
    const sessions = (await server.request('GET', `/api/admin/devices?userId=${member.id}`, { token: server.adminToken })).body.devices as { id: string }[];
    ids = { villageId: village.id, userId: member.id, conflictId: conflicts[0].id, sessionId: sessions[0].id, personId: person.recordId, other: await createSecondCommune(server) };
  });
  afterAll(async () => {
    console.log(`FAULT-FIGURES ${JSON.stringify({ suite: 'bad-input', backend: backend.name, long: Boolean(process.env.FAULTS_LONG), badInputsTried: tried, serverErrors, databaseChanges: changes })}`);
    await server?.close();
  });

  async function send(method: string, url: string, token: string, request: { raw?: string; body?: unknown }) {
    tried += 1;
    const payload = request.raw ?? JSON.stringify(request.body);
    const answer = await server.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload });
    if (answer.statusCode >= 500) serverErrors += 1;
    return { status: answer.statusCode, body: answer.body ? (JSON.parse(answer.body) as { error?: { code?: string }; results?: { status: string; error?: { code: string } }[] }) : {} };
  }

  it.each(Object.keys(WRITE_ROUTES))('%s: every bad input is a 4xx with a catalogue code, and nothing changes', async (name) => {
    const route = WRITE_ROUTES[name];
    const before = await dumpTables(server.db);
    await fc.assert(
      fc.asyncProperty(badRequestFor(route, ids), async (request) => {
        const answer = await send(route.method, route.url(ids), tokens[route.token], request);
        expect(answer.status, JSON.stringify({ request, answer }).slice(0, 500)).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(isErrorCode(answer.body.error?.code), JSON.stringify(answer.body)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const after = await dumpTables(server.db);
    if (JSON.stringify(after) !== JSON.stringify(before)) changes += 1;
    expect(after).toEqual(before);
  });

  it.each(Object.keys(WRITE_ROUTES).filter((name) => WRITE_ROUTES[name].idInAddress))('%s: ids of another commune and SQL-looking ids in the address are refused', async (name) => {
    const route = WRITE_ROUTES[name];
    const before = await dumpTables(server.db);
    const foreign = { ...ids, villageId: ids.other.villageId, userId: ids.other.member.id, conflictId: ids.other.villageId };
    for (const id of [foreign, ...SQL_LOOKING.map((sql) => ({ villageId: sql, userId: sql, conflictId: sql }))]) {
      const answer = await send(route.method, route.url({ ...ids, ...id }).replace(/ /g, '%20'), tokens[route.token], { body: route.valid(ids) });
      expect([403, 404, 400]).toContain(answer.status);
      expect(isErrorCode(answer.body.error?.code)).toBe(true);
    }
    expect(await dumpTables(server.db)).toEqual(before);
  });

  it('push: broken envelopes are 4xx; broken, foreign and SQL-looking mutations are each rejected by code; nothing changes', async () => {
    const valid = () => newPerson(ids.villageId, newHousehold(ids.villageId).recordId);
    const badMutation = fc.oneof(
      fc.constantFrom('entity', 'op', 'villageId', 'recordId', 'baseVersion', 'clientTime', 'fields', 'id').chain((field) =>
        fc.oneof(wrongFor.enum, wrongFor.int, fc.constant(null)).map((value) => ({ ...valid(), [field]: value }))),
      fc.constantFrom('vneid', 'birthYear', 'fullName', 'sex', 'healthBook', 'householdId').chain((field) =>
        fc.oneof(wrongFor.int, wrongFor.enum, wrongFor.text).map((value) => { const m = valid(); return { ...m, fields: { ...m.fields, [field]: value } }; })),
      fc.constant(null).map(() => ({ ...valid(), villageId: ids.other.villageId })),
      fc.constantFrom(...SQL_LOOKING).map((sql) => ({ ...valid(), villageId: sql })),
      fc.constant(null).map(() => ({ ...valid(), fields: { ...valid().fields, householdId: 'khong-co-ho-nay' } })),
      fc.constant(null).map(() => ({ ...valid(), extra: 'unknown field' })),
    ).filter((m) => !(m.id === null || typeof m.id !== 'string')); // a mutation without a readable id breaks the envelope (tested below)
    const badEnvelope = fc.oneof(
      fc.constantFrom('{"protocolVersion":1,"deviceId":"d","mutations":[', 'null', '[]', '{"protocolVersion":"1"}', '{"protocolVersion":1,"deviceId":"d","mutations":{}}').map((raw) => ({ raw })),
      fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((body) => ({ body })),
      fc.tuple(fc.constantFrom('protocolVersion', 'deviceId', 'mutations'), wrongFor.text).map(([key, value]) => ({ body: { protocolVersion: 1, deviceId: 'd', mutations: [], [key]: value } })),
      fc.constant({ body: { protocolVersion: 1, deviceId: 'd', mutations: [], userId: 'admin' } }),
    );
    const before = await dumpTables(server.db);
    await fc.assert(
      fc.asyncProperty(fc.oneof(badEnvelope, fc.array(badMutation, { minLength: 1, maxLength: 5 }).map((mutations) => ({ body: { protocolVersion: 1, deviceId: 'd', mutations } }))), async (request) => {
        const answer = await send('POST', '/api/sync/push', tokens.member, request);
        if (answer.status === 200) {
          expect(answer.body.results!.every((r) => r.status === 'rejected' && isErrorCode(r.error?.code)), JSON.stringify(answer.body).slice(0, 400)).toBe(true);
        } else {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(isErrorCode(answer.body.error?.code)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
    const after = await dumpTables(server.db);
    if (JSON.stringify(after) !== JSON.stringify(before)) changes += 1;
    expect(after).toEqual(before);
  });

  it('huge bodies and strings are 413 or 400 at every write route, never 5xx', async () => {
    const huge = 'Nguyễn '.repeat(60_000); // ~500 KB, past the 256 KB limit of every body but a push
    const before = await dumpTables(server.db);
    for (const route of Object.values(WRITE_ROUTES)) {
      const answer = await send(route.method, route.url(ids), tokens[route.token], { body: { ...route.valid(ids), [Object.keys(route.fields)[0]]: huge } });
      expect([400, 413]).toContain(answer.status);
      expect(isErrorCode(answer.body.error?.code)).toBe(true);
    }
    const pushAnswer = await send('POST', '/api/sync/push', tokens.member, { body: { protocolVersion: 1, deviceId: 'd', mutations: [{ ...newHousehold(ids.villageId), fields: { address: 'x'.repeat(6 * 1024 * 1024) } }] } });
    expect([pushAnswer.status, pushAnswer.body.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await dumpTables(server.db)).toEqual(before);
  });
});
