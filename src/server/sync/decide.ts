// What one mutation does, decided without touching the database (the push writes the outcome). Numbered
// comments follow docs/sync-protocol.md. Any rejection is thrown as an AppError before anything is
// written, so a rejected mutation changes nothing and the others of the batch still apply. [PU6]
import { fieldSchemas, wholeSchemaFor } from '../../shared/schemas';
import { mutationSchema, isEntity, type MutationResult } from '../../shared/protocol';
import type { Entity } from '../../shared/statuses';
import type { AuthContext } from '../auth/roles';
import { AppError } from '../http/app-error';
import { zodIssuesToError } from '../http/validate';
import { mergeFields, type ConflictNote } from './merge-rule';
import { checkReferencePlace, REFERENCE_FIELDS } from './references';
import type { StoredRecord } from './records';
import type { WorkingSet } from './working-set';

export interface PushScope {
  auth: AuthContext;
  deviceId: string;
  now: Date;
}

export type Decision =
  | { kind: 'duplicate'; result: MutationResult }
  | { kind: 'apply'; record: StoredRecord; isNew: boolean; changed: boolean; conflicts: ConflictNote[] };

/**
 * The same change arriving through another account: a phone's backup imported at the office first, then
 * the phone syncing itself (or the other way round). It is the same mutation — same record, same
 * clientTime — of a village the caller may write, so it is a duplicate, not a reused id. [PU2]
 */
function isSameMutationRelayed(before: NonNullable<ReturnType<WorkingSet['appliedBefore']>>, mutation: { entity: string; recordId: string; villageId: string; clientTime: string }, set: WorkingSet, scope: PushScope): boolean {
  const record = set.get(mutation.entity as StoredRecord['entity'], mutation.recordId);
  return (
    before.entity === mutation.entity &&
    before.recordId === mutation.recordId &&
    before.clientTime === Date.parse(mutation.clientTime) &&
    record?.villageId === mutation.villageId &&
    scope.auth.villageIds.includes(mutation.villageId)
  );
}

export function decide(raw: Record<string, unknown>, set: WorkingSet, scope: PushScope): Decision {
  // 1. The entity first, so an unknown one gets its own code. [PU3]
  if (!isEntity(raw.entity)) throw new AppError('UNKNOWN_ENTITY');
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) throw zodIssuesToError(parsed.error);
  const mutation = parsed.data;

  // 2. A mutation id seen before: answer as the first time, change nothing. [PU2]
  const before = set.appliedBefore(mutation.id);
  if (before) {
    if (before.userId !== scope.auth.userId && !isSameMutationRelayed(before, mutation, set, scope)) throw new AppError('MUTATION_ID_REUSED');
    return { kind: 'duplicate', result: { ...before.result, id: mutation.id, status: 'duplicate' } };
  }

  // 3. Only the caller's villages, and a record never moves to another village. [PU7]
  if (!scope.auth.villageIds.includes(mutation.villageId)) throw new AppError('FORBIDDEN_VILLAGE');
  const stored = set.get(mutation.entity, mutation.recordId);
  if (stored && (stored.communeId !== scope.auth.communeId || !scope.auth.villageIds.includes(stored.villageId))) {
    throw new AppError('FORBIDDEN_VILLAGE');
  }
  if (stored && stored.villageId !== mutation.villageId) throw new AppError('VILLAGE_CHANGE_NOT_ALLOWED');

  const clientTime = new Date(mutation.clientTime).toISOString();
  const stamp = { v: (stored?.version ?? 0) + 1, ct: clientTime, st: scope.now.toISOString(), m: mutation.id, d: scope.deviceId };

  // 4. Delete: a tombstone that keeps the fields; deleting a tombstone again changes nothing. [PD1]
  if (mutation.op === 'delete') {
    if (!stored) throw new AppError('RECORD_NOT_FOUND');
    if (stored.deleted) return { kind: 'apply', record: stored, isNew: false, changed: false, conflicts: [] };
    return { kind: 'apply', record: { ...stored, deleted: true, version: stamp.v, updatedAt: stamp.st }, isNew: false, changed: true, conflicts: [] };
  }

  // 5. Upsert: `null` clears a field; the changed fields must pass the entity's change schema. [PU4]
  if (stored?.deleted) throw new AppError('RECORD_DELETED'); // [PD2] a deletion wins over later edits

  if (!stored) {
    // 6. A new record must be whole; a partial one means its creation has not arrived. [PU5]
    if (mutation.baseVersion > 0) {
      validChange(mutation.entity, mutation.fields); // a bad value is named first, as for any change
      throw new AppError('RECORD_NOT_FOUND');
    }
    const fields = validNewRecord(mutation.entity, mutation.fields);
    checkReferences(mutation.entity, mutation.villageId, fields, Object.keys(fields), set, scope);
    const fieldMeta = Object.fromEntries(Object.keys(fields).map((field) => [field, stamp]));
    const record: StoredRecord = {
      entity: mutation.entity, id: mutation.recordId, communeId: scope.auth.communeId, villageId: mutation.villageId,
      version: 1, deleted: false, updatedAt: stamp.st, changeSeq: 0, fieldMeta, fields,
    };
    return { kind: 'apply', record, isNew: true, changed: true, conflicts: [] };
  }

  // 7. An existing record: merge field by field [PC1]–[PC3], then re-check the whole record.
  const change = validChange(mutation.entity, mutation.fields);
  // Every reference the phone sent, taken or not: one that loses to a later change is still kept in a
  // conflict record, and a reviewer may choose it ([CR2]).
  checkReferences(mutation.entity, stored.villageId, change, Object.keys(change), set, scope);
  const merged = mergeFields(stored, { mutationId: mutation.id, deviceId: scope.deviceId, clientTime, baseVersion: mutation.baseVersion, fields: change });
  if (merged.taken.length === 0) {
    if (merged.conflicts.length === 0) return { kind: 'apply', record: stored, isNew: false, changed: false, conflicts: [] };
    // Every field lost to a later change of another device ([PC3]). The phone may be showing its own
    // value, laid over a page it pulled while this change waited; a new version and change number (no
    // field changes) makes it pull the server's value back instead of keeping the loser for good. [PU10]
    return { kind: 'apply', record: { ...stored, version: stamp.v, updatedAt: stamp.st }, isNew: false, changed: true, conflicts: merged.conflicts };
  }
  const fields = validWhole(mutation.entity, merged.fields, false, merged.taken);
  const fieldMeta = { ...stored.fieldMeta };
  for (const field of merged.taken) fieldMeta[field] = stamp;
  const record = { ...stored, version: stamp.v, updatedAt: stamp.st, fieldMeta, fields };
  return { kind: 'apply', record, isNew: false, changed: true, conflicts: merged.conflicts };
}

