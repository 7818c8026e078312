// Push: idempotency, one bad mutation never blocks the batch, validation and permissions.
// Rule ids are those of docs/sync-protocol.md.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MUTATIONS_PER_PUSH } from '../../src/shared/protocol';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('push on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  async function member() {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    return { village, token: user.token };
  }

  it('[PU2] the same push delivered twice changes nothing the second time', async () => {
    const { village, token } = await member();
    const batch = [newHousehold(village.id), newHousehold(village.id)];
    const first = await server.pushOk(token, batch);
    expect(first.map((r) => [r.status, r.version])).toEqual([['applied', 1], ['applied', 1]]);
    const second = await server.pushOk(token, batch);
    expect(second.map((r) => [r.id, r.status, r.version])).toEqual(batch.map((m) => [m.id, 'duplicate', 1]));
    const { changes } = await server.pullAll(token);
    expect(changes).toHaveLength(2);
    expect(changes.every((change) => change.record.version === 1)).toBe(true);
  });

  it('[PU2][PU6] a response lost after commit: the re-push answers duplicate with the same version', async () => {
    const { village, token } = await member();
    const create = newHousehold(village.id);
    await server.pushOk(token, [create]);
    const edit = mutation({ entity: 'household', recordId: create.recordId, villageId: village.id, baseVersion: 1, fields: { note: 'Đã hướng dẫn cài VNeID' } });
    const [applied] = await server.pushOk(token, [edit]); // the phone never sees this answer…
    expect(applied).toMatchObject({ status: 'applied', version: 2 });
    const [again] = await server.pushOk(token, [create, edit].slice(1)); // …and sends the same mutation again
    expect(again).toEqual({ id: edit.id, status: 'duplicate', version: 2 });
    const { changes } = await server.pullAll(token);
    expect(changes.map((c) => [c.record.version, (c.record as { note?: string }).note])).toEqual([[2, 'Đã hướng dẫn cài VNeID']]);
  });

  it('[PU6][PU3] a rejected mutation in the middle of a batch does not stop the others', async () => {
    const { village, token } = await member();
    const good1 = newHousehold(village.id);
    const bad = newHousehold(village.id, { phone: 'not-a-phone' });
    const good2 = newHousehold(village.id);
    const results = await server.pushOk(token, [good1, bad, good2]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1].error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { phone: 'validation.phone' } });
    const ids = (await server.pullAll(token)).changes.map((c) => c.record.id).sort();
    expect(ids).toEqual([good1.recordId, good2.recordId].sort());
  });

  it('[PU6] a rejected mutation is judged again on retry, not remembered as rejected', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId);
    const [early] = await server.pushOk(token, [person]); // its household has not arrived yet
    expect(early.error?.code).toBe('REFERENCE_NOT_FOUND');
    const results = await server.pushOk(token, [household, person]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('[PU3] an unknown entity and a malformed mutation are rejected one by one', async () => {
    const { village, token } = await member();
    const unknown = { ...newHousehold(village.id), entity: 'cow' } as unknown as ReturnType<typeof newHousehold>;
    const malformed = { ...newHousehold(village.id), baseVersion: 'zero' } as unknown as ReturnType<typeof newHousehold>;
    const good = newHousehold(village.id);
    // Names every plain object has are no entity either.
    const inherited = ['constructor', 'toString', '__proto__'].map((entity) => ({ ...newHousehold(village.id), entity }) as unknown as ReturnType<typeof newHousehold>);
    const results = await server.pushOk(token, [unknown, ...inherited, malformed, good]);
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['UNKNOWN_ENTITY', 'UNKNOWN_ENTITY', 'UNKNOWN_ENTITY', 'UNKNOWN_ENTITY', 'VALIDATION_FAILED', 'applied']);
    expect(results[4].error?.fields).toHaveProperty('baseVersion');
  });

  it('[PU4] unknown fields, meta fields and wrong types are rejected with per-field detail', async () => {
    const { village, token } = await member();
    const extra = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, fields: { ...newHousehold(village.id).fields, bankAccount: '0123' } });
    const meta = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, fields: { ...newHousehold(village.id).fields, version: 9 } });
    const wrongType = newHousehold(village.id, { acceptsCashless: 'yes' as unknown as boolean });
    const extraCleared = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, fields: { ...newHousehold(village.id).fields, bankAccount: null } });
    const results = await server.pushOk(token, [extra, meta, wrongType, extraCleared]);
    expect(results[3].error).toMatchObject({ code: 'UNKNOWN_FIELD', fields: { bankAccount: 'unknown' } });
    expect(results[0].error).toMatchObject({ code: 'UNKNOWN_FIELD', fields: { bankAccount: 'unknown' } });
    expect(results[1].error).toMatchObject({ code: 'UNKNOWN_FIELD', fields: { version: 'unknown' } });
    expect(results[2].error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(results[2].error?.fields).toHaveProperty('acceptsCashless');
  });

  it('[PU4] null clears an optional field; clearing a required field is refused', async () => {
    const { village, token } = await member();
    const create = newHousehold(village.id, { phone: '0912345678' });
    await server.pushOk(token, [create]);
    const clearPhone = mutation({ entity: 'household', recordId: create.recordId, villageId: village.id, baseVersion: 1, fields: { phone: null } });
    const clearAddress = mutation({ entity: 'household', recordId: create.recordId, villageId: village.id, baseVersion: 2, fields: { address: null } });
    const results = await server.pushOk(token, [clearPhone, clearAddress]);
    expect(results[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(results[1].error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const [change] = (await server.pullAll(token)).changes;
    expect(change.record).not.toHaveProperty('phone');
    expect(change.record).toHaveProperty('address', create.fields.address);
  });

  it('[PU5] a partial upsert of a record the server has never seen is RECORD_NOT_FOUND', async () => {
    const { village, token } = await member();
    const partial = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, fields: { note: 'sửa trước khi tạo' } });
    const staleBase = { ...newHousehold(village.id), baseVersion: 3 };
    const results = await server.pushOk(token, [partial, staleBase]);
    expect(results.map((r) => r.error?.code)).toEqual(['RECORD_NOT_FOUND', 'RECORD_NOT_FOUND']);
    expect(results[0].error?.fields).toMatchObject({ address: 'validation.required', business: 'validation.required' });
    // A bad value is named before the missing record, as for any change.
    const badStale = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, baseVersion: 2, fields: { phone: '12' } });
    expect((await server.pushOk(token, [badStale]))[0].error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { phone: 'validation.phone' } });
  });

  it('[PU4][PU5] a creation is stored trimmed; one with a bad value and missing fields names only the bad value', async () => {
    const { village, token } = await member();
    const spaced = newHousehold(village.id, { address: '  Số 5, ngõ 2  ', phone: ' 0912345678 ' });
    const badAndPartial = mutation({ entity: 'household', recordId: randomUUID(), villageId: village.id, fields: { phone: '12', note: null } });
    const results = await server.pushOk(token, [spaced, badAndPartial]);
    expect(results[0]).toMatchObject({ status: 'applied', version: 1 });
    expect(results[1].error).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), fields: { phone: 'validation.phone' } });
    const [change] = (await server.pullAll(token)).changes;
    expect(change.record).toMatchObject({ address: 'Số 5, ngõ 2', phone: '0912345678' });
  });

  it('[PU9] the merged record is checked whole: birthDate must match birthYear', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId, { birthYear: 1990, birthDate: '1990-05-01' });
    await server.pushOk(token, [household, person]);
    const change = mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 1, fields: { birthYear: 1991 } });
    const [result] = await server.pushOk(token, [change]);
    expect(result.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { birthDate: 'validation.birthDateYear' } });
  });

  it('[PU8][PU10] a record created and changed in one push: each mutation gets its version, phones pull the last', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId);
    const rename = mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion: 0, fields: { fullName: 'Trần Thị Bình An' } });
    const remove = mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, op: 'delete', baseVersion: 1 });
    const results = await server.pushOk(token, [household, person, rename, remove]);
    expect(results.map((r) => [r.status, r.version])).toEqual([['applied', 1], ['applied', 1], ['applied', 2], ['applied', 2]]);
    const { changes } = await server.pullAll(token);
    const byId = new Map(changes.map((c) => [c.record.id, c.record as unknown as Record<string, unknown>]));
    expect(byId.get(person.recordId)).toMatchObject({ version: 2, fullName: 'Trần Thị Bình An', deleted: false });
    expect(byId.get(household.recordId)).toMatchObject({ version: 2, deleted: true });
  });

  it('[PU10] an empty change keeps the version; setting a field to its own value is a change', async () => {
    const { village, token } = await member();
    const create = newHousehold(village.id);
    await server.pushOk(token, [create]);
    const empty = mutation({ entity: 'household', recordId: create.recordId, villageId: village.id, baseVersion: 1, fields: {} });
    expect(await server.pushOk(token, [empty])).toEqual([{ id: empty.id, status: 'applied', version: 1 }]);
    const same = mutation({ entity: 'household', recordId: create.recordId, villageId: village.id, baseVersion: 1, fields: { headName: create.fields.headName } });
    expect(await server.pushOk(token, [same])).toEqual([{ id: same.id, status: 'applied', version: 2 }]);
  });

  it('[PU7] a member cannot push into a village not theirs, nor touch its records, nor move a record', async () => {
    const mine = await member();
    const theirs = await member();
    const theirHousehold = newHousehold(theirs.village.id);
    await server.pushOk(theirs.token, [theirHousehold]);

    const intoTheirVillage = newHousehold(theirs.village.id);
    const editTheirRecord = mutation({ entity: 'household', recordId: theirHousehold.recordId, villageId: mine.village.id, baseVersion: 1, fields: { note: 'x' } });
    const results = await server.pushOk(mine.token, [intoTheirVillage, editTheirRecord]);
    expect(results.map((r) => r.error?.code)).toEqual(['FORBIDDEN_VILLAGE', 'FORBIDDEN_VILLAGE']);

    const both = await server.createUser('member', [mine.village.id, theirs.village.id]);
    const move = mutation({ entity: 'household', recordId: theirHousehold.recordId, villageId: mine.village.id, baseVersion: 1, fields: { note: 'chuyển' } });
    const [moved] = await server.pushOk(both.token, [move]);
    expect(moved.error?.code).toBe('VILLAGE_CHANGE_NOT_ALLOWED');
    const { changes } = await server.pullAll(theirs.token);
    expect(changes.map((c) => c.record.id)).toEqual([theirHousehold.recordId]);
    expect(changes[0].record.version).toBe(1);
  });

  it('[PU8] a person or visit cannot point at a household of another village', async () => {
    const a = await member();
    const b = await member();
    const householdB = newHousehold(b.village.id);
    await server.pushOk(b.token, [householdB]);
    const personA = newPerson(a.village.id, householdB.recordId);
    const visitA = mutation({ entity: 'visit', recordId: randomUUID(), villageId: a.village.id, fields: { householdId: householdB.recordId, visitedOn: '2026-11-20', helpedWith: [] } });
    const results = await server.pushOk(a.token, [personA, visitA]);
    expect(results.map((r) => r.error?.code)).toEqual(['REFERENCE_OTHER_VILLAGE', 'REFERENCE_OTHER_VILLAGE']);
    expect(results[0].error?.fields).toEqual({ householdId: 'otherVillage' });
  });

  it('[PU8] a member, a visit or a move into a household another phone deleted is refused (it would be counted, but listed nowhere)', async () => {
    const { village, token } = await member();
    const household = newHousehold(village.id);
    const other = newHousehold(village.id);
    const resident = newPerson(village.id, other.recordId);
    await server.pushOk(token, [household, other, resident], 'phone-a');
    await server.pushOk(token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, op: 'delete', baseVersion: 1 })], 'phone-a');
    // Phone B, offline, had not heard of the deletion.
    const added = newPerson(village.id, household.recordId);
    const visit = mutation({ entity: 'visit', recordId: randomUUID(), villageId: village.id, fields: { householdId: household.recordId, visitedOn: '2026-11-20', helpedWith: [] } });
    const moved = mutation({ entity: 'person', recordId: resident.recordId, villageId: village.id, baseVersion: 1, fields: { householdId: household.recordId } });
    const results = await server.pushOk(token, [added, visit, moved], 'phone-b');
    expect(results.map((r) => r.error?.code)).toEqual(['REFERENCE_DELETED', 'REFERENCE_DELETED', 'REFERENCE_DELETED']);
    expect(results[0].error?.fields).toEqual({ householdId: 'deleted' });
    const pulled = (await server.pullAll(token)).changes.map((c) => c.record as { id: string; householdId?: string });
    expect(pulled.find((r) => r.id === resident.recordId)?.householdId).toBe(other.recordId);
    expect(pulled.map((r) => r.id)).not.toContain(added.recordId);
  });

  it('[PU2] a mutation id already used by another user is refused, not answered as a duplicate', async () => {
    const a = await member();
    const b = await member();
    const create = newHousehold(a.village.id);
    await server.pushOk(a.token, [create]);
    const [result] = await server.pushOk(b.token, [{ ...newHousehold(b.village.id), id: create.id }]);
    expect(result.error?.code).toBe('MUTATION_ID_REUSED');
  });

  it('[PU11] every applied mutation is kept with its user, device, clientTime and the server time beside it', async () => {
    const { village, token } = await member();
    const create = { ...newHousehold(village.id), clientTime: '2020-01-01T08:00:00+07:00' }; // a phone with a wrong clock
    await server.pushOk(token, [create], 'phone-with-old-clock');
    const rows = await server.db.query<Record<string, unknown>>(
      `SELECT a.device_id, a.op, a.client_time, a.server_time, a.fields, u.role FROM applied_mutations a JOIN users u ON u.id = a.user_id WHERE a.mutation_id = $1`,
      [create.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ device_id: 'phone-with-old-clock', op: 'upsert', role: 'member', fields: create.fields });
    expect(new Date(rows[0].client_time as string).toISOString()).toBe('2020-01-01T01:00:00.000Z');
    expect(new Date(rows[0].server_time as string).getTime()).toBe(server.clock.now().getTime());
    const [change] = (await server.pullAll(token)).changes;
    expect(change.record.updatedAt).toBe(server.clock.now().toISOString()); // the server's time, not the phone's
  });

  it('[PU1] more than the allowed number of mutations is 413 TOO_MANY_MUTATIONS and applies nothing', async () => {
    const { village, token } = await member();
    const many = Array.from({ length: MAX_MUTATIONS_PER_PUSH + 1 }, () => newHousehold(village.id));
    const answer = await server.push(token, many);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: 'TOO_MANY_MUTATIONS' } });
    expect((await server.pullAll(token)).changes).toHaveLength(0);
  });

  it('[P2] a protocol version the server does not speak is 426 naming the side to update', async () => {
    const { village, token } = await member();
    const older = await server.push(token, [newHousehold(village.id)], 'device-a', 0);
    const newer = await server.push(token, [newHousehold(village.id)], 'device-a', 2);
    expect([older.status, older.body]).toEqual([426, { error: { code: 'CLIENT_TOO_OLD', message: expect.any(String) } }]);
    expect([newer.status, newer.body]).toEqual([426, { error: { code: 'SERVER_TOO_OLD', message: expect.any(String) } }]);
    const pull = await server.request('GET', '/api/sync/pull', { token, headers: { 'x-protocol-version': '2' } });
    expect([pull.status, pull.body.error.code]).toEqual([426, 'SERVER_TOO_OLD']);
    expect((await server.pullAll(token)).changes).toHaveLength(0);
  });

  it('[P2] the x-protocol-version header is checked on every API request but health', async () => {
    const newerLogin = await server.request('POST', '/api/auth/login', { body: { username: 'a', password: 'b' }, headers: { 'x-protocol-version': '2' } });
    expect([newerLogin.status, newerLogin.body.error.code]).toEqual([426, 'SERVER_TOO_OLD']);
    const olderMe = await server.request('GET', '/api/me', { token: server.adminToken, headers: { 'x-protocol-version': '0' } });
    expect([olderMe.status, olderMe.body.error.code]).toEqual([426, 'CLIENT_TOO_OLD']);
    const health = await server.request('GET', '/api/health', { headers: { 'x-protocol-version': '2' } });
    expect([health.status, health.body.protocolVersion]).toEqual([200, 1]);
    const current = await server.request('GET', '/api/me', { token: server.adminToken, headers: { 'x-protocol-version': '1' } });
    expect(current.status).toBe(200);
  });
});
