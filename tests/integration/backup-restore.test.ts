// Backups of the embedded database and restoring one (README "Sao lưu và khôi phục"): a backup holds the
// commune as it was; a restore brings it back, keeps the data directory in use aside, and gives the
// database a new generation so a phone's cursor from before starts its pull again (sync [PL8]). PGlite
// only: PostgreSQL is backed up with its own tools.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDue, startBackupScheduler } from '../../src/server/backup/backup-scheduler';
import { backupFileName, listBackups, takeBackup } from '../../src/server/backup/backups';
import { RestoreError, restoreFromBackup, serverPidFile } from '../../src/server/backup/restore-backup';
import { openPglite } from '../../src/server/db/pglite';
import { PULL_MAX_LIMIT } from '../../src/shared/protocol';
import { newHousehold } from './helpers/fixtures';
import { openMigratedPgliteIn } from './helpers/pglite-template';
import { TestServer } from './helpers/test-server';

const scratch = mkdtempSync(join(tmpdir(), 'cds-backup-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const HOUR = 60 * 60 * 1000;
const silentLog = { info: () => {}, error: () => {} } as never;

describe('backups of the embedded database', () => {
  it('a restore brings the commune back as it was at the backup; the data in use is kept aside; a phone\'s cursor from before starts again', async () => {
    const dataDir = join(scratch, 'data');
    const backups = join(scratch, 'backups');
    let server = await TestServer.start({ name: 'pglite', open: () => openMigratedPgliteIn(dataDir) });
    const village = await server.createVillage('Thôn Sao Lưu');
    const member = await server.createUser('member', [village.id]);
    const before = newHousehold(village.id, { headName: 'Hộ trước sao lưu' });
    await server.pushOk(member.token, [before]);
    // A folder and a backup from before backups were closed up: readable by everyone.
    mkdirSync(backups, { mode: 0o755 });
    chmodSync(backups, 0o755);
    writeFileSync(join(backups, 'cong-dan-so-20261122-080000.tar.gz'), 'older', { mode: 0o644 });
    const backup = await takeBackup(server.db, backups, new Date('2026-11-23T01:00:00Z'), 14);
    expect(backup.name).toBe('cong-dan-so-20261123-080000.tar.gz');
    expect(statSync(join(backups, 'cong-dan-so-20261122-080000.tar.gz')).mode & 0o077).toBe(0);
    // The whole commune, unencrypted: only the server's own account may read it.
    expect(statSync(backup.path).mode & 0o077).toBe(0);
    expect(statSync(backups).mode & 0o077).toBe(0);
    const after = newHousehold(village.id, { headName: 'Hộ sau sao lưu' });
    await server.pushOk(member.token, [after]);
    const { cursor } = await server.pullAll(member.token);
    await server.close();

    const summary = await restoreFromBackup({ file: backup.path, dataDir, now: new Date('2026-11-23T05:00:00Z') });
    expect(summary).toMatchObject({ households: 1, movedAside: `${dataDir}-truoc-khoi-phuc-20261123-120000` });

    server = await TestServer.start({ name: 'pglite', open: () => openPglite(dataDir) });
    const token = await server.login(member.username, member.password);
    const page = await server.pull(token, cursor, PULL_MAX_LIMIT);
    expect(page.body).toMatchObject({ reset: true, restored: true, hasMore: false });
    expect(page.body.changes.map((c: { record: { id: string } }) => c.record.id)).toEqual([before.recordId]);
    await server.close();

    // Nothing is deleted: what was in use before the restore is still there.
    const aside = await openPglite(summary.movedAside!);
    const names = await aside.query<{ head_name: string }>('SELECT head_name FROM households ORDER BY head_name');
    expect(names.map((row) => row.head_name)).toEqual(['Hộ sau sao lưu', 'Hộ trước sao lưu']);
    await aside.close();
  });

  it('a file that is not a backup, or a server still running on the folder, stops the restore; nothing changes', async () => {
    const dataDir = join(scratch, 'untouched');
    const db = await openMigratedPgliteIn(dataDir);
    await db.close();
    const bogus = join(scratch, 'not-a-backup.tar.gz');
    writeFileSync(bogus, 'xin chào');
    await expect(restoreFromBackup({ file: bogus, dataDir, now: new Date() })).rejects.toBeInstanceOf(RestoreError);
    // A gzip that holds something else (a spreadsheet export compressed by hand).
    writeFileSync(bogus, gzipSync(Buffer.from('household_key,village\nH001,Thôn 1\n')));
    await expect(restoreFromBackup({ file: bogus, dataDir, now: new Date() })).rejects.toBeInstanceOf(RestoreError);
    await expect(restoreFromBackup({ file: join(scratch, 'missing.tar.gz'), dataDir, now: new Date() })).rejects.toThrow(/Không đọc được tệp/);
    // A server running on the folder (its pid file names a live process: this one) stops the restore.
    const source = await openMigratedPgliteIn(join(scratch, 'for-pid'));
    const backup = await takeBackup(source, join(scratch, 'pid-backups'), new Date(), 1);
    await source.close();
    writeFileSync(serverPidFile(dataDir), String(process.pid));
    await expect(restoreFromBackup({ file: backup.path, dataDir, now: new Date() })).rejects.toThrow(/Máy chủ đang chạy/);
    writeFileSync(serverPidFile(dataDir), '0');
    expect(readdirSync(scratch).filter((name) => name.startsWith('untouched-'))).toEqual([]);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('the schedule takes one when none is newer than the interval, and keeps the newest few', async () => {
    const dir = join(scratch, 'scheduled');
    const db = await openMigratedPgliteIn(join(scratch, 'scheduled-data'));
    const schedule = { dir, everyMs: 24 * HOUR, keep: 2 };
    const t0 = new Date('2026-11-23T00:00:00Z');
    for (const [offset, expected] of [[0, 1], [1 * HOUR, 1], [25 * HOUR, 2], [50 * HOUR, 2]] as const) {
      const scheduler = startBackupScheduler(db, schedule, () => new Date(t0.getTime() + offset), silentLog);
      await scheduler.stop();
      expect((await listBackups(dir)).length).toBe(expected);
    }
    expect((await listBackups(dir)).map((file) => file.name)).toEqual([backupFileName(new Date(t0.getTime() + 50 * HOUR)), backupFileName(new Date(t0.getTime() + 25 * HOUR))]);
    // A clock set back before the newest backup: one is taken rather than none for days, and it stays
    // although its name sorts oldest.
    expect(await backupDue(schedule, new Date(t0.getTime() - HOUR))).toBe(true);
    const behind = new Date('2020-01-01T00:00:00Z');
    await startBackupScheduler(db, schedule, () => behind, silentLog).stop();
    expect((await listBackups(dir)).map((file) => file.name)).toEqual([backupFileName(new Date(t0.getTime() + 50 * HOUR)), backupFileName(behind)]);
    await db.close();
  });
});
