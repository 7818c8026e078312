// Rules [PC1]–[PC3] of docs/sync-protocol.md, as a pure function: which changed fields of an upsert are
// taken, which are kept as they are on the server, and which are conflicts to record for review.
import { sameValue } from '../../shared/sameValue';
import type { FieldMeta, StoredRecord } from './records';

export interface IncomingChange {
  mutationId: string;
  deviceId: string;
  /** Normalised to UTC ISO. */
  clientTime: string;
  baseVersion: number;
  /** Changed fields; `undefined` clears an optional field. */
  fields: Record<string, unknown>;
}

export interface ConflictNote {
  field: string;
  serverValue: unknown;
  clientValue: unknown;
  kept: 'server' | 'client';
  serverMeta: FieldMeta;
}

export interface MergeOutcome {
  /** The record's fields after the change (absent = cleared or never set). */
  fields: Record<string, unknown>;
  /** Fields whose stored value changes. */
  taken: string[];
  conflicts: ConflictNote[];
}

/** [PC3] Total order of changes to one field: clientTime, then mutation id to break exact ties. */
export function isLater(change: { clientTime: string; mutationId: string }, meta: FieldMeta): boolean {
  const a = Date.parse(change.clientTime);
  const b = Date.parse(meta.ct);
  return a !== b ? a > b : change.mutationId > meta.m;
}

export function mergeFields(stored: StoredRecord, change: IncomingChange): MergeOutcome {
  const fields = { ...stored.fields };
  const taken: string[] = [];
  const conflicts: ConflictNote[] = [];
  // [PC6] A base later than the record's version is one this server never had (it was restored from a
  // backup taken before): the versions after the backup were numbered again, so the base says nothing
  // about which of them the phone saw. Every field is then judged by [PC2]/[PC3], never taken on trust.
  const baseKnown = change.baseVersion <= stored.version;
  for (const [field, incoming] of Object.entries(change.fields)) {
    const current = stored.fields[field];
    const meta = stored.fieldMeta[field];
    // [PC1] The phone saw the field's current value (its base is at least the field's last change).
    const sawCurrent = !meta || (baseKnown && meta.v <= change.baseVersion);
    const sameDevice = meta?.d === change.deviceId;
    // [PC2][PC3] Otherwise the field changed on the server since the phone's base: the later clientTime
    // wins. One phone's own changes with equal clientTimes keep its outbox (= arrival) order.
    const wins = sawCurrent || (sameDevice ? Date.parse(change.clientTime) >= Date.parse(meta.ct) : isLater(change, meta));
    // Another device's different value is a conflict to review; the same device's own earlier change is
    // not (it arrives late or out of order, but the phone already knew it).
    if (!sawCurrent && !sameDevice && !sameValue(current, incoming)) {
      conflicts.push({ field, serverValue: current ?? null, clientValue: incoming ?? null, kept: wins ? 'client' : 'server', serverMeta: meta });
    }
    if (!wins) continue;
    // Taken even when the value is the same: phones send only fields they changed, so this is now the
    // field's latest change, and an older edit that arrives later must not undo it. [PU10]
    taken.push(field);
    if (incoming === undefined) delete fields[field];
    else fields[field] = incoming;
  }
  return { fields, taken, conflicts };
}
