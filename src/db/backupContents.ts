// What a device backup holds (encrypted by src/backup/backupFile.ts): every change not yet confirmed by
// the server, as the mutations the outbox would push — same ids, so importing them at the office, or the
// phone sending them later, or both, applies each exactly once — and optionally the whole local database
// (records as this phone has them), for a phone that is about to be reset or replaced.
import type { Mutation } from '../shared/protocol';
import type { Household, Person, Village, Visit } from '../shared/types';
import type { CongDanSoDb } from './database';
import { createSyncStore, toMutation } from './syncStore';

export type BackupKind = 'unsent' | 'everything';

export interface BackupContent {
  kind: BackupKind;
  exportedAt: string;
  /** The phone's sync identity: imports push as this device, so the server's records say where data came from. */
  deviceId: string;
  username: string | null;
  /** Pending and parked outbox entries, oldest first. */
  mutations: Mutation[];
  records?: { villages: Village[]; households: Household[]; persons: Person[]; visits: Visit[] };
}

export async function collectBackup(db: CongDanSoDb, kind: BackupKind, now: Date): Promise<BackupContent> {
  const store = createSyncStore(db);
  const deviceId = await store.deviceId();
  const session = await store.getSession();
  // One read transaction: the outbox and the records are a consistent picture.
  return db.transaction('r', [db.outbox, db.villages, db.households, db.persons, db.visits], async () => {
    const outbox = await db.outbox.orderBy('seq').toArray();
    const content: BackupContent = { kind, exportedAt: now.toISOString(), deviceId, username: session?.user.username ?? null, mutations: outbox.map(toMutation) };
    if (kind === 'everything') {
      content.records = { villages: await db.villages.toArray(), households: await db.households.toArray(), persons: await db.persons.toArray(), visits: await db.visits.toArray() };
    }
    return content;
  });
}