/**
 * A new record's fields, checked once against the whole-record schema. Both schemas are strict, share
 * their field rules and only trim, so a record that passes gives what the change-then-whole route below
 * gives; that route runs when it fails, so a refused creation gets the same error as before. Most of a
 * first sync is creations, and this halves their validation. A creation carrying a `null` takes the
 * change route: only the change schema knows which keys may be cleared (an unknown key sent as null is
 * UNKNOWN_FIELD there, and would simply vanish here).
 */
function validNewRecord(entity: Entity, raw: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(raw).includes(null)) {
    const result = fieldSchemas[entity].whole.safeParse(raw);
    if (result.success) return result.data as Record<string, unknown>;
  }
  return validWhole(entity, validChange(entity, raw), true);
}

function validChange(entity: Entity, raw: Record<string, unknown>): Record<string, unknown> {
  const input = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, value === null ? undefined : value]));
  const result = fieldSchemas[entity].change.safeParse(input);
  if (!result.success) throw zodIssuesToError(result.error);
  const parsed = result.data as Record<string, unknown>;
  return Object.fromEntries(Object.keys(raw).map((key) => [key, raw[key] === null ? undefined : parsed[key]]));
}

function validWhole(entity: Entity, fields: Record<string, unknown>, isNew: boolean, touched?: readonly string[]): Record<string, unknown> {
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  // A change is held to the rules of what it touches (a household stored before the consent rule still
  // takes an address change); a creation to all of them.
  const result = (touched ? wholeSchemaFor(entity, touched) : fieldSchemas[entity].whole).safeParse(present);
  if (result.success) return result.data as Record<string, unknown>;
  // Keys the schema needs that are not there (not a cross-field rule's 'custom' issue, such as consent
  // given without its date: that is a bad record, not a creation still to come).
  const missing = result.error.issues.every((issue) => issue.code !== 'custom' && issue.path.length === 1 && !(String(issue.path[0]) in present));
  if (isNew && missing) {
    const fields = Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), 'validation.required']));
    throw new AppError('RECORD_NOT_FOUND', fields);
  }
  throw zodIssuesToError(result.error);
}

/** [PU8] householdId / personId must name a record of the same village of this commune (references.ts). */
function checkReferences(entity: Entity, villageId: string, fields: Record<string, unknown>, changed: string[], set: WorkingSet, scope: PushScope) {
  for (const [field, target] of Object.entries(REFERENCE_FIELDS[entity] ?? {})) {
    const id = fields[field];
    if (typeof id !== 'string' || !changed.includes(field)) continue;
    checkReferencePlace(field, set.place(target, id), scope.auth.communeId, villageId);
  }
}
