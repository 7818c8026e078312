// Pull: paging without skips or repeats, tombstones, village isolation, cursors.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRestored } from '../../src/server/sync/generation';
import { MAX_RECORDS_PER_FETCH, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, pullResponseSchema } from '../../src/shared/protocol';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson, visitFields } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('pull on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  async function member() {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    return { village, user, token: user.token };
  }

  it('[PL1][PL2] 1,200 changes arrive in pages of 500, none skipped or repeated, even with edits between pages', async () => {
    const { village, token } = await member();
    const creates = Array.from({ length: 1200 }, (_, i) => newHousehold(village.id, { address: `Số ${i}` }));
    await server.pushOk(token, creates.slice(0, 1000));
    await server.pushOk(token, creates.slice(1000));

    const first = await server.pull(token);
    expect(first.body.changes).toHaveLength(PULL_DEFAULT_LIMIT);
    expect(first.body.hasMore).toBe(true);
    // While the phone pages, another phone edits one record already pulled and one not yet pulled.
    const pulledId = first.body.changes[0].record.id;
    const notYetId = creates[1100].recordId;
    await server.pushOk(token, [pulledId, notYetId].map((recordId) => mutation({ entity: 'household', recordId, villageId: village.id, baseVersion: 1, fields: { note: 'sửa' } })), 'phone-b');

    const rest = await server.pullAll(token, first.body.cursor, 500);
    const all = [...first.body.changes, ...rest.changes];
    const seen = new Map<string, number>();
    for (const { record } of all) {
      expect(seen.get(record.id) ?? 0).toBeLessThan(record.version); // never the same version twice
      seen.set(record.id, record.version);
    }
    expect(seen.size).toBe(1200);
    expect(seen.get(pulledId)).toBe(2);
    expect(seen.get(notYetId)).toBe(2);
    expect(all).toHaveLength(1201); // 1,200 records + the already-pulled one again, at its new version
    expect(rest.pages).toBe(2);
    const again = await server.pull(token, rest.cursor);
    expect(again.body).toMatchObject({ changes: [], hasMore: false, cursor: rest.cursor });
  });

  it('[PL2] the limit is clamped to the maximum; a non-number limit is 400', async () => {
    const { token } = await member();
    const big = await server.pull(token, undefined, PULL_MAX_LIMIT * 10);
    expect(big.status).toBe(200);
    const bad = await server.request('GET', '/api/sync/pull?limit=lots', { token });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('[PD1] a deleted record is pulled as a tombstone with a new version; deleting again changes nothing', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId);
    await server.pushOk(token, [household, person]);
    const { cursor } = await server.pullAll(token);
    const remove = mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, op: 'delete', baseVersion: 1 });
    const removeAgain = mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, op: 'delete', baseVersion: 1 });
    expect((await server.pushOk(token, [remove, removeAgain])).map((r) => [r.status, r.version])).toEqual([['applied', 2], ['applied', 2]]);
    const after = await server.pull(token, cursor);
    expect(after.body.changes).toEqual([{ entity: 'person', record: expect.objectContaining({ id: person.recordId, deleted: true, version: 2, fullName: person.fields.fullName }) }]);
    expect(pullResponseSchema.safeParse(after.body).success).toBe(true);
  });

  it('[PD2] an edit of a deleted record is rejected: the deletion wins', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    await server.pushOk(token, [household]);
    await server.pushOk(token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, op: 'delete', baseVersion: 1 })], 'office');
    const lateEdit = mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion: 1, fields: { note: 'sửa sau khi xoá' } });
    const [result] = await server.pushOk(token, [lateEdit], 'phone-b');
    expect(result.error?.code).toBe('RECORD_DELETED');
    const unknownDelete = mutation({ entity: 'household', recordId: 'never-created', villageId: village.id, op: 'delete', baseVersion: 1 });
    expect((await server.pushOk(token, [unknownDelete]))[0].error?.code).toBe('RECORD_NOT_FOUND');
  });

  it('[PD3] deleting a household deletes the members and visits another phone added meanwhile; the indicators no longer count them', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const known = newPerson(village.id, household.recordId);
    await server.pushOk(token, [household, known], 'phone-a');
    // Phone B adds a member and a visit; phone A has not pulled them when it deletes the household.
    const added = newPerson(village.id, household.recordId, { fullName: 'Người phone B thêm' });
    const visit = mutation({ entity: 'visit', recordId: randomUUID(), villageId: village.id, fields: { householdId: household.recordId, visitedOn: '2026-11-20', helpedWith: [] } });
    await server.pushOk(token, [added, visit], 'phone-b');
    const { cursor } = await server.pullAll(token);
    const results = await server.pushOk(token, [
      mutation({ entity: 'person', recordId: known.recordId, villageId: village.id, op: 'delete', baseVersion: 1 }),
      mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, op: 'delete', baseVersion: 1 }),
    ], 'phone-a');
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const after = await server.pull(token, cursor);
    const tombstones = after.body.changes.map((c: { entity: string; record: { id: string; deleted: boolean; version: number } }) => [c.entity, c.record.id, c.record.deleted, c.record.version]);
    expect(tombstones).toEqual(expect.arrayContaining([['person', added.recordId, true, 2], ['visit', visit.recordId, true, 2], ['household', household.recordId, true, 2], ['person', known.recordId, true, 2]]));
    expect(tombstones).toHaveLength(4);
    const indicators = await server.request('GET', `/api/indicators?villageId=${village.id}`, { token: server.adminToken });
    expect(indicators.body.indicators.find((i: { key: string }) => i.key === 'health_book').denominator).toBe(0);
  });

  it('[PL3] a member pulls only their villages; the commune administrator pulls all', async () => {
    const a = await member();
    const b = await member();
    const inA = newHousehold(a.village.id);
    const inB = newHousehold(b.village.id);
    await server.pushOk(a.token, [inA]);
    await server.pushOk(b.token, [inB]);
    expect((await server.pullAll(a.token)).changes.map((c) => c.record.id)).toEqual([inA.recordId]);
    expect((await server.pullAll(b.token)).changes.map((c) => c.record.id)).toEqual([inB.recordId]);
    const adminIds = (await server.pullAll(server.adminToken)).changes.map((c) => c.record.id);
    expect(adminIds).toEqual(expect.arrayContaining([inA.recordId, inB.recordId]));
  });

  it('[PL5] when the caller\'s villages change, the next pull starts again and says reset', async () => {
    const { village, token } = await member();
    await server.pushOk(token, [newHousehold(village.id)]);
    const before = await server.pullAll(server.adminToken);
    await server.createVillage(); // the administrator's village set grows
    const after = await server.pull(server.adminToken, before.cursor, PULL_MAX_LIMIT);
    expect(after.body.reset).toBe(true);
    expect(after.body.changes.length).toBeGreaterThan(0);
    const steady = await server.pull(server.adminToken, after.body.cursor);
    expect(steady.body.reset).toBeUndefined();
  });

  it('[PL8] after a restore of the database, a cursor issued before it starts again from the beginning and says restored', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    await server.pushOk(token, [household]);
    const before = await server.pullAll(token);
    await markRestored(server.db, new Date());
    const after = await server.pull(token, before.cursor, PULL_MAX_LIMIT);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ reset: true, restored: true });
    expect(after.body.changes.map((c: { record: { id: string } }) => c.record.id)).toContain(household.recordId);
    const steady = await server.pull(token, after.body.cursor);
    expect([steady.body.reset, steady.body.restored, steady.body.changes]).toEqual([undefined, undefined, []]);
  });

  it('[PU12] a push carrying a cursor from before a restore is refused whole (SERVER_RESTORED): the phone pulls first', async () => {
    const { village, token } = await member();
    await server.pushOk(token, [newHousehold(village.id)]);
    const { cursor } = await server.pullAll(token);
    const withCursor = (c: string) => ({ protocolVersion: 1, deviceId: 'phone-x', mutations: [newHousehold(village.id)], cursor: c });
    expect((await server.request('POST', '/api/sync/push', { token, body: withCursor(cursor) })).status).toBe(200);
    await markRestored(server.db, new Date());
    const late = withCursor(cursor);
    const refused = await server.request('POST', '/api/sync/push', { token, body: late });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SERVER_RESTORED']);
    const { changes, cursor: fresh } = await server.pullAll(token);
    expect(changes.map((c) => c.record.id)).not.toContain(late.mutations[0].recordId);
    expect((await server.request('POST', '/api/sync/push', { token, body: { ...late, cursor: fresh } })).status).toBe(200);
  });

  it('[PL8] a cursor of the first form (no generation), issued before generations existed, is still followed', async () => {
    const { village, token } = await member();
    await server.pushOk(token, [newHousehold(village.id)]);
    const { cursor } = await server.pullAll(token);
    const [, seq, fingerprint] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
    const later = newHousehold(village.id);
    await server.pushOk(token, [later]);
    const answer = await server.pull(token, Buffer.from(`1.${seq}.${fingerprint}`).toString('base64url'));
    expect(answer.status).toBe(200);
    expect(answer.body.reset).toBeUndefined();
    expect(answer.body.changes.map((c: { record: { id: string } }) => c.record.id)).toEqual([later.recordId]);
  });

  it('[PL6] a cursor that is not one of ours is 400 INVALID_CURSOR', async () => {
    const { token } = await member();
    for (const cursor of ['garbage', Buffer.from('1.5.short').toString('base64url'), "' OR 1=1 --"]) {
      const answer = await server.pull(token, cursor);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it('[PL1] records come back exactly as pushed: quotes, backslashes, line breaks, emoji; empty optional fields absent', async () => {
    const { village, token } = await member();
    const odd = 'Số "12" \\ Xóm\nDưới\t😀 Hmông';
    const household = newHousehold(village.id, { address: odd, note: 'ghi chú: "a/b"' });
    const person = newPerson(village.id, household.recordId, { fullName: "Ksor H'Thoan" });
    await server.pushOk(token, [household, person]);
    const { changes } = await server.pullAll(token);
    const pulled = new Map(changes.map((change) => [change.record.id, change.record as unknown as Record<string, unknown>]));
    const h = pulled.get(household.recordId)!;
    expect(h).toMatchObject({ address: odd, note: 'ghi chú: "a/b"', villageId: village.id, version: 1, deleted: false });
    expect(Object.keys(h)).not.toContain('phone');
    expect(h.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const p = pulled.get(person.recordId)!;
    expect(p).toMatchObject({ ...person.fields });
    expect(Object.keys(p).filter((key) => !(key in person.fields)).sort()).toEqual(['deleted', 'id', 'updatedAt', 'version', 'villageId']);
    expect(pullResponseSchema.safeParse({ changes, cursor: '', hasMore: false }).success).toBe(true);
  });

  it('[PL7] records asked for by id come as a pull shapes them, tombstones included; other villages\' and unknown ids are left out', async () => {
    const a = await member();
    const b = await member();
    const household = newHousehold(a.village.id);
    const person = newPerson(a.village.id, household.recordId);
    const visit = mutation({ entity: 'visit', recordId: randomUUID(), villageId: a.village.id, baseVersion: 0, fields: { ...visitFields(household.recordId) } });
    const elsewhere = newHousehold(b.village.id);
    await server.pushOk(a.token, [household, person, visit]);
    await server.pushOk(b.token, [elsewhere]);
    await server.pushOk(a.token, [mutation({ entity: 'person', recordId: person.recordId, villageId: a.village.id, op: 'delete', baseVersion: 1 })]);
    const pulled = new Map((await server.pullAll(a.token)).changes.map((change) => [change.record.id, change]));

    const asked = [
      { entity: 'household', id: household.recordId },
      { entity: 'person', id: person.recordId },
      { entity: 'visit', id: visit.recordId },
      { entity: 'household', id: household.recordId },
      { entity: 'household', id: elsewhere.recordId },
      { entity: 'person', id: household.recordId }, // a household's id asked for as a person
      { entity: 'visit', id: 'never-created' },
    ];
    const answer = await server.request('POST', '/api/sync/records', { token: a.token, body: { protocolVersion: 1, records: asked } });

    expect(answer.status).toBe(200);
    const got = [...answer.body.changes].sort((x: { entity: string }, y: { entity: string }) => x.entity.localeCompare(y.entity));
    expect(got).toEqual([pulled.get(household.recordId), pulled.get(person.recordId), pulled.get(visit.recordId)]);
    expect(pulled.get(person.recordId)!.record.deleted).toBe(true);
    expect(pullResponseSchema.safeParse({ ...answer.body, cursor: '', hasMore: false }).success).toBe(true);
    // The commune administrator sees every village's.
    const admin = await server.request('POST', '/api/sync/records', { token: server.adminToken, body: { protocolVersion: 1, records: [{ entity: 'household', id: elsewhere.recordId }] } });
    expect(admin.body.changes.map((change: { record: { id: string } }) => change.record.id)).toEqual([elsewhere.recordId]);
  });

  it('[PL7] a request for records that is not one is 400 and one from an old app 426, changing nothing', async () => {
    const { token } = await member();
    const ref = { entity: 'household', id: randomUUID() };
    const bodies: [unknown, string][] = [
      [{ protocolVersion: 1, records: [] }, 'VALIDATION_FAILED'],
      [{ protocolVersion: 1, records: Array.from({ length: MAX_RECORDS_PER_FETCH + 1 }, () => ref) }, 'VALIDATION_FAILED'],
      [{ protocolVersion: 1, records: [{ entity: 'village', id: ref.id }] }, 'VALIDATION_FAILED'],
      [{ protocolVersion: 1, records: [{ entity: 'household', id: 'x'.repeat(65) }] }, 'VALIDATION_FAILED'],
      [{ records: [ref] }, 'VALIDATION_FAILED'],
      [[ref], 'VALIDATION_FAILED'],
      [{ protocolVersion: 1, records: [{ ...ref, extra: 1 }] }, 'UNKNOWN_FIELD'],
    ];
    for (const [body, code] of bodies) {
      const answer = await server.request('POST', '/api/sync/records', { token, body });
      expect([answer.status, answer.body.error.code]).toEqual([400, code]);
    }
    const old = await server.request('POST', '/api/sync/records', { token, body: { protocolVersion: 0, records: [ref] } });
    expect([old.status, old.body.error.code]).toEqual([426, 'CLIENT_TOO_OLD']);
    const noToken = await server.request('POST', '/api/sync/records', { body: { protocolVersion: 1, records: [ref] } });
    expect(noToken.status).toBe(401);
  });

  it('[P1] pulls and pushes without a valid token are 401', async () => {
    const noToken = await server.request('GET', '/api/sync/pull');
    const badToken = await server.request('GET', '/api/sync/pull', { token: 'x'.repeat(43) });
    expect([noToken.status, noToken.body.error.code, badToken.status, badToken.body.error.code]).toEqual([401, 'UNAUTHENTICATED', 401, 'UNAUTHENTICATED']);
  });
});
