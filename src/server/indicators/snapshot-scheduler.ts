// Takes each month's snapshot by itself: once when the server starts (it may have been off at month end)
// and then every hour, so the previous month is written within an hour of midnight on the 1st (Vietnam
// time). Stopped by app.close(), which waits for a check in progress so the database can close after it.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database';
import { runPeriodically, type PeriodicCheck } from '../periodic';
import { takeMissingSnapshots } from './snapshots';

export const SNAPSHOT_CHECK_INTERVAL_MS = 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The month-end snapshot check of this server (app.ts). */
    monthlySnapshots: SnapshotScheduler;
  }
}

export type SnapshotScheduler = PeriodicCheck;

export function startSnapshotScheduler(db: Database, now: () => Date, log: FastifyBaseLogger, intervalMs = SNAPSHOT_CHECK_INTERVAL_MS): SnapshotScheduler {
  return runPeriodically(
    () =>
      takeMissingSnapshots(db, now()).then(
        (communes) => {
          if (communes.length > 0) log.info({ communes: communes.length }, 'monthly indicator snapshot taken');
        },
        // A failed check (database restarting) is retried at the next one; it must not crash the server.
        (error: unknown) => log.error({ err: error }, 'monthly indicator snapshot failed'),
      ),
    intervalMs,
  );
}
