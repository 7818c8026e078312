// Takes a backup by itself when the newest one is older than the interval: checked when the server
// starts (it may have been off) and then every hour. Stopped before the database closes, waiting for a
// backup in progress. Only for the embedded database (main.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database';
import { runPeriodically, type PeriodicCheck } from '../periodic';
import { listBackups, takeBackup } from './backups';

export const BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface BackupSchedule {
  dir: string;
  /** How old the newest backup may be before the next is taken. */
  everyMs: number;
  /** How many backups to keep. */
  keep: number;
}

export type BackupScheduler = PeriodicCheck;

/** Whether a backup is due: none yet, or the newest is older than `everyMs` (or from the future: a clock set back). */
export async function backupDue(schedule: BackupSchedule, now: Date): Promise<boolean> {
  const [newest] = await listBackups(schedule.dir);
  if (!newest) return true;
  const age = now.getTime() - newest.takenAt.getTime();
  return age >= schedule.everyMs || age < 0;
}

export function startBackupScheduler(db: Database, schedule: BackupSchedule, now: () => Date, log: FastifyBaseLogger, checkEveryMs = BACKUP_CHECK_INTERVAL_MS): BackupScheduler {
  return runPeriodically(async () => {
    try {
      if (!(await backupDue(schedule, now()))) return;
      const [newest] = await listBackups(schedule.dir);
      if (newest && newest.takenAt > now()) log.error({ newest: newest.name }, 'the computer clock is behind the newest backup: check the date and time');
      const file = await takeBackup(db, schedule.dir, now(), schedule.keep);
      log.info({ file: file.path, bytes: file.bytes }, 'backup taken');
    } catch (error) {
      // A full disk or a missing folder must not stop the server; the next check tries again.
      log.error({ err: error }, 'backup failed');
    }
  }, checkEveryMs);
}
