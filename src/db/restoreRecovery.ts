// After the server's database was restored from a backup (sync [PL8], [PU12]), this phone may hold the
// only copy of work the server had acknowledged after that backup was taken: newer values of records,
// and records created since. A pull from the beginning would lay the server's older copies over them.
// Instead, while the phone is recovering, it pushes nothing until that pull is done:
// - each pulled record the phone holds newer goes back into the outbox as a change of the fields that
//   differ (and its deletion, if the phone has it deleted);
// - at the end, records of the account's villages that the pull did not bring go back as creations,
//   households first, ahead of everything else waiting, so a change pointing at one of them (a person
//   moved into a household made after the backup) arrives after it.
// The phone's values stay on screen meanwhile (laid over the pulled records like any unsent change).
//
// Versions cannot tell which copy is newer: the restored server numbers its writes again from the
// backup's versions. What the phone sends back has base version 0, so the server judges every field by
// time ([PC2]/[PC3]): a change another phone made after the restore, later than the phone's copy, is not
// undone, and where the values differ a conflict is kept for review. Changes that were waiting before
// the restore are rebased the same way when recovery starts.
import { householdFieldsSchema, personFieldsSchema, visitFieldsSchema } from '../shared/schemas';
import type { PullChange } from '../shared/protocol';
import type { Entity } from '../shared/statuses';
import type { SyncMeta } from '../shared/types';
import { changedFields } from './changes';
import { createsRecord, type OutboxEntry } from './database';

/** Meta key: set while a pull after a restore has not finished (it survives a sync that fails midway). */
export const RESTORE_RECOVERY_KEY = 'restoreRecovery';
/** Meta keys holding, one per page, the ids that pull brought (the records the restored server has). */
export const RESTORE_SEEN_PREFIX = 'restoreSeen.';

export const FIELD_KEYS: Record<Entity, readonly string[]> = {
  household: Object.keys(householdFieldsSchema.shape),
  person: Object.keys(personFieldsSchema.shape),
  visit: Object.keys(visitFieldsSchema.shape),
};

const asFields = (record: SyncMeta) => record as unknown as Record<string, unknown>;

/**
 * Whether the phone's copy is newer than the pulled one. Without changes waiting on the phone both
 * `updatedAt` are the server's clock when the copies were written (or the phone's, for a change the
 * server acknowledged and no pull brought back), and a later one is newer although the restore may have
 * numbered the versions again. A waiting change sets the phone's copy to its own time, which says
 * nothing about the rest of the record: then only a higher version tells.
 */
function newerHere(local: SyncMeta, pulled: SyncMeta, hasWaiting: boolean): boolean {
  return local.version > pulled.version || (!hasWaiting && local.updatedAt > pulled.updatedAt);
}

/**
 * Outbox entries that send back what the phone holds newer than the pulled records. `before`: the
 * phone's records as they were before this page (unsent changes already laid on them); `unsent`: the
 * entries still waiting per record, whose fields go anyway and are not repeated.
 */
export function newerOnPhone(changes: readonly PullChange[], before: ReadonlyMap<string, SyncMeta>, unsent: ReadonlyMap<string, readonly OutboxEntry[]>, newId: () => string): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const change of changes) {
    const pulled = change.record as SyncMeta;
    const local = before.get(pulled.id);
    if (!local || pulled.deleted) continue;
    const waiting = unsent.get(pulled.id) ?? [];
    const base = { entity: change.entity, recordId: pulled.id, villageId: pulled.villageId, baseVersion: 0, creates: false, clientTime: local.updatedAt, state: 'pending' as const };
    // There is no undelete: a record deleted here was deleted for good, whatever the versions say.
    const deletedHere = local.deleted && !waiting.some((entry) => entry.op === 'delete');
    if (!deletedHere && !newerHere(local, pulled, waiting.length > 0)) continue;
    const differing = changedFields(asFields(pulled), asFields(local), FIELD_KEYS[change.entity]);
    for (const field of waiting.flatMap((entry) => Object.keys(entry.fields))) delete differing[field];
    // A tombstone keeps its last values (an erased person's placeholders): they go before the deletion.
    if (Object.keys(differing).length > 0) entries.push({ ...base, mutationId: newId(), op: 'upsert', fields: differing });
    if (deletedHere) entries.push({ ...base, mutationId: newId(), op: 'delete', fields: {} });
  }
  return entries;
}

/**
 * Creations for the records of the account's villages that the pull after the restore did not bring and
 * that no waiting creation will send: the server lost them. A record at version 0 without a waiting
 * creation is one whose creation the server had acknowledged before a pull brought it back. A record the
 * phone has deleted goes back as its creation and its deletion, so that another phone's copy of it,
 * sent back too, does not bring it back to life. Households first, then persons, then visits, so each
 * arrives after what it points at; the changes of theirs still waiting are folded into them.
 */
export function lostOnServer(
  records: Record<Entity, readonly SyncMeta[]>,
  seen: ReadonlySet<string>,
  villageIds: ReadonlySet<string>,
  waiting: ReadonlyMap<string, readonly OutboxEntry[]>,
  newId: () => string,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const entity of ['household', 'person', 'visit'] as const) {
    for (const record of records[entity]) {
      if (seen.has(record.id) || !villageIds.has(record.villageId)) continue;
      const own = waiting.get(record.id) ?? [];
      // Made on this phone and not yet acknowledged: its own creation is still waiting (its later
      // changes go with it). Otherwise the server had it, whatever its version here: a tombstone at
      // version 0 is a creation and a deletion the server acknowledged before any pull brought them.
      if (own.some(createsRecord)) continue;
      const base = { entity, recordId: record.id, villageId: record.villageId, baseVersion: 0, clientTime: record.updatedAt, state: 'pending' as const };
      entries.push({ ...base, mutationId: newId(), op: 'upsert', creates: true, fields: changedFields(undefined, asFields(record), FIELD_KEYS[entity]) });
      if (record.deleted) entries.push({ ...base, mutationId: newId(), op: 'delete', creates: false, fields: {} });
    }
  }
  return entries;
}
