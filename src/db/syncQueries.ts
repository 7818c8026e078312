// Live reads of sync state for the screens (session, last sync, parked changes with names people know),
// and a watcher the sync runtime uses to react to new saves. Light: no zod, no engine.
import { liveQuery } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import type { StoredSession } from '../sync/session';
import { createsRecord, type CongDanSoDb, type OutboxEntry } from './database';
import { madeOnThisPhone, villagesMarkedMadeHere } from './madeHere';
import { SYNC_META_KEYS } from './syncMeta';
import { communeUnit, type CommuneUnit } from '../shared/communeUnit';

/** What the signed-in account's commune is called on screen: xã, phường or đặc khu (shared/communeUnit.ts). */
export function useCommuneUnit(db: CongDanSoDb): CommuneUnit {
  return communeUnit(useSession(db)?.communeName);
}

export function useSession(db: CongDanSoDb): StoredSession | null | undefined {
  return useLiveQuery(async () => ((await db.meta.get(SYNC_META_KEYS.session))?.value as StoredSession | undefined) ?? null, []);
}

export function useLastSyncAt(db: CongDanSoDb): string | null | undefined {
  return useLiveQuery(async () => ((await db.meta.get(SYNC_META_KEYS.lastSyncAt))?.value as string | undefined) ?? null, []);
}

export interface ParkedChange {
  seq: number;
  entity: OutboxEntry['entity'];
  op: OutboxEntry['op'];
  /** Who or what the change is about: the person's or the household head's name. */
  name: string;
  /** The household it belongs to (for a link), when known. */
  householdId: string | null;
  fields: string[];
  error: { code: string; message: string };
  clientTime: string;
  /** The record's creation, which the server never took: discarding it removes the record from the phone. */
  creates: boolean;
}

export function useParkedChanges(db: CongDanSoDb): ParkedChange[] | undefined {
  return useLiveQuery(async () => {
    const parked = await db.outbox.where('state').equals('parked').toArray();
    return Promise.all(
      parked.map(async (entry): Promise<ParkedChange> => {
        const { name, householdId, version } = await describeRecord(db, entry.entity, entry.recordId);
        const creates = createsRecord(entry) && version === 0;
        return { seq: entry.seq!, entity: entry.entity, op: entry.op, name, householdId, fields: Object.keys(entry.fields), error: entry.error ?? { code: 'UNKNOWN', message: '' }, clientTime: entry.clientTime, creates };
      }),
    );
  }, []);
}

/** The name people know a record by (the person's, or the household head's), its household and version. */
async function describeRecord(db: CongDanSoDb, entity: OutboxEntry['entity'], recordId: string): Promise<{ name: string; householdId: string | null; version: number | null }> {
  if (entity === 'household') {
    const household = await db.households.get(recordId);
    return { name: household?.headName ?? '', householdId: recordId, version: household?.version ?? null };
  }
  if (entity === 'person') {
    const person = await db.persons.get(recordId);
    return { name: person?.fullName ?? '', householdId: person?.householdId ?? null, version: person?.version ?? null };
  }
  const visit = await db.visits.get(recordId);
  const household = visit ? await db.households.get(visit.householdId) : undefined;
  return { name: household?.headName ?? '', householdId: visit?.householdId ?? null, version: visit?.version ?? null };
}

/**
 * Villages on the phone that the account does not have, with their unsent changes. `madeHere`: none of
 * its records is one the server has (a village made on this phone), so its work can be moved into one
 * of the account's villages (moveLocalVillage); otherwise it is a server village no longer assigned.
 */
export function useLocalOnlyVillages(
  db: CongDanSoDb,
  serverVillageIds: readonly string[] | undefined,
): { id: string; name: string; unsent: number; madeHere: boolean }[] | undefined {
  return useLiveQuery(async () => {
    if (!serverVillageIds) return [];
    const onServer = new Set(serverVillageIds);
    const local = (await db.villages.toArray()).filter((v) => !onServer.has(v.id));
    const marked = await villagesMarkedMadeHere(db);
    return Promise.all(
      local.map(async (v) => ({
        id: v.id,
        name: v.name,
        unsent: await db.outbox.filter((e) => e.villageId === v.id).count(),
        madeHere: await madeOnThisPhone(db, v.id, marked),
      })),
    );
  }, [serverVillageIds?.join(',')]);
}

/** Calls `onChange` with the number of pending entries now and whenever it changes. */
export function watchPendingCount(db: CongDanSoDb, onChange: (pending: number) => void): () => void {
  const subscription = liveQuery(() => db.outbox.where('state').equals('pending').count()).subscribe({ next: onChange, error: () => undefined });
  return () => subscription.unsubscribe();
}

/** Names people know for records, by record id; absent when the record is not on the phone. */
export async function recordNames(db: CongDanSoDb, refs: readonly { entity: OutboxEntry['entity']; recordId: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const { entity, recordId } of refs) {
    if (names.has(recordId)) continue;
    const { name } = await describeRecord(db, entity, recordId);
    if (name) names.set(recordId, name);
  }
  return names;
}
