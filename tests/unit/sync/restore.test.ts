// The commune server's database restored from a backup (sync [PL8]): the work it had acknowledged after
// the backup is gone from it, but a phone still holds it. On its next sync the phone pulls from the
// beginning, puts back in its outbox what it holds newer (changed fields, and records the server no longer
// has) and sends it; a change made on another phone after the restore is not undone.
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app';
import type { Database } from '../../../src/server/db/database';
import { openPglite } from '../../../src/server/db/pglite';
import { markRestored } from '../../../src/server/sync/generation';
import { signOut } from '../../../src/sync/sessionFlow';
import { CommuneServer, member, Phone } from './harness';

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

/** The server as phones reach it: one address, whatever database answers behind it. */
function switchableServer(first: CommuneServer) {
  let app: FastifyInstance = first.app;
  const front = { app: { inject: (options: never) => app.inject(options) } } as unknown as CommuneServer;
  return { front, answerWith: (next: FastifyInstance) => (app = next) };
}

async function restoredFrom(backup: Blob): Promise<{ app: FastifyInstance; db: Database }> {
  const db = await openPglite(undefined, { loadDataDir: backup });
  await markRestored(db, new Date());
  const app = await buildServer({ db, distDir: '/nonexistent-dist' });
  servers.push({ close: async () => { await app.close(); await db.close(); } });
  return { app, db };
}

/** A commune server behind a switchable address, one village, and a member's phone signed in to it. */
async function signedInPhone(villageName: string, engineOptions: ConstructorParameters<typeof Phone>[1] = {}) {
  const server = await CommuneServer.start();
  servers.push(server);
  const village = await server.createVillage(villageName);
  const account = await server.createUser('member', [village.id]);
  const { front, answerWith } = switchableServer(server);
  const phone = new Phone(front, engineOptions);
  expect((await phone.signIn(account)).ok).toBe(true);
  return { server, village, account, front, answerWith, phone };
}

