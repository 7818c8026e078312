// Two phones editing one person: conflicts recorded for review, the later clientTime wins, different
// fields merge; delivery order does not change the outcome; a reviewer's choice syncs back as a change.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

const T0 = Date.parse('2026-11-20T02:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe.each(backends)('conflicts on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  /** A village with one person at version 1, and a member with two phones. */
  async function personOnTwoPhones() {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id);
    const person = newPerson(village.id, household.recordId, { vneid: 'level1', smartphone: 'shared' });
    await server.pushOk(user.token, [household, person], 'phone-a');
    const edit = (fields: Record<string, unknown>, minutes: number, baseVersion = 1) =>
      mutation({ entity: 'person', recordId: person.recordId, villageId: village.id, baseVersion, fields, clientTime: at(minutes) });
    const current = async () => (await server.pullAll(user.token)).changes.find((c) => c.record.id === person.recordId)!.record as Person;
    return { village, user, person, edit, current };
  }

  async function openConflicts(token: string) {
    const answer = await server.request('GET', '/api/conflicts?status=open', { token });
    expect(answer.status).toBe(200);
    return answer.body.conflicts as Array<Record<string, unknown>>;
  }

  it('[PC2][PC3] the same field edited on two phones: conflict recorded, the later clientTime wins', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    const fromA = edit({ vneid: 'level2_pending' }, 10);
    const fromB = edit({ vneid: 'level2' }, 20);
    expect(await server.pushOk(user.token, [fromA], 'phone-a')).toEqual([{ id: fromA.id, status: 'applied', version: 2 }]);
    expect(await server.pushOk(user.token, [fromB], 'phone-b')).toEqual([{ id: fromB.id, status: 'conflict', version: 3, conflictFields: ['vneid'] }]);
    expect((await current()).vneid).toBe('level2');
    const conflicts = (await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ field: 'vneid', serverValue: 'level2_pending', clientValue: 'level2', kept: 'client', serverMutationId: fromA.id, clientMutationId: fromB.id, status: 'open' });
  });

  it('[PC3] a change made earlier but delivered later loses to the later clientTime, and is still kept for review', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    const madeLater = edit({ vneid: 'level2' }, 30);
    const madeEarlier = edit({ vneid: 'locked' }, 5);
    await server.pushOk(user.token, [madeLater], 'phone-a');
    // No field taken, but a new version: phone B, which may show its own value, pulls level2 back. [PU10]
    expect(await server.pushOk(user.token, [madeEarlier], 'phone-b')).toEqual([{ id: madeEarlier.id, status: 'conflict', version: 3, conflictFields: ['vneid'] }]);
    expect(await current()).toMatchObject({ vneid: 'level2', version: 3 });
    const [conflict] = (await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id);
    expect(conflict).toMatchObject({ serverValue: 'level2', clientValue: 'locked', kept: 'server' });
  });

  it('[PC3] out-of-order delivery: both arrival orders end with the same record', async () => {
    const first = await personOnTwoPhones();
    const second = await personOnTwoPhones();
    const edits = (scenario: typeof first) => [scenario.edit({ vneid: 'level2', healthBook: true }, 10), scenario.edit({ vneid: 'locked', smartphone: 'own' }, 20)] as const;
    const [a1, b1] = edits(first);
    await server.pushOk(first.user.token, [a1], 'phone-a');
    await server.pushOk(first.user.token, [b1], 'phone-b');
    const [a2, b2] = edits(second);
    await server.pushOk(second.user.token, [b2], 'phone-b');
    await server.pushOk(second.user.token, [a2], 'phone-a');
    const pick = ({ vneid, healthBook, smartphone }: Person) => ({ vneid, healthBook, smartphone });
    expect(pick(await first.current())).toEqual({ vneid: 'locked', healthBook: true, smartphone: 'own' });
    expect(pick(await second.current())).toEqual(pick(await first.current()));
  });

  it('[PC6] a base the server never had (restored from an older backup) is not taken as having seen the current value', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    // After the restore the server is at version 2 again, written by phone B later than phone A's edit.
    const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const fromB = { ...edit({ vneid: 'level2' }, 0), clientTime: soon(30) };
    await server.pushOk(user.token, [fromB], 'phone-b');
    // Phone A pulled version 5 before the restore; its older edit must not overwrite B's later one.
    const fromA = { ...edit({ vneid: 'locked', healthBook: true }, 0, 5), clientTime: soon(10) };
    expect(await server.pushOk(user.token, [fromA], 'phone-a')).toEqual([{ id: fromA.id, status: 'conflict', version: 3, conflictFields: ['vneid'] }]);
    // The field nobody else changed since the backup is still taken by its clientTime.
    expect(await current()).toMatchObject({ vneid: 'level2', healthBook: true, version: 3 });
    const [conflict] = (await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id);
    expect(conflict).toMatchObject({ field: 'vneid', serverValue: 'level2', clientValue: 'locked', kept: 'server' });
  });

  it('[PC4] different fields edited on two phones merge without a conflict', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    const fromA = edit({ vneid: 'level2' }, 10);
    const fromB = edit({ smartphone: 'own', digitalSkills: 'attended' }, 5);
    await server.pushOk(user.token, [fromA], 'phone-a');
    expect(await server.pushOk(user.token, [fromB], 'phone-b')).toEqual([{ id: fromB.id, status: 'applied', version: 3 }]);
    expect(await current()).toMatchObject({ vneid: 'level2', smartphone: 'own', digitalSkills: 'attended', version: 3 });
    expect((await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id)).toEqual([]);
  });

  it('[PC2] one phone editing a field twice before it syncs is no conflict, in either delivery order', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    const firstEdit = edit({ fullName: 'Trần Thị Bính' }, 10);
    const secondEdit = edit({ fullName: 'Trần Thị Bình An' }, 11);
    await server.pushOk(user.token, [secondEdit], 'phone-a'); // delivered out of order
    expect(await server.pushOk(user.token, [firstEdit], 'phone-a')).toEqual([{ id: firstEdit.id, status: 'applied', version: 2 }]);
    expect((await current()).fullName).toBe('Trần Thị Bình An');
    expect((await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id)).toEqual([]);
  });

  it('[CR1] members may not review; a village head sees only conflicts of their villages', async () => {
    const here = await personOnTwoPhones();
    const elsewhere = await personOnTwoPhones();
    for (const scenario of [here, elsewhere]) {
      await server.pushOk(scenario.user.token, [scenario.edit({ vneid: 'level2' }, 10)], 'phone-a');
      await server.pushOk(scenario.user.token, [scenario.edit({ vneid: 'locked' }, 20)], 'phone-b');
    }
    const head = await server.createUser('village_head', [here.village.id]);
    expect((await openConflicts(head.token)).map((c) => c.villageId)).toEqual([here.village.id]);
    const asMember = await server.request('GET', '/api/conflicts', { token: here.user.token });
    expect([asMember.status, asMember.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const [foreign] = (await openConflicts(server.adminToken)).filter((c) => c.villageId === elsewhere.village.id);
    const resolveForeign = await server.request('POST', `/api/conflicts/${foreign.id}/resolve`, { token: head.token, body: { keep: 'server' } });
    expect([resolveForeign.status, resolveForeign.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('[CR2][CR3] the reviewer keeps the other value: a new version that phones pull', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    await server.pushOk(user.token, [edit({ vneid: 'level2_pending' }, 10)], 'phone-a');
    await server.pushOk(user.token, [edit({ vneid: 'level2' }, 20)], 'phone-b');
    const head = await server.createUser('village_head', [village.id]);
    const [conflict] = await openConflicts(head.token);
    const { cursor } = await server.pullAll(user.token);

    const resolved = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: head.token, body: { keep: 'server' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ version: 4, conflict: { status: 'resolved', resolution: 'server', resolvedBy: head.id } });
    const after = await server.pullAll(user.token, cursor);
    expect(after.changes.map((c) => [c.record.version, (c.record as Person).vneid])).toEqual([[4, 'level2_pending']]);
    expect((await current()).vneid).toBe('level2_pending');

    const again = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: head.token, body: { keep: 'client' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT_ALREADY_RESOLVED']);
    expect(await openConflicts(head.token)).toEqual([]);
    const history = await server.request('GET', '/api/conflicts?status=resolved', { token: head.token });
    expect(history.body.conflicts.map((c: { id: string }) => c.id)).toEqual([conflict.id]);
  });

  it('[PU8][CR2] a losing reference to another village is refused, not kept for review; a review cannot choose one', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    const otherVillage = await server.createVillage();
    const otherUser = await server.createUser('member', [otherVillage.id]);
    const elsewhere = newHousehold(otherVillage.id);
    const sameVillage = newHousehold(village.id);
    await server.pushOk(otherUser.token, [elsewhere], 'phone-x');
    await server.pushOk(user.token, [sameVillage], 'phone-a');
    await server.pushOk(user.token, [edit({ householdId: sameVillage.recordId }, 20)], 'phone-a');
    // Earlier clientTime: this change would lose, and used to be stored for review as it was.
    const [late] = await server.pushOk(user.token, [edit({ householdId: elsewhere.recordId }, 10)], 'phone-b');
    expect([late.status, late.error?.code]).toEqual(['rejected', 'REFERENCE_OTHER_VILLAGE']);
    const head = await server.createUser('village_head', [village.id]);
    expect(await openConflicts(head.token)).toEqual([]);

    // A conflict recorded by an earlier server with such a value: choosing it is refused and changes nothing.
    await server.pushOk(user.token, [edit({ vneid: 'level2' }, 30, 2)], 'phone-a');
    await server.pushOk(user.token, [edit({ vneid: 'locked' }, 25, 2)], 'phone-b');
    const [conflict] = await openConflicts(head.token);
    await server.db.query(`UPDATE conflicts SET field = 'householdId', client_value = to_jsonb($2::text) WHERE id = $1`, [conflict.id, elsewhere.recordId]);
    const refused = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: head.token, body: { keep: 'client' } });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'REFERENCE_OTHER_VILLAGE']);
    expect((await current()).householdId).toBe(sameVillage.recordId);
  });

  it('[CR2] consent is decided as one fact: keeping one phone\'s consent takes its date and giver too', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id, { consentGiven: false, consentAt: undefined, consentBy: undefined });
    await server.pushOk(user.token, [household], 'phone-a');
    const edit = (fields: Record<string, unknown>, minutes: number, baseVersion: number) =>
      mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion, fields, clientTime: at(minutes) });
    // Phone B records consent, then its withdrawal (later clocks); phone A, from the first version, records consent.
    await server.pushOk(user.token, [edit({ consentGiven: true, consentAt: '2026-11-20', consentBy: 'Lò Thị Hoa' }, 20, 1)], 'phone-b');
    await server.pushOk(user.token, [edit({ consentGiven: false, consentAt: null, consentBy: null }, 30, 2)], 'phone-b');
    const [answer] = await server.pushOk(user.token, [edit({ consentGiven: true, consentAt: '2026-11-19', consentBy: 'Lò Văn Pá' }, 10, 1)], 'phone-a');
    expect(answer).toMatchObject({ status: 'conflict', conflictFields: ['consentGiven', 'consentAt', 'consentBy'] });
    const head = await server.createUser('village_head', [village.id]);
    const open = (await openConflicts(head.token)).filter((c) => c.recordId === household.recordId);
    expect(open).toHaveLength(3);

    const given = open.find((c) => c.field === 'consentGiven')!;
    const resolved = await server.request('POST', `/api/conflicts/${given.id}/resolve`, { token: head.token, body: { keep: 'client' } });
    expect(resolved.status).toBe(200);
    expect((await openConflicts(head.token)).filter((c) => c.recordId === household.recordId)).toEqual([]);
    const stored = (await server.pullAll(head.token)).changes.filter((c) => c.record.id === household.recordId).at(-1)!.record;
    expect(stored).toMatchObject({ consentGiven: true, consentAt: '2026-11-19', consentBy: 'Lò Văn Pá' });
  });

  it('[PU9] a household stored before the consent rule (given, no giver) still takes changes that leave consent alone', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id);
    await server.pushOk(user.token, [household], 'phone-a');
    await server.db.query(`UPDATE households SET consent_at = NULL, consent_by = NULL WHERE id = $1`, [household.recordId]);
    const [answer] = await server.pushOk(user.token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion: 1, fields: { address: 'Xóm Mới, số 2' } })], 'phone-a');
    expect(answer).toMatchObject({ status: 'applied', version: 2 });
    const [touching] = await server.pushOk(user.token, [mutation({ entity: 'household', recordId: household.recordId, villageId: village.id, baseVersion: 2, fields: { consentBy: 'Lan' } })], 'phone-a');
    expect(touching).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
  });

  it('[CR1] each side names who made its change, also after a review replaced the server side', async () => {
    const { village, user, edit } = await personOnTwoPhones();
    const other = await server.createUser('member', [village.id]);
    await server.pushOk(user.token, [edit({ vneid: 'level2_pending' }, 10)], 'phone-a');
    await server.pushOk(other.token, [edit({ vneid: 'level2' }, 20)], 'phone-b');
    const head = await server.createUser('village_head', [village.id]);
    const [conflict] = await openConflicts(head.token);
    expect(conflict).toMatchObject({ serverChangedBy: user.username, clientChangedBy: other.username });
    const resolved = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: head.token, body: { keep: 'server' } });
    expect(resolved.body.conflict).toMatchObject({ status: 'resolved', serverChangedBy: user.username, clientChangedBy: other.username });

    // A later overlap with the head's decision: the server side is the review, made by the head.
    await server.pushOk(other.token, [edit({ vneid: 'locked' }, 5, 3)], 'phone-b');
    const [next] = await openConflicts(head.token);
    expect(next).toMatchObject({ serverMutationId: `review:${conflict.id}`, serverChangedBy: head.username, clientChangedBy: other.username });
  });

  it('[CR2] keeping the value already in place resolves without a new version', async () => {
    const { village, user, edit } = await personOnTwoPhones();
    await server.pushOk(user.token, [edit({ vneid: 'level2_pending' }, 10)], 'phone-a');
    await server.pushOk(user.token, [edit({ vneid: 'level2' }, 20)], 'phone-b');
    const [conflict] = (await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id);
    const { cursor } = await server.pullAll(user.token);
    const resolved = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: server.adminToken, body: { keep: 'client' } });
    expect(resolved.body).toMatchObject({ version: 3, conflict: { resolution: 'client' } });
    expect((await server.pullAll(user.token, cursor)).changes).toEqual([]);
  });

  it('[CR1][CR2] the field changed again after the conflict: the list shows the value now, and the reviewer can keep it', async () => {
    const { village, user, edit, current } = await personOnTwoPhones();
    await server.pushOk(user.token, [edit({ vneid: 'level1' }, 10)], 'phone-a');
    await server.pushOk(user.token, [edit({ vneid: 'level2_pending' }, 20)], 'phone-b');
    // Later, phone B records the activation (it had seen its own value: no new conflict).
    await server.pushOk(user.token, [edit({ vneid: 'level2' }, 30, 3)], 'phone-b');
    const [conflict] = (await openConflicts(server.adminToken)).filter((c) => c.villageId === village.id);
    expect(conflict).toMatchObject({ serverValue: 'level1', clientValue: 'level2_pending', currentValue: 'level2' });
    const { cursor } = await server.pullAll(user.token);
    const kept = await server.request('POST', `/api/conflicts/${conflict.id}/resolve`, { token: server.adminToken, body: { keep: 'current' } });
    expect(kept.body).toMatchObject({ version: 4, conflict: { status: 'resolved', resolution: 'current', currentValue: 'level2' } });
    expect(await current()).toMatchObject({ vneid: 'level2', version: 4 });
    expect((await server.pullAll(user.token, cursor)).changes).toEqual([]);
  });

  it('[CR2] an invalid choice or an unknown conflict id is a 4xx', async () => {
    const bad = await server.request('POST', `/api/conflicts/${randomUUID()}/resolve`, { token: server.adminToken, body: { keep: 'both' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await server.request('POST', `/api/conflicts/${randomUUID()}/resolve`, { token: server.adminToken, body: { keep: 'server' } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
