// A phone's backup imported at the office goes through the normal push: the administrator relays the
// member's mutations with their own ids. Importing twice, and the phone later sending the same changes
// itself, are duplicates — never doubled records, never "id reused" errors that would park the phone's
// work. A different change under a known id is still refused. [PU2]
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBackup, readBackupForImport } from '../../src/backup/importBackup';
import type { Mutation } from '../../src/shared/protocol';
import { backends } from './helpers/backends';
import { newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('backup import on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  const pushAs = (token: string) => async (deviceId: string, mutations: Mutation[]) => (await server.push(token, mutations, deviceId)).body;

  it('import twice, then the phone syncs: every record once, all later answers duplicate', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const household = newHousehold(village.id, { headName: 'Hờ A Chứ' });
    const person = newPerson(village.id, household.recordId, { fullName: 'Hờ A Chứ' });
    const backup = readBackupForImport({ kind: 'unsent', deviceId: 'phone-of-member', username: member.username, mutations: [household, person] });

    expect(await importBackup(pushAs(server.adminToken), backup)).toMatchObject({ total: 2, applied: 2, duplicate: 0, rejected: 0 });
    expect(await importBackup(pushAs(server.adminToken), backup)).toMatchObject({ total: 2, applied: 0, duplicate: 2, rejected: 0 });
    const fromPhone = await server.pushOk(member.token, [household, person], 'phone-of-member');
    expect(fromPhone.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);

    const { changes } = await server.pullAll(member.token);
    expect(changes.filter((c) => c.record.id === household.recordId || c.record.id === person.recordId).map((c) => c.record.version)).toEqual([1, 1]);
  });

  it('a different change under an id someone else used is still refused', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    const original = newHousehold(village.id);
    await importBackup(pushAs(server.adminToken), { deviceId: 'phone-x', mutations: [original] });
    const [forged] = await server.pushOk(member.token, [{ ...newHousehold(village.id), id: original.id }], 'phone-x');
    expect([forged.status, forged.error?.code]).toEqual(['rejected', 'MUTATION_ID_REUSED']);
    const [otherTime] = await server.pushOk(member.token, [{ ...original, clientTime: '2026-01-01T00:00:00+07:00' }], 'phone-x');
    expect(otherTime.error?.code).toBe('MUTATION_ID_REUSED');
  });

  it('a member of another village cannot get the result of a relayed mutation', async () => {
    const village = await server.createVillage();
    const elsewhere = await server.createVillage();
    const outsider = await server.createUser('member', [elsewhere.id]);
    const original = newHousehold(village.id);
    await importBackup(pushAs(server.adminToken), { deviceId: 'phone-y', mutations: [original] });
    const [answer] = await server.pushOk(outsider.token, [original], 'phone-y');
    expect(answer.status).toBe('rejected');
  });

  it('a file that is not a backup is refused before anything is sent', () => {
    expect(() => readBackupForImport({ deviceId: 'x', mutations: [{ noId: true }] })).toThrow('NOT_A_BACKUP');
    expect(() => readBackupForImport(null)).toThrow('NOT_A_BACKUP');
  });
});