describe('after the server is restored from a backup', { timeout: 60_000 }, () => {
  it('a phone sends back what the server lost: a newer change and a household made since; another phone\'s later change stays', async () => {
    const { server, village, account, front, answerWith, phone } = await signedInPhone('Thôn Khôi Phục');
    const first = await phone.saveHousehold(village.id, { headName: 'Hà Văn Một', address: 'Bản Trên' }, [member({ fullName: 'Hà Văn Một', vneid: 'level1' })]);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });

    const backup = await server.db.dump!();

    // Acknowledged by the server after the backup was taken: an edit and a new household.
    const [one] = await phone.db.persons.where('householdId').equals(first).toArray();
    await phone.editMember(first, one.id, { vneid: 'level2' });
    const second = await phone.saveHousehold(village.id, { headName: 'Lò Thị Hai', address: 'Bản Dưới' }, [member({ fullName: 'Lò Thị Hai' })]);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect(await phone.pendingCount()).toBe(0);
    // And one change not sent yet (no signal), based on the version the lost change made.
    await phone.editMember(first, one.id, { smartphone: 'shared' });

    // The office restores the backup. Before this phone syncs again, another phone changes the address.
    const restored = await restoredFrom(backup);
    answerWith(restored.app);
    const other = new Phone(front);
    expect((await other.signIn(account)).ok).toBe(true);
    expect(await other.engine.sync()).toMatchObject({ kind: 'done' });
    const { id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = (await other.db.households.get(first))!;
    const members = (await other.db.persons.where('householdId').equals(first).toArray()).map(({ villageId: _pv, version: _pver, deleted: _pd, updatedAt: _pu, householdId: _h, ...rest }) => rest);
    other.now(); // later than anything the first phone did
    await other.repository.saveHousehold({ id, villageId, fields: { ...fields, address: 'Bản Mới' }, members });
    expect(await other.engine.sync()).toMatchObject({ kind: 'done' });

    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect(await phone.pendingCount()).toBe(0);
    const onServer = async (table: 'households' | 'persons', headOrName: string) =>
      (await restored.db.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${table === 'households' ? 'head_name' : 'full_name'} = $1 AND NOT deleted`, [headOrName]));
    expect((await onServer('persons', 'Hà Văn Một')).map((row) => [row.vneid, row.smartphone])).toEqual([['level2', 'shared']]);
    expect((await onServer('households', 'Lò Thị Hai')).map((row) => row.id)).toEqual([second]);
    expect(await onServer('persons', 'Lò Thị Hai')).toHaveLength(1);
    expect((await onServer('households', 'Hà Văn Một')).map((row) => row.address)).toEqual(['Bản Mới']);
    // Both phones end with the server's records.
    expect(await other.engine.sync()).toMatchObject({ kind: 'done' });
    for (const device of [phone, other]) {
      expect(await device.db.persons.get(one.id)).toMatchObject({ vneid: 'level2', smartphone: 'shared' });
      expect((await device.db.households.get(first))?.address).toBe('Bản Mới');
      expect((await device.db.households.get(second))?.version).toBeGreaterThan(0);
    }
    expect(await phone.db.meta.get('restoreRecovery')).toBeUndefined();
  });

  it('a pull after the restore cut off midway still sends everything back when the next sync finishes it', async () => {
    const { server, village, answerWith, phone } = await signedInPhone('Thôn Mất Sóng', { pullLimit: 2 });
    const households = [];
    for (const name of ['Một', 'Hai', 'Ba']) households.push(await phone.saveHousehold(village.id, { headName: `Hộ ${name}` }, [member({ fullName: `Người ${name}` })]));
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    const backup = await server.db.dump!();
    for (const householdId of households) {
      const [person] = await phone.db.persons.where('householdId').equals(householdId).toArray();
      await phone.editMember(householdId, person.id, { smartphone: 'none' });
    }
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });

    const restored = await restoredFrom(backup);
    answerWith(restored.app);
    // The signal drops after the first page of the pull from the beginning.
    let pulls = 0;
    phone.network.beforeRequest = (path) => {
      if (path === '/api/sync/pull' && ++pulls === 2) throw new TypeError('Failed to fetch');
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed' });
    // Meanwhile the phone holds work no outbox entry shows yet: signing out is refused.
    expect(await signOut({ api: phone.api, store: phone.store, clock: phone.now })).toMatchObject({ ok: false });
    phone.network.beforeRequest = undefined;
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    const phones = await restored.db.query<{ smartphone: string }>(`SELECT smartphone FROM persons WHERE village_id = $1`, [village.id]);
    expect(phones.map((row) => row.smartphone)).toEqual(['none', 'none', 'none']);
    expect(await phone.pendingCount()).toBe(0);
  });

  it('records made after the backup, acknowledged but never pulled back, come back households first; nothing is parked', async () => {
    const { server, village, account, front, answerWith, phone } = await signedInPhone('Thôn Tách Hộ');
    const first = await phone.saveHousehold(village.id, { headName: 'Vàng A Dính' }, [member({ fullName: 'Vàng A Dính' })]);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    const backup = await server.db.dump!();

    // A new household and a visit to it for its member; the push is acknowledged, the pull after it fails.
    const own = await phone.saveHousehold(village.id, { headName: 'Vàng Thị Mỷ' }, [member({ fullName: 'Vàng Thị Mỷ' })]);
    const [my] = await phone.db.persons.where('householdId').equals(own).toArray();
    const visit = await phone.repository.addVisit(village.id, { householdId: own, personId: my.id, visitedOn: '2026-11-21', helpedWith: ['vneid'] });
    phone.network.beforeRequest = (path) => {
      if (path === '/api/sync/pull') throw new TypeError('Failed to fetch');
    };
    expect(await phone.engine.sync()).toMatchObject({ kind: 'failed' });
    phone.network.beforeRequest = undefined;
    expect(await phone.pendingCount()).toBe(0);
    expect((await phone.db.households.get(own))?.version).toBe(0);

    answerWith((await restoredFrom(backup)).app);
    expect(await phone.engine.sync()).toMatchObject({ kind: 'done' });
    expect(await phone.db.outbox.count()).toBe(0);
    const fresh = new Phone(front);
    expect((await fresh.signIn(account)).ok).toBe(true);
    expect(await fresh.engine.sync()).toMatchObject({ kind: 'done' });
    expect((await fresh.db.households.get(own))?.headName).toBe('Vàng Thị Mỷ');
    expect((await fresh.db.persons.get(my.id))?.householdId).toBe(own);
    expect((await fresh.db.visits.get(visit))?.personId).toBe(my.id);
    expect((await fresh.db.households.get(first))?.headName).toBe('Vàng A Dính');
  });
});
