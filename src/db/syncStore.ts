// The sync engine's view of the phone's database (the SyncStore contract of src/sync/store.ts). Every
// step that changes records and sync bookkeeping does both in ONE transaction, so a phone killed in the
// middle never holds a record without its outbox entry, or a cursor past records it did not store.
import type { Mutation, MutationResult, PullChange, RecordRef } from '../shared/protocol';
import type { Entity } from '../shared/statuses';
import type { Household, Person, SyncMeta, Village, Visit } from '../shared/types';
import type { StoredSession } from '../sync/session';
import type { ServerVillage } from '../sync/api';
import type { QueuedMutation, SyncStore } from '../sync/store';
import type { SignOutResult } from '../sync/sessionFlow';
import { LOCK_KEY } from './appLockStore';
import { createsRecord, type CongDanSoDb, type OutboxEntry } from './database';
import { isErasedHousehold, isErasedPerson } from '../shared/erasure';
import { madeOnThisPhone, villagesMarkedMadeHere } from './madeHere';
import { META_KEYS } from './meta';
import { PullRun } from './pullRun';
import { lostOnServer, newerOnPhone, RESTORE_RECOVERY_KEY, RESTORE_SEEN_PREFIX } from './restoreRecovery';
import { householdSearchText } from './searchText';
import { SYNC_META_KEYS } from './syncMeta';

const TABLE_OF: Record<Entity, 'households' | 'persons' | 'visits'> = { household: 'households', person: 'persons', visit: 'visits' };

export function toMutation(entry: OutboxEntry): Mutation {
  return {
    id: entry.mutationId,
    entity: entry.entity,
    recordId: entry.recordId,
    villageId: entry.villageId,
    op: entry.op,
    baseVersion: entry.baseVersion,
    fields: entry.fields,
    clientTime: entry.clientTime,
  };
}

/**
 * The pulled record with this phone's unsent changes laid on top, oldest first: the server's version
 * (and so the base of the next edit) is kept, and nothing typed on the phone disappears before it is sent.
 * A server tombstone stays a tombstone ([PD2]: the unsent edits will be refused and parked, with a reason).
 */
export function withUnsentChanges<R extends SyncMeta>(pulled: R, unsent: readonly OutboxEntry[]): R {
  const merged: Record<string, unknown> = { ...(pulled as object) };
  for (const entry of unsent) {
    if (entry.op === 'delete') merged.deleted = true;
    for (const [field, value] of Object.entries(entry.fields)) {
      if (value === null) delete merged[field];
      else merged[field] = value;
    }
    if (entry.clientTime > String(merged.updatedAt)) merged.updatedAt = entry.clientTime;
  }
  return merged as R;
}

/** A village as the server lists it, as the phone stores it (no code: none; no count: null). */
function storedVillage(v: ServerVillage): Village {
  return { id: v.id, name: v.name, ...(v.code ? { code: v.code } : {}), expectedHouseholds: v.expectedHouseholds ?? null };
}

/** A pull page whose predecessor was not stored; nothing of it was written. */
export class PullOutOfOrderError extends Error {
  constructor() {
    super('pull page applied after a page that was not stored');
  }
}

/**
 * These entries by record, oldest first: what a record from the server gets laid on top. Parked ones
 * too: a refused change stays on the phone until it is retried (which sends the record as it is there)
 * or discarded; dropped from the record by a pull, a retry would send the server's own values.
 */
function unsentByRecord(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const unsent = new Map<string, OutboxEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.seq! - b.seq!)) {
    unsent.set(entry.recordId, [...(unsent.get(entry.recordId) ?? []), entry]);
  }
  return unsent;
}

const sameRecord = (a: RecordRef, b: RecordRef) => a.entity === b.entity && a.id === b.id;

