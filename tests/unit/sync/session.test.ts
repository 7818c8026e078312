// Signing in and out, expired tokens and protocol mismatches, against the real server: none of them
// ever deletes work that has not reached the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS, type ErrorCode } from '../../../src/shared/errors';
import { addLocalVillage } from '../../../src/db/villages';
import { signIn, signOut } from '../../../src/sync/sessionFlow';
import { bodyText, CommuneServer, Phone } from './harness';

let server: CommuneServer;
beforeAll(async () => {
  server = await CommuneServer.start();
}, 60_000);
afterAll(() => server.close());

/** One lock, as navigator.locks gives the page and the service worker ('cds-sync'). */
function oneLock() {
  let held = Promise.resolve();
  return <T,>(work: () => Promise<T>): Promise<T> => {
    const run = held.then(work);
    held = run.then(() => undefined, () => undefined);
    return run;
  };
}

/** A sync whose pull pages, answered by the server, are slow to come back (weak 3G). */
function pullSlowly(phone: Phone) {
  phone.network.beforeAnswer = (path) => (path.startsWith('/api/sync/pull') ? new Promise((resolve) => setTimeout(resolve, 300)) : undefined);
  return phone.engine.sync();
}

describe('session', { timeout: 30_000 }, () => {
  it('sign-in stores the token, a stable device id and the server villages, replacing local-only ones without unsent work', async () => {
    const village = await server.createVillage('Thôn Nà Lừa');
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    // Before sign-in the phone worked alone: an empty local village, and one with unsent work.
    await phone.db.villages.bulkPut([
      { id: 'empty-local', name: 'Thôn thử', expectedHouseholds: null },
      { id: 'busy-local', name: 'Thôn tự nhập', expectedHouseholds: null },
    ]);
    await phone.saveHousehold('busy-local');
    const deviceBefore = await phone.store.deviceId();

    const result = await phone.signIn(account);

    expect(result).toMatchObject({ ok: true, session: { user: { username: account.username, role: 'member', villageIds: [village.id] } } });
    expect((await phone.db.villages.toArray()).map((v) => v.id).sort()).toEqual(['busy-local', village.id].sort());
    expect(await phone.db.households.where('villageId').equals('busy-local').count()).toBe(1);
    expect(await phone.store.deviceId()).toBe(deviceBefore);
    const session = await phone.store.getSession();
    expect(session?.token).toMatch(/.{20,}/);
    expect(session?.expired).toBe(false);
  });

  it('a wrong password is reported with its code and stores nothing', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    expect(await phone.signIn({ ...account, password: 'sai-mat-khau' })).toEqual({ ok: false, reason: 'failed', code: 'INVALID_CREDENTIALS' });
    expect(await phone.store.getSession()).toBeNull();
  });

  it('a sign-in whose village list cannot be fetched stores nothing: no new session beside the villages of the account before', async () => {
    const [east, west] = [await server.createVillage('Thôn Đông'), await server.createVillage('Thôn Tây')];
    const [lan, minh] = [await server.createUser('member', [east.id]), await server.createUser('member', [west.id])];
    const phone = new Phone(server);
    expect((await phone.signIn(lan)).ok).toBe(true);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect(await signOut({ api: phone.api, store: phone.store, clock: phone.now })).toEqual({ ok: true });
    await phone.db.villages.put({ id: east.id, name: 'Thôn Đông', expectedHouseholds: null }); // a village row left, as after an expired session
    phone.network.beforeRequest = (path) => {
      if (path === '/api/me') throw new TypeError('Failed to fetch');
    };

    expect(await phone.signIn(minh)).toEqual({ ok: false, reason: 'failed', code: 'NETWORK' });
    expect(await phone.store.getSession()).toBeNull();
    // The token issued for it is not left valid on the server.
    const live = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username = $1 AND d.revoked_at IS NULL`, [minh.username]);
    expect(live[0].n).toBe(0);

    phone.network.beforeRequest = undefined;
    expect(await phone.signIn(minh)).toMatchObject({ ok: true });
    expect((await phone.db.villages.toArray()).map((v) => v.id)).toEqual([west.id]);
  });

  it('401 (token revoked by the office) keeps the outbox, marks the session expired, and a new sign-in resumes', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    await server.call('POST', '/api/auth/logout', undefined, (await phone.store.getSession())!.token);
    await phone.saveHousehold(village.id);

    const outcome = await phone.engine.sync();
    // The server names the reason (a revoked device, an unknown token…): any 401 code of the catalogue.
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    const code = (outcome as { code: ErrorCode }).code;
    expect(ERROR_STATUS[code]).toBe(401);
    expect(await phone.pendingCount()).toBe(2);
    expect((await phone.store.getSession())!.expired).toBe(true);
    expect(phone.engine.status.get()).toMatchObject({ phase: 'error', errorCode: code });
    expect((await phone.store.getSession())!.expiredCode).toBe(code);
    // Expired: the next run does not even knock on the server.
    const requests = phone.network.log.length;
    await phone.engine.sync();
    expect(phone.network.log.length).toBe(requests);

    expect((await phone.signIn(account)).ok).toBe(true);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 2 });
    expect((await server.records(account)).size).toBe(2);
  });

  it('signing out while a sync is pulling waits for it: no record of the account is written after its data left', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const writer = new Phone(server);
    await writer.signIn(account);
    await writer.saveHousehold(village.id);
    expect(await writer.engine.sync()).toMatchObject({ kind: 'done', sent: 2 });

    const withLock = oneLock();
    const phone = new Phone(server, { withLock });
    await phone.signIn(account);
    // The server has answered the first page; the answer is slow to come back (weak 3G).
    const syncing = pullSlowly(phone);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signingOut = signOut({ api: phone.api, store: phone.store, clock: phone.now, withLock });
    await syncing;
    expect(await signingOut).toEqual({ ok: true });
    expect(await phone.store.getSession()).toBeNull();
    expect([await phone.db.households.count(), await phone.db.persons.count()]).toEqual([0, 0]);
    expect(await phone.db.meta.get('syncCursor')).toBeUndefined();
  });

  it('another account signing in while the first one\'s download is on its way waits for it: that account\'s records do not stay', async () => {
    const [east, west] = [await server.createVillage('Thôn Đông'), await server.createVillage('Thôn Tây')];
    const [lan, minh] = [await server.createUser('member', [east.id]), await server.createUser('member', [west.id])];
    const writer = new Phone(server);
    await writer.signIn(lan);
    await writer.saveHousehold(east.id);
    expect(await writer.engine.sync()).toMatchObject({ kind: 'done' });

    const withLock = oneLock();
    const phone = new Phone(server, { withLock });
    expect((await phone.signIn(lan)).ok).toBe(true);
    // Lan's first download: the server has answered, the answer is slow to come back.
    const syncing = pullSlowly(phone);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signingIn = signIn({ api: phone.api, store: phone.store, clock: phone.now, withLock }, { ...minh, deviceName: 'test phone' });
    await syncing;
    expect(await signingIn).toMatchObject({ ok: true });
    phone.network.beforeAnswer = undefined;
    // Minh's phone holds nothing of Lan's village.
    expect(await phone.db.households.where('villageId').equals(east.id).count()).toBe(0);
    expect((await phone.db.villages.toArray()).map((v) => v.id)).toEqual([west.id]);
  });

  it('logout is refused while anything is unsent (pending or parked); afterwards it removes the account data', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    await phone.saveHousehold(village.id);
    const deps = { api: phone.api, store: phone.store, clock: phone.now };

    expect(await signOut(deps)).toEqual({ ok: false, unsent: 2 });
    expect(await phone.store.getSession()).not.toBeNull();
    expect(await phone.db.households.count()).toBe(1);

    // A parked entry counts as unsent too.
    await phone.engine.sync();
    const bad = await phone.saveHousehold(village.id, { headName: 'Hộ hỏng' }, []);
    const entry = (await phone.db.outbox.where('recordId').equals(bad).first())!;
    await phone.db.outbox.update(entry.seq!, { fields: { ...entry.fields, consentAt: '31/02/2026' } });
    await phone.engine.sync();
    expect((await phone.db.outbox.toArray()).map((e) => e.state)).toEqual(['parked']);
    expect(await signOut(deps)).toEqual({ ok: false, unsent: 1 });

    await phone.store.discardParked(entry.seq!);
    const token = (await phone.store.getSession())!.token;
    expect(await signOut(deps)).toEqual({ ok: true });
    expect(await phone.store.getSession()).toBeNull();
    expect(await phone.db.households.count()).toBe(0);
    expect(await phone.db.villages.count()).toBe(0);
    // The token was revoked on the server.
    await expect(server.call('GET', '/api/me', undefined, token)).rejects.toThrow(/401/);
  });

  it('another account cannot take over a phone holding unsent work of the first one', async () => {
    const village = await server.createVillage();
    const first = await server.createUser('member', [village.id]);
    const second = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(first);
    await phone.saveHousehold(village.id);
    expect(await phone.signIn(second)).toEqual({ ok: false, reason: 'unsent-other-user', unsent: 2, username: first.username });
    expect((await phone.store.getSession())!.user.username).toBe(first.username);
    expect(await phone.pendingCount()).toBe(2);
  });

  it('the app lock is the person\'s: the same account signing in again keeps its PIN; another account, or a sign-out, removes it', async () => {
    const village = await server.createVillage();
    const first = await server.createUser('member', [village.id]);
    const second = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    const pin = { pin: { salt: 'muoi', hash: 'bam', iterations: 1 }, idleMinutes: 5, failures: 5, lockedOutAt: '2026-11-22T03:00:00.000Z' };
    expect(await phone.signIn(first)).toMatchObject({ ok: true, otherAccount: false });
    await phone.db.meta.put({ key: 'appLock', value: pin });

    // The same person, whose session expired: the PIN stays (their sign-in lifts a lockout, AppLockGate).
    await phone.store.markSessionExpired('APP_LOCKED');
    expect(await phone.signIn(first)).toMatchObject({ ok: true, otherAccount: false });
    expect((await phone.db.meta.get('appLock'))?.value).toEqual(pin);

    // Another person, on the same phone after the session expired: the PIN and the lockout of the first go.
    await phone.store.markSessionExpired('UNAUTHENTICATED');
    expect(await phone.signIn(second)).toMatchObject({ ok: true, otherAccount: true });
    expect(await phone.db.meta.get('appLock')).toBeUndefined();

    await phone.db.meta.put({ key: 'appLock', value: pin });
    expect(await signOut({ api: phone.api, store: phone.store, clock: phone.now })).toEqual({ ok: true });
    expect(await phone.db.meta.get('appLock')).toBeUndefined();
    // After a sign-out, the last account still tells who comes next.
    expect(await phone.signIn(second)).toMatchObject({ ok: true, otherAccount: false });
    expect(await phone.signIn(first)).toMatchObject({ ok: true, otherAccount: true });
  });

  it('work recorded in a village made on the phone before sign-in moves into one of the account\'s villages and is sent', async () => {
    const village = await server.createVillage('Thôn Pá Hốc');
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    // Before any account: the team made its own villages on the phone (one with an app version that did
    // not mark them yet) and recorded households in them.
    await phone.db.villages.put({ id: 'made-before-the-mark', name: 'Thôn tạo trước', expectedHouseholds: null });
    await phone.saveHousehold('made-before-the-mark', { headName: 'Hộ tạo trước' });
    const made = await addLocalVillage(phone.db, { name: 'Thôn tự tạo', expectedHouseholds: null }, { now: phone.now, newId: () => 'made-here' });
    expect(made.id).toBe('made-here');
    const householdId = await phone.saveHousehold('made-here', { headName: 'Giàng A Pó' });
    // A village not made here, whose records are still at version 0 (a pull had not brought them back).
    await phone.db.villages.put({ id: 'from-a-server', name: 'Thôn của máy chủ', expectedHouseholds: null });
    await phone.saveHousehold('from-a-server', { headName: 'Hộ của máy chủ' });
    await phone.signIn(account);
    expect((await phone.db.meta.get('villagesMadeHere'))?.value).toEqual(['made-before-the-mark', 'made-here']);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 0 });
    expect(await phone.pendingCount()).toBe(6);

    // Not into a village the account does not have, nor out of one it has.
    await expect(phone.store.moveLocalVillage('made-here', 'some-other-village')).rejects.toThrow();
    await expect(phone.store.moveLocalVillage(village.id, 'made-here')).rejects.toThrow();
    await expect(phone.store.moveLocalVillage('from-a-server', village.id)).rejects.toThrow(/made on this phone/);
    await phone.store.moveLocalVillage('made-here', village.id);
    await phone.store.moveLocalVillage('made-before-the-mark', village.id);
    expect((await phone.db.meta.get('villagesMadeHere'))?.value).toEqual([]);

    expect(await phone.db.villages.get('made-here')).toBeUndefined();
    expect((await phone.db.households.get(householdId))!.villageId).toBe(village.id);
    expect((await phone.db.householdSearch.get(householdId))!.villageId).toBe(village.id);
    expect((await phone.db.meta.get('selectedVillageId'))?.value).toBe(village.id);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done', sent: 4, parked: 0 });
    expect((await server.records(account)).get(householdId)).toMatchObject({ headName: 'Giàng A Pó', villageId: village.id });
  });

  it('a village holding records the server has (no longer assigned, with unsent work) is not moved', async () => {
    const village = await server.createVillage();
    const other = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    const householdId = await phone.saveHousehold(village.id);
    await phone.engine.sync();
    // The phone still holds the village with a change waiting, as when the office took it away.
    await phone.db.households.update(householdId, { note: 'sửa sau' });
    await phone.db.outbox.add({ mutationId: 'm-later', entity: 'household', recordId: householdId, villageId: village.id, op: 'upsert', baseVersion: 1, fields: { note: 'sửa sau' }, clientTime: phone.now().toISOString(), state: 'pending' });
    const session = (await phone.store.getSession())!;
    await phone.db.meta.put({ key: 'session', value: { ...session, user: { ...session.user, villageIds: [other.id] } } });

    await expect(phone.store.moveLocalVillage(village.id, other.id)).rejects.toThrow(/server/);
    expect((await phone.db.households.get(householdId))!.villageId).toBe(village.id);
  });

  it('426: a server that speaks another protocol version stops the run and keeps everything', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    await phone.saveHousehold(village.id);
    // What an app from the future would send: the real server answers 426 SERVER_TOO_OLD.
    phone.network.beforeRequest = (path, init) => {
      if (path !== '/api/sync/push') return;
      init.body = JSON.stringify({ ...JSON.parse(bodyText(init.body)), protocolVersion: 2 });
      delete (init.headers as Record<string, string>)['content-encoding'];
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed', code: 'SERVER_TOO_OLD', retryable: false });
    expect(await phone.pendingCount()).toBe(2);
    expect(phone.engine.status.get().errorCode).toBe('SERVER_TOO_OLD');
  });

  it('the commune\'s official name comes with the session, and a sync learns it when the office sets it later (Toàn phường on screen)', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    expect((await phone.signIn(account)).ok).toBe(true);
    const stored = async () => ((await phone.db.meta.get('session'))?.value as { communeName?: string | null }).communeName;
    const before = await stored();
    // The office picks the commune's official code in Quản trị after the phone signed in.
    await server.app.inject({ method: 'PUT', url: '/api/admin/commune', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, payload: JSON.stringify({ code: '00004' }) });
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect([before, await stored()]).toEqual([null, 'Phường Ba Đình']);
  });
});
