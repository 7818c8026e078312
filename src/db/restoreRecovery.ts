// After the server's database was restored from a backup (a pull answers `restored`, sync [PL8]), this
// phone may hold the only copy of work the server had acknowledged after that backup was taken: newer
// versions of records, and records created since. A pull from the beginning would lay the server's
// older copies over them. Instead, while that pull runs, each record the phone holds in a newer version
// than the one pulled goes back into the outbox as a change of the fields that differ; and at the end
// of the run, records the server no longer has at all go back as creations. The phone's values stay on
// screen meanwhile (laid over the pulled records like any unsent change).
//
// A change sent back carries the phone's own version as its base, which the restored server never had:
// every field is then judged by time ([PC6]), so a change made on another phone after the restore, later
// than the phone's copy, is not undone (it becomes a conflict for review where the values differ).
import { householdFieldsSchema, personFieldsSchema, visitFieldsSchema } from '../shared/schemas';
import type { PullChange } from '../shared/protocol';
import type { Entity } from '../shared/statuses';
import type { SyncMeta } from '../shared/types';
import { changedFields } from './changes';
import type { OutboxEntry } from './database';

/** Meta key: set while a pull after a restore has not finished (it survives a sync that fails midway). */
export const RESTORE_RECOVERY_KEY = 'restoreRecovery';
/** Meta keys holding, one per page, the ids that pull brought (the records the restored server has). */
export const RESTORE_SEEN_PREFIX = 'restoreSeen.';

export const FIELD_KEYS: Record<Entity, readonly string[]> = {
  household: Object.keys(householdFieldsSchema.shape),
  person: Object.keys(personFieldsSchema.shape),
  visit: Object.keys(visitFieldsSchema.shape),
};

/**
 * Outbox entries that send back what the phone held in a newer version than the pulled one. `before`:
 * the phone's records as they were before this page (unsent changes already laid on them); `unsent`:
 * the entries still waiting per record, whose fields go anyway and are not repeated.
 */
export function newerOnPhone(changes: readonly PullChange[], before: ReadonlyMap<string, SyncMeta>, unsent: ReadonlyMap<string, readonly OutboxEntry[]>, newId: () => string): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const change of changes) {
    const pulled = change.record as SyncMeta;
    const local = before.get(pulled.id);
    if (!local || local.version <= pulled.version || pulled.deleted) continue;
    const waiting = new Set((unsent.get(pulled.id) ?? []).flatMap((entry) => Object.keys(entry.fields)));
    const base = { mutationId: newId(), entity: change.entity, recordId: pulled.id, villageId: pulled.villageId, baseVersion: local.version, creates: false, clientTime: local.updatedAt, state: 'pending' as const };
    if (local.deleted) {
      entries.push({ ...base, op: 'delete', fields: {} });
      continue;
    }
    const differing = changedFields(pulled as unknown as Record<string, unknown>, local as unknown as Record<string, unknown>, FIELD_KEYS[change.entity]);
    for (const field of waiting) delete differing[field];
    if (Object.keys(differing).length > 0) entries.push({ ...base, op: 'upsert', fields: differing });
  }
  return entries;
}

/**
 * Creations for records the phone holds from the server (version > 0, not deleted) that the pull after
 * the restore did not bring: the server lost them with the restore. Households first, then persons,
 * then visits, so each arrives after what it points at. (A change of such a record still waiting from
 * before is refused as RECORD_NOT_FOUND and parked; the creation, queued after it, carries its values.)
 */
export function lostOnServer(records: Record<Entity, readonly SyncMeta[]>, seen: ReadonlySet<string>, newId: () => string): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const entity of ['household', 'person', 'visit'] as const) {
    for (const record of records[entity]) {
      if (record.version <= 0 || record.deleted || seen.has(record.id)) continue;
      entries.push({
        mutationId: newId(), entity, recordId: record.id, villageId: record.villageId, op: 'upsert', baseVersion: 0, creates: true,
        fields: changedFields(undefined, record as unknown as Record<string, unknown>, FIELD_KEYS[entity]), clientTime: record.updatedAt, state: 'pending',
      });
    }
  }
  return entries;
}
