// The records and mutation ids one push touches, loaded in a few queries up front (not one per mutation)
// and kept current as the push applies its mutations, so later mutations see earlier ones. A record the
// push only points at (a person's household) is loaded as its place alone, commune and village: that is
// all the reference check reads, and a first sync points at hundreds of households of earlier batches.
import type { Entity } from '../../shared/statuses';
import { ENTITIES } from '../../shared/statuses';
import { isEntity, type MutationResult } from '../../shared/protocol';
import type { Queryable } from '../db/database';
import { ENTITY_DEFS } from './entities';
import { loadRecords, type StoredRecord } from './records';

export interface AppliedMutation {
  userId: string;
  result: MutationResult;
  /** What the mutation was: a relayed copy (a device backup imported at the office) must match it. */
  entity: string;
  recordId: string;
  clientTime: number;
}

/** Where a record is, and whether it is deleted: what a reference to it must match. [PU8] */
export interface RecordPlace {
  communeId: string;
  villageId: string;
  deleted: boolean;
}

export class WorkingSet {
  private readonly records = new Map<string, StoredRecord>();
  private readonly places = new Map<string, RecordPlace>();
  private readonly applied = new Map<string, AppliedMutation>();

  get(entity: Entity, id: string): StoredRecord | undefined {
    return this.records.get(`${entity}:${id}`);
  }

  /** The record's place, whether it was loaded whole or only as a target of references. */
  place(entity: Entity, id: string): RecordPlace | undefined {
    return this.records.get(`${entity}:${id}`) ?? this.places.get(`${entity}:${id}`);
  }

  putPlace(entity: Entity, id: string, place: RecordPlace): void {
    this.places.set(`${entity}:${id}`, place);
  }

  put(record: StoredRecord): void {
    this.records.set(`${record.entity}:${record.id}`, record);
  }

  appliedBefore(mutationId: string): AppliedMutation | undefined {
    return this.applied.get(mutationId);
  }

  markApplied(mutationId: string, applied: AppliedMutation): void {
    this.applied.set(mutationId, applied);
  }
}

type IdsByEntity = Record<Entity, Set<string>>;
const noIds = (): IdsByEntity => ({ household: new Set(), person: new Set(), visit: new Set() });

/** Ids a raw (not yet validated) mutation may need: its record, and the records its fields point at. */
function wantedIds(raw: Record<string, unknown>, records: IdsByEntity, targets: IdsByEntity): void {
  // Not validated yet: "constructor" or "toString" would find Object's own members on a plain object.
  if (typeof raw.recordId === 'string' && isEntity(raw.entity)) records[raw.entity].add(raw.recordId);
  const fields = raw.fields;
  if (fields && typeof fields === 'object') {
    const { householdId, personId } = fields as Record<string, unknown>;
    if (typeof householdId === 'string') targets.household.add(householdId);
    if (typeof personId === 'string') targets.person.add(personId);
  }
}

export async function loadWorkingSet(q: Queryable, mutations: readonly Record<string, unknown>[]): Promise<WorkingSet> {
  const set = new WorkingSet();
  const records = noIds();
  const targets = noIds();
  for (const raw of mutations) wantedIds(raw, records, targets);
  for (const entity of ENTITIES) {
    for (const record of await loadRecords(q, entity, [...records[entity]])) set.put(record);
    const placesOnly = [...targets[entity]].filter((id) => !records[entity].has(id));
    if (placesOnly.length === 0) continue;
    const rows = await q.query<{ id: string; commune_id: string; village_id: string; deleted: boolean }>(
      `SELECT id, commune_id, village_id, deleted FROM ${ENTITY_DEFS[entity].table} WHERE id = ANY($1)`,
      [placesOnly],
    );
    for (const row of rows) set.putPlace(entity, row.id, { communeId: row.commune_id, villageId: row.village_id, deleted: row.deleted });
  }
  const ids = mutations.map((raw) => String(raw.id));
  const rows = await q.query<{ mutation_id: string; user_id: string; result: MutationResult; entity: string; record_id: string; client_time: unknown }>(
    `SELECT mutation_id, user_id, result, entity, record_id, client_time FROM applied_mutations WHERE mutation_id = ANY($1)`,
    [ids],
  );
  for (const row of rows) {
    set.markApplied(row.mutation_id, { userId: row.user_id, result: row.result, entity: row.entity, recordId: row.record_id, clientTime: new Date(String(row.client_time instanceof Date ? row.client_time.toISOString() : row.client_time)).getTime() });
  }
  return set;
}
