// Pull: paging without skips or repeats, tombstones, village isolation, cursors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, pullResponseSchema } from '../../src/shared/protocol';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
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

  it('[PL6] a cursor that is not one of ours is 400 INVALID_CURSOR', async () => {
    const { token } = await member();
    for (const cursor of ['garbage', Buffer.from('1.5.short').toString('base64url'), "' OR 1=1 --"]) {
      const answer = await server.pull(token, cursor);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it('[P1] pulls and pushes without a valid token are 401', async () => {
    const noToken = await server.request('GET', '/api/sync/pull');
    const badToken = await server.request('GET', '/api/sync/pull', { token: 'x'.repeat(43) });
    expect([noToken.status, noToken.body.error.code, badToken.status, badToken.body.error.code]).toEqual([401, 'UNAUTHENTICATED', 401, 'UNAUTHENTICATED']);
  });
});