export function createSyncStore(db: CongDanSoDb, newId: () => string = () => crypto.randomUUID()) {
  const getMeta = async <T>(key: string) => (await db.meta.get(key))?.value as T | undefined;

  function tableOf(entity: Entity) {
    return db.table<SyncMeta & { householdId?: string }, string>(TABLE_OF[entity]);
  }

  /** A recovery after a restore of the server is under way (restoreRecovery.ts). */
  async function recovering(): Promise<boolean> {
    return (await db.meta.get(RESTORE_RECOVERY_KEY)) !== undefined;
  }

  /** The meta keys of a recovery after a restore (restoreRecovery.ts): another account's, at sign-in and sign-out. */
  async function restoreRecoveryKeys(): Promise<string[]> {
    return [RESTORE_RECOVERY_KEY, ...(await db.meta.where('key').startsWith(RESTORE_SEEN_PREFIX).primaryKeys())];
  }

  /** A record only this phone has, with every change of it waiting. Call inside a transaction. */
  async function dropLocalRecord(entity: Entity, id: string): Promise<void> {
    await db.outbox.bulkDelete((await db.outbox.where('recordId').equals(id).toArray()).map((other) => other.seq!));
    await tableOf(entity).delete(id);
  }

  /** Parked changes of a household's members and visits refused for want of it go back into the queue. */
  async function requeueWaitingFor(householdId: string): Promise<void> {
    const [persons, visits] = await Promise.all([db.persons.where('householdId').equals(householdId).primaryKeys(), db.visits.where('householdId').equals(householdId).primaryKeys()]);
    const ids = [...persons, ...visits];
    if (ids.length === 0) return;
    const waiting = (await db.outbox.where('recordId').anyOf(ids).toArray()).filter((other) => other.state === 'parked' && other.error?.code === 'REFERENCE_NOT_FOUND');
    for (const other of waiting) await db.outbox.update(other.seq!, { state: 'pending', error: undefined });
  }

  /** Recomputes the search text of these households from what is stored. Call inside a transaction. */
  async function refreshSearch(householdIds: readonly string[]): Promise<void> {
    if (householdIds.length === 0) return;
    // One indexed getAll per household, all in flight at once: anyOf() would walk an IndexedDB cursor
    // key by key, which in Chromium made a first download of 20,000 records spend 8 s here.
    const [households, memberLists] = await Promise.all([
      db.households.bulkGet([...householdIds]),
      Promise.all(householdIds.map((id) => db.persons.where('householdId').equals(id).toArray())),
    ]);
    const members = new Map(householdIds.map((id, i) => [id, memberLists[i].filter((person) => !person.deleted)]));
    const alive = households.filter((h): h is Household => h !== undefined && !h.deleted);
    await db.householdSearch.bulkPut(alive.map((h) => ({ householdId: h.id, villageId: h.villageId, text: householdSearchText(h, members.get(h.id) ?? []) })));
    const aliveIds = new Set(alive.map((h) => h.id));
    await db.householdSearch.bulkDelete(householdIds.filter((id) => !aliveIds.has(id)));
  }

  /** Adds a record to those whose server copy the next sync fetches. Call inside a transaction. */
  async function rememberToRefetch(ref: RecordRef): Promise<void> {
    const listed = (await getMeta<RecordRef[]>(SYNC_META_KEYS.refetch)) ?? [];
    if (!listed.some((other) => sameRecord(other, ref))) await db.meta.put({ key: SYNC_META_KEYS.refetch, value: [...listed, ref] });
  }

  async function deleteVillageData(villageIds: readonly string[]): Promise<void> {
    if (villageIds.length === 0) return;
    const ids = [...villageIds];
    await Promise.all([
      db.households.where('villageId').anyOf(ids).delete(),
      db.persons.where('villageId').anyOf(ids).delete(),
      db.visits.where('villageId').anyOf(ids).delete(),
      db.householdSearch.where('villageId').anyOf(ids).delete(),
      db.villages.bulkDelete(ids),
    ]);
  }

  /**
   * A village taken from the account while changes of it wait (they can only leave in a backup file
   * now, [PL5]): of its data only what those changes name stays — their records, and the households of
   * their members and visits — so the phone keeps no more of a village it is no longer assigned.
   */
  async function trimVillageData(villageIds: readonly string[], waiting: readonly OutboxEntry[]): Promise<void> {
    if (villageIds.length === 0) return;
    const ids = [...villageIds];
    const named = new Set(waiting.filter((entry) => villageIds.includes(entry.villageId)).map((entry) => entry.recordId));
    const [persons, visits] = await Promise.all([db.persons.where('villageId').anyOf(ids).toArray(), db.visits.where('villageId').anyOf(ids).toArray()]);
    const keptHouseholds = new Set([...named, ...[...persons, ...visits].filter((record) => named.has(record.id)).map((record) => record.householdId)]);
    const droppedPersons = persons.filter((p) => !named.has(p.id));
    // The search cache of a household that lost a member holds their name: rebuilt from what is left when read.
    const staleSearch = new Set(droppedPersons.map((p) => p.householdId));
    await Promise.all([
      db.households.where('villageId').anyOf(ids).filter((h) => !keptHouseholds.has(h.id)).delete(),
      db.persons.bulkDelete(droppedPersons.map((p) => p.id)),
      db.visits.bulkDelete(visits.filter((v) => !named.has(v.id)).map((v) => v.id)),
      db.householdSearch.where('villageId').anyOf(ids).filter((entry) => !keptHouseholds.has(entry.householdId) || staleSearch.has(entry.householdId)).delete(),
    ]);
  }

  /**
   * A person erased on request: what this phone still had to send of them goes too, and is not laid over
   * the tombstone (src/shared/erasure.ts). Takes their entries out of `unsent`.
   */
  async function dropWorkOfErased(changes: readonly PullChange[], unsent: Map<string, OutboxEntry[]>): Promise<void> {
    const erased = changes.filter((change) => change.entity === 'person' && isErasedPerson(change.record as Person)).map((change) => change.record.id);
    // A household erased whole: its members and visits too, also those only this phone has (never sent).
    const households = changes.filter((change) => change.entity === 'household' && isErasedHousehold(change.record as Household)).map((change) => change.record.id);
    if (households.length > 0) {
      const [persons, visits] = await Promise.all([db.persons.where('householdId').anyOf(households).toArray(), db.visits.where('householdId').anyOf(households).toArray()]);
      const localOnly = (record: SyncMeta) => record.version === 0;
      await Promise.all([db.persons.bulkDelete(persons.filter(localOnly).map((p) => p.id)), db.visits.bulkDelete(visits.filter(localOnly).map((v) => v.id))]);
      erased.push(...households, ...persons.map((p) => p.id), ...visits.map((v) => v.id));
    }
    if (erased.length === 0) return;
    const dropped = await db.outbox.where('recordId').anyOf(erased).primaryKeys();
    if (dropped.length > 0) await db.outbox.bulkDelete(dropped);
    for (const id of erased) unsent.delete(id);
  }

  const store: SyncStore = {
    async getSession() {
      return (await getMeta<StoredSession>(SYNC_META_KEYS.session)) ?? null;
    },

    async markSessionExpired(code) {
      await db.transaction('rw', db.meta, async () => {
        const session = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        if (session && !session.expired) await db.meta.put({ key: SYNC_META_KEYS.session, value: { ...session, expired: true, expiredCode: code } });
      });
    },

    async deviceId() {
      return db.transaction('rw', db.meta, async () => {
        const existing = await getMeta<string>(SYNC_META_KEYS.deviceId);
        if (existing) return existing;
        const id = newId();
        await db.meta.put({ key: SYNC_META_KEYS.deviceId, value: id });
        return id;
      });
    },

    async countPending(villageIds) {
      // Counted by the [state+villageId] index, inside IndexedDB: walking the pending entries to filter
      // them by village read every one of them, which for a 10,000-change backlog took longer than the
      // server's answer, after every batch.
      const counts = await Promise.all([...new Set(villageIds)].map((villageId) => db.outbox.where('[state+villageId]').equals(['pending', villageId]).count()));
      return counts.reduce((sum, count) => sum + count, 0);
    },

    async pendingBatch(villageIds, limit, afterSeq) {
      const allowed = new Set(villageIds);
      // In primary-key (`seq`, creation) order, from the entry after `afterSeq`, read in chunks by one
      // getAll each (a filtered Dexie collection would step a cursor entry by entry); parked entries and
      // other villages' are left out here, and another chunk is read while the batch is short.
      const batch: QueuedMutation[] = [];
      let from = afterSeq;
      while (batch.length < limit) {
        const range = from === undefined ? db.outbox.toCollection() : db.outbox.where('seq').above(from);
        const chunk = await range.limit(limit).toArray();
        for (const entry of chunk) {
          if (batch.length < limit && entry.state === 'pending' && allowed.has(entry.villageId)) batch.push({ seq: entry.seq!, mutation: toMutation(entry) });
        }
        if (chunk.length < limit) break;
        from = chunk[chunk.length - 1].seq;
      }
      return batch;
    },

    async applyPushResults(batch, results) {
      // Only the outbox changes. The records keep their version until the pull that follows the push in
      // the same run brings them back from the server. Raising it here to the version the push produced
      // claimed the phone had seen that version — which may hold another device's change of another field,
      // merged by the server — so a later edit of that field would have overwritten it without the
      // conflict [PC2] records. Reading and rewriting every pushed record for it was also most of the
      // phone's work in a push (~1 KB each way per record).
      await db.transaction('rw', db.outbox, async () => {
        const sentSeqs: number[] = [];
        const parked: Promise<unknown>[] = [];
        for (const [index, queued] of batch.entries()) {
          const result: MutationResult = results[index];
          if (result.status === 'rejected') {
            parked.push(db.outbox.update(queued.seq, { state: 'parked', error: { code: result.error?.code ?? 'UNKNOWN', message: result.error?.message ?? '' } }));
          } else {
            sentSeqs.push(queued.seq);
          }
        }
        // Bulk requests, not one awaited request per entry: a 10,000-change backlog spent most of its
        // push time here waiting on IndexedDB round trips one by one.
        await Promise.all([...parked, db.outbox.bulkDelete(sentSeqs)]);
      });
    },

    async park(seq, error) {
      await db.outbox.update(seq, { state: 'parked', error });
    },

    async getCursor() {
      return (await getMeta<string>(SYNC_META_KEYS.cursor)) ?? null;
    },

    async beginPull(options = {}) {
      // Read-only unless a recovery starts: every sync begins a pull, and a read-write transaction on the
      // outbox would hold a save back meanwhile.
      return db.transaction(options.restored ? 'rw' : 'r', [db.villages, db.households, db.persons, db.outbox, db.meta], async () => {
        // A pull after a restore of the server's database stays one until it has finished, also across a
        // sync that fails midway: the rest of its pages come without the server saying so again.
        if (options.restored) {
          await db.meta.put({ key: RESTORE_RECOVERY_KEY, value: { since: new Date().toISOString() } });
          // The versions these waiting changes were based on belong to the database before the restore:
          // from now on the server judges their fields by time (restoreRecovery.ts).
          // (An entry from before `creates` existed is told a creation by base 0: it says so itself now.)
          await db.outbox.filter((entry) => entry.baseVersion > 0).modify((entry) => {
            entry.creates = false;
            entry.baseVersion = 0;
          });
        }
        const restored = options.restored === true || (await recovering());
        const [villages, outboxTop] = await Promise.all([db.villages.toArray(), db.outbox.toCollection().lastKey()]);
        const empty = await Promise.all(
          villages.map(async ({ id }) => {
            const [household, person] = await Promise.all([db.households.where('villageId').equals(id).first(), db.persons.where('villageId').equals(id).first()]);
            return household === undefined && person === undefined;
          }),
        );
        return new PullRun(new Map(villages.map(({ id }, index) => [id, empty[index]])), (outboxTop as number | undefined) ?? null, restored);
      });
    },

    recoveringFromRestore: recovering,

    async finishPull(run) {
      if (!(run instanceof PullRun) || !run.restored) return 0;
      return db.transaction('rw', [db.households, db.persons, db.visits, db.outbox, db.meta], async () => {
        const [seenPages, session, households, persons, visits, outbox] = await Promise.all([
          db.meta.where('key').startsWith(RESTORE_SEEN_PREFIX).toArray(),
          getMeta<StoredSession>(SYNC_META_KEYS.session),
          db.households.toArray(), db.persons.toArray(), db.visits.toArray(), db.outbox.toArray(),
        ]);
        const seen = new Set(seenPages.flatMap((page) => page.value as string[]));
        const creations = lostOnServer({ household: households, person: persons, visit: visits }, seen, new Set(session?.user.villageIds ?? []), unsentByRecord(outbox), newId);
        if (creations.length > 0) {
          const recreated = new Set(creations.map((entry) => entry.recordId));
          // The creations go first, then everything that was waiting, in its order; a record's own
          // waiting changes are in its creation (the phone's copy has them laid on).
          const after = [...outbox].sort((a, b) => a.seq! - b.seq!).filter((entry) => !recreated.has(entry.recordId));
          await db.outbox.clear();
          await db.outbox.bulkAdd([...creations, ...after.map(({ seq: _seq, ...entry }) => entry)]);
          // Not on the server (any more): version 0, as a record this phone made.
          for (const [entity, table] of [['household', households], ['person', persons], ['visit', visits]] as const) {
            const lost = table.filter((record) => recreated.has(record.id) && record.version !== 0);
            if (lost.length > 0) await tableOf(entity).bulkPut(lost.map((record) => ({ ...record, version: 0 })));
          }
        }
        await db.meta.bulkDelete([RESTORE_RECOVERY_KEY, ...seenPages.map((page) => page.key)]);
        return run.recoveredChanges + creations.length;
      });
    },

    async applyPullPage(changes, cursor, run, after) {
      const memory = run instanceof PullRun ? run : undefined;
      await db.transaction('rw', [db.households, db.persons, db.visits, db.outbox, db.householdSearch, db.meta], async () => {
        const byTable: { households: Household[]; persons: Person[]; visits: Visit[] } = { households: [], persons: [], visits: [] };
        for (const change of changes) (byTable[TABLE_OF[change.entity]] as SyncMeta[]).push(change.record as SyncMeta);
        // The reads first, then the records as pulled, without waiting in between: a transaction runs its
        // requests in order, and the engine may open this page's transaction while the page before is
        // still being written, so the browser prepares these records meanwhile. Records with unsent
        // changes are put again below, merged; all of it commits or none.
        const pageRun = memory ?? new PullRun(new Map(), null); // a page on its own: nothing is known
        const movable = byTable.persons.filter((person) => pageRun.mustReadPreviousHousehold(person.villageId)).map((person) => person.id);
        const restoring = memory?.restored === true;
        const reads = Promise.all([
          db.outbox.where('recordId').anyOf(changes.map((change) => change.record.id)).toArray(),
          memory ? db.outbox.toCollection().lastKey() : undefined,
          after !== undefined ? getMeta<string>(SYNC_META_KEYS.cursor) : undefined,
          // Where these persons were before this page (read before the puts below, which replace them).
          movable.length > 0 ? db.persons.bulkGet(movable) : [],
          // After a restore of the server: the phone's copies, which may be newer (restoreRecovery.ts).
          restoring
            ? Promise.all([db.households.bulkGet(byTable.households.map((r) => r.id)), db.persons.bulkGet(byTable.persons.map((r) => r.id)), db.visits.bulkGet(byTable.visits.map((r) => r.id))])
            : undefined,
        ]);
        const puts = Promise.all([db.households.bulkPut(byTable.households), db.persons.bulkPut(byTable.persons), db.visits.bulkPut(byTable.visits)]);
        const [[waiting, outboxTop, storedCursor, before, onPhone]] = await Promise.all([reads, puts]);
        // The page before did not commit (its transaction failed): storing this one would move the cursor
        // past records the phone does not have. Throwing aborts this transaction.
        if (after !== undefined && (storedCursor ?? null) !== after) throw new PullOutOfOrderError();
        memory?.checkOutbox((outboxTop as number | undefined) ?? null);

        const unsent = unsentByRecord(waiting);
        await dropWorkOfErased(changes, unsent);
        if (restoring && memory) {
          const local = new Map((onPhone ?? []).flat().flatMap((record) => (record ? [[record.id, record as SyncMeta] as const] : [])));
          const resent = newerOnPhone(changes, local, unsent, newId);
          if (resent.length > 0) {
            const seqs = await db.outbox.bulkAdd(resent, { allKeys: true });
            resent.forEach((entry, index) => unsent.set(entry.recordId, [...(unsent.get(entry.recordId) ?? []), { ...entry, seq: seqs[index] as number }]));
            memory.recoveredChanges += resent.length;
          }
          await db.meta.put({ key: `${RESTORE_SEEN_PREFIX}${newId()}`, value: changes.map((change) => change.record.id) });
        }
        const merged: { households: Household[]; persons: Person[]; visits: Visit[] } = { households: [], persons: [], visits: [] };
        const readBack = new Set<string>();
        const storedHousehold = new Map(before.flatMap((person) => (person ? [[person.id, person.householdId] as const] : [])));
        for (const change of changes) {
          const changesOnPhone = unsent.get(change.record.id);
          const record = changesOnPhone ? withUnsentChanges(change.record as SyncMeta, changesOnPhone) : (change.record as SyncMeta);
          if (changesOnPhone) (merged[TABLE_OF[change.entity]] as SyncMeta[]).push(record);
          for (const householdId of pageRun.note(change.entity, record as Household | Person, storedHousehold.get(record.id))) readBack.add(householdId);
        }
        await Promise.all([
          db.households.bulkPut(merged.households),
          db.persons.bulkPut(merged.persons),
          db.visits.bulkPut(merged.visits),
          db.meta.put({ key: SYNC_META_KEYS.cursor, value: cursor }),
        ]);
        // After the puts: these reads must see this page's records.
        await refreshSearch([...readBack]);
      });
    },

    async recordsToRefetch() {
      return (await getMeta<RecordRef[]>(SYNC_META_KEYS.refetch)) ?? [];
    },

    async applyRefetched(changes, asked) {
      await db.transaction('rw', [db.households, db.persons, db.visits, db.outbox, db.householdSearch, db.meta], async () => {
        const unsent = unsentByRecord(await db.outbox.where('recordId').anyOf(changes.map((change) => change.record.id)).toArray());
        await dropWorkOfErased(changes, unsent);
        const households = new Set<string>();
        for (const change of changes) {
          const table = tableOf(change.entity);
          const fromServer = change.record as SyncMeta & { householdId?: string };
          const before = await table.get(fromServer.id);
          // A newer version already here (a pull of another tab or the service worker, where the sync
          // lock is missing) is not taken back to an older one.
          if (before && before.version > fromServer.version) continue;
          const entries = unsent.get(fromServer.id);
          const record = entries ? withUnsentChanges(fromServer, entries) : fromServer;
          if (change.entity === 'household') households.add(record.id);
          if (change.entity === 'person') {
            // The household the person was shown in on the phone loses their name if they moved.
            if (before?.householdId) households.add(before.householdId);
            households.add(record.householdId!);
          }
          await table.put(record);
        }
        await refreshSearch([...households]);
        const left = ((await getMeta<RecordRef[]>(SYNC_META_KEYS.refetch)) ?? []).filter((ref) => !asked.some((done) => sameRecord(ref, done)));
        if (left.length > 0) await db.meta.put({ key: SYNC_META_KEYS.refetch, value: left });
        else await db.meta.delete(SYNC_META_KEYS.refetch);
      });
    },

    async setCommuneName(name) {
      await db.transaction('rw', db.meta, async () => {
        const session = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        if (session) await db.meta.put({ key: SYNC_META_KEYS.session, value: { ...session, communeName: name } });
      });
    },

    async refreshVillages(villages) {
      await db.transaction('rw', db.villages, async () => {
        const onPhone = new Map((await db.villages.toArray()).map((village) => [village.id, village]));
        const changed = villages
          .map(storedVillage)
          .filter((v) => {
            const had = onPhone.get(v.id);
            return had && (had.name !== v.name || had.code !== v.code || had.expectedHouseholds !== v.expectedHouseholds);
          });
        // Written only when something differs: every screen reading villages redraws on a write.
        if (changed.length > 0) await db.villages.bulkPut(changed);
      });
    },

    async replaceVillages(villages) {
      await db.transaction('rw', [db.villages, db.households, db.persons, db.visits, db.householdSearch, db.outbox, db.meta], async () => {
        const serverIds = new Set(villages.map((v) => v.id));
        const waiting = await db.outbox.toArray();
        const withUnsent = new Set(waiting.map((entry) => entry.villageId));
        const onPhone = await db.villages.toArray();
        // A village the server does not list goes, with its records, unless it holds unsent work: that
        // and the records it names stay (shown as "not on the server") until sent or exported. Villages
        // without unsent work are demo data or a previous account's, which the server still has.
        const gone = onPhone.filter((v) => !serverIds.has(v.id));
        await deleteVillageData(gone.filter((v) => !withUnsent.has(v.id)).map((v) => v.id));
        await trimVillageData(gone.filter((v) => withUnsent.has(v.id)).map((v) => v.id), waiting);
        await db.villages.bulkPut(villages.map(storedVillage));
        const session = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        if (session) await db.meta.put({ key: SYNC_META_KEYS.session, value: { ...session, user: { ...session.user, villageIds: [...serverIds] } } });
        const selected = await getMeta<string>(META_KEYS.selectedVillageId);
        const remaining = new Set((await db.villages.toArray()).map((v) => v.id));
        if (!selected || !remaining.has(selected)) {
          const first = villages[0]?.id ?? [...remaining][0];
          if (first) await db.meta.put({ key: META_KEYS.selectedVillageId, value: first });
          else await db.meta.delete(META_KEYS.selectedVillageId);
        }
      });
    },

    async setLastSyncAt(iso) {
      await db.meta.put({ key: SYNC_META_KEYS.lastSyncAt, value: iso });
    },
  };

  /** The API client's GzipMemory (src/sync/api.ts): kept beside the session. */
  const gzipMemory = {
    serverReadsGzip: async () => (await getMeta<boolean>(SYNC_META_KEYS.serverReadsGzip)) === true,
    setServerReadsGzip: async (reads: boolean) => {
      await db.meta.put({ key: SYNC_META_KEYS.serverReadsGzip, value: reads });
    },
  };

  return {
    ...store,
    ...gzipMemory,

    /** Everything not yet accepted by the server: pending and parked entries of every village. */
    unsentCount: () => db.outbox.count(),

    /**
     * Starts a session. A different account than the last one starts its pull from the beginning, and
     * the app lock of the one before goes: its PIN (and a lockout it caused) is that person's, and the
     * new one sets their own. Says whether the account is another one.
     */
    async startSession(session: StoredSession): Promise<{ otherAccount: boolean }> {
      return db.transaction('rw', db.meta, async () => {
        const previous = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        const lastUserId = await getMeta<string>('lastUserId');
        const otherAccount = Boolean((previous && previous.user.id !== session.user.id) || (lastUserId && lastUserId !== session.user.id));
        if (otherAccount) await db.meta.bulkDelete([SYNC_META_KEYS.cursor, SYNC_META_KEYS.refetch, LOCK_KEY, ...(await restoreRecoveryKeys())]);
        await db.meta.put({ key: SYNC_META_KEYS.session, value: session });
        await db.meta.put({ key: 'lastUserId', value: session.user.id });
        return { otherAccount };
      });
    },

    /**
     * Moves the work of a village made on this phone (the server does not know it, so nothing of it can
     * be sent) into one of the account's villages: its households, persons and visits, their search
     * entries and their unsent changes, which the next sync then sends. Only a village none of whose
     * records the server has (all at version 0): one that holds server records is a server village no
     * longer assigned, which the office assigns again instead. The phone's village then goes.
     */
    async moveLocalVillage(fromVillageId: string, toVillageId: string): Promise<void> {
      await db.transaction('rw', [db.villages, db.households, db.persons, db.visits, db.householdSearch, db.outbox, db.meta], async () => {
        const session = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        if (!session || !session.user.villageIds.includes(toVillageId) || session.user.villageIds.includes(fromVillageId)) {
          throw new Error('moveLocalVillage: only from a village the account does not have into one it has');
        }
        const madeHere = await villagesMarkedMadeHere(db);
        if (!(await madeOnThisPhone(db, fromVillageId, madeHere))) {
          throw new Error('moveLocalVillage: not a village made on this phone (the server has it, or had records of it)');
        }
        await Promise.all([
          ...[db.households, db.persons, db.visits].map((table) => (table as typeof db.households).where('villageId').equals(fromVillageId).modify({ villageId: toVillageId })),
          db.householdSearch.where('villageId').equals(fromVillageId).modify({ villageId: toVillageId }),
          db.outbox.filter((entry) => entry.villageId === fromVillageId).modify({ villageId: toVillageId }),
          db.villages.delete(fromVillageId),
        ]);
        if ((await getMeta<string>(META_KEYS.selectedVillageId)) === fromVillageId) await db.meta.put({ key: META_KEYS.selectedVillageId, value: toVillageId });
        if (madeHere) await db.meta.put({ key: META_KEYS.villagesMadeHere, value: madeHere.filter((id) => id !== fromVillageId) });
      });
    },

    /**
     * Ends the session. Only with nothing unsent (the caller checks too; this re-checks inside the
     * transaction so a save racing the logout cannot be lost): then the villages downloaded for this
     * account are removed from the phone (a lost phone holds no one's data), local-only ones stay.
     * Returns the number of unsent entries when it refused.
     */
    async endSession(): Promise<SignOutResult> {
      return db.transaction('rw', [db.villages, db.households, db.persons, db.visits, db.householdSearch, db.outbox, db.meta], async () => {
        // A recovery after a restore of the server still under way holds work no outbox entry shows yet.
        const [unsent, underWay] = await Promise.all([db.outbox.count(), recovering()]);
        if (underWay) return { ok: false as const, unsent, recovering: true as const };
        if (unsent > 0) return { ok: false as const, unsent };
        const session = await getMeta<StoredSession>(SYNC_META_KEYS.session);
        await deleteVillageData(session?.user.villageIds ?? []);
        await db.meta.bulkDelete([SYNC_META_KEYS.session, SYNC_META_KEYS.cursor, SYNC_META_KEYS.lastSyncAt, SYNC_META_KEYS.refetch, LOCK_KEY, ...(await restoreRecoveryKeys())]);
        const remaining = await db.villages.toArray();
        if (remaining.length > 0) await db.meta.put({ key: META_KEYS.selectedVillageId, value: remaining[0].id });
        else await db.meta.delete(META_KEYS.selectedVillageId);
        return { ok: true as const };
      });
    },

    /**
     * "Thử lại": a parked change goes back into the queue, in its original place, carrying the record's
     * values as they are now on the phone — so a member who corrected what the server refused (a value
     * saved by an older version of the app, text it cannot store) can send the correction — under a new
     * mutation id (its content changed; a refused id was never applied, [PU6]). A refused creation
     * carries the whole record, and the record's later changes, which the server could not take without
     * it, are folded into it; when it is a household's, the changes of its members and visits refused for
     * want of it (REFERENCE_NOT_FOUND) go back into the queue too. A deletion is sent again as it was.
     */
    async retryParked(seq: number): Promise<void> {
      await db.transaction('rw', [db.outbox, db.households, db.persons, db.visits], async () => {
        const entry = await db.outbox.get(seq);
        if (!entry || entry.state !== 'parked') return;
        const record = await tableOf(entry.entity).get(entry.recordId);
        if (entry.op === 'delete' || !record) {
          await db.outbox.update(seq, { state: 'pending', error: undefined });
          return;
        }
        const { id: _id, villageId: _villageId, version: _version, deleted: _deleted, updatedAt, ...current } = record as unknown as Record<string, unknown> & SyncMeta;
        const creation = createsRecord(entry);
        // Absent now (an optional field cleared since) travels as null, as the repository sends it.
        const fields = creation ? current : Object.fromEntries(Object.keys(entry.fields).map((key) => [key, current[key] ?? null]));
        if (creation) {
          const later = (await db.outbox.where('recordId').equals(entry.recordId).toArray()).filter((other) => other.seq! > seq && other.op !== 'delete');
          await db.outbox.bulkDelete(later.map((other) => other.seq!));
          if (entry.entity === 'household') await requeueWaitingFor(entry.recordId);
        }
        await db.outbox.update(seq, { state: 'pending', error: undefined, mutationId: newId(), fields, clientTime: updatedAt });
      });
    },

    /**
     * "Bỏ thay đổi này": the change is dropped, and the phone's copy of the record follows what the server
     * has:
     * - a refused creation of a record the phone never received from the server: the server has nothing
     *   of it, so the record goes, with its later changes (which the server could not take without it),
     *   and for a household, with the members and visits recorded in it on this phone since;
     * - an edit refused because the server had deleted the record (RECORD_DELETED): the edit had brought
     *   it back on this phone; it is deleted again.
     * Any other change: the record shows it until the next sync fetches the server's copy [PL7] (with the
     * record's other unsent changes laid on top). (A record stays at version 0 after its creation was
     * taken until a pull brings it, so the version alone does not tell a refused creation.)
     */
    async discardParked(seq: number): Promise<void> {
      await db.transaction('rw', [db.outbox, db.households, db.persons, db.visits, db.householdSearch, db.meta], async () => {
        const entry = await db.outbox.get(seq);
        if (!entry || entry.state !== 'parked') return;
        await db.outbox.delete(seq);
        const table = tableOf(entry.entity);
        const record = await table.get(entry.recordId);
        if (!record) return;
        const householdId = entry.entity === 'household' ? entry.recordId : record.householdId;
        if (createsRecord(entry) && record.version === 0) {
          await dropLocalRecord(entry.entity, entry.recordId);
          if (entry.entity === 'household') {
            const [persons, visits] = await Promise.all([db.persons.where('householdId').equals(entry.recordId).toArray(), db.visits.where('householdId').equals(entry.recordId).toArray()]);
            for (const person of persons.filter((p) => p.version === 0)) await dropLocalRecord('person', person.id);
            for (const visit of visits.filter((v) => v.version === 0)) await dropLocalRecord('visit', visit.id);
          }
        } else {
          // The server has the record; the phone's copy still shows the discarded change, which a pull
          // brings back only once the record changes on the server again. The next sync fetches the
          // server's copy [PL7]. A deletion the server made is shown at once (works offline too).
          await rememberToRefetch({ entity: entry.entity, id: entry.recordId });
          if (entry.error?.code !== 'RECORD_DELETED' || record.deleted) return;
          await table.put({ ...record, deleted: true });
        }
        if (householdId && entry.entity !== 'visit') await refreshSearch([householdId]);
      });
    },
  };
}

export type DexieSyncStore = ReturnType<typeof createSyncStore>;
