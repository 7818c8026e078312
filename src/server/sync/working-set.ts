// The records and mutation ids one push touches, loaded in a few queries up front (not one per mutation)
// and kept current as the push applies its mutations, so later mutations see earlier ones.
import type { Entity } from '../../shared/statuses';
import { ENTITIES } from '../../shared/statuses';
import type { MutationResult } from '../../shared/protocol';
import type { Queryable } from '../db/database';
import { loadRecords, type StoredRecord } from './records';

export interface AppliedMutation {
  userId: string;
  result: MutationResult;
  /** What the mutation was: a relayed copy (a device backup imported at the office) must match it. */
  entity: string;
  recordId: string;
  clientTime: number;
}

export class WorkingSet {
  private readonly records = new Map<string, StoredRecord>();
  private readonly applied = new Map<string, AppliedMutation>();

  get(entity: Entity, id: string): StoredRecord | undefined {
    return this.records.get(`${entity}:${id}`);
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

/** Ids a raw (not yet validated) mutation may need: its record and the records its fields point at. */
function wantedIds(raw: Record<string, unknown>, want: Record<Entity, Set<string>>): void {
  const entity = raw.entity as Entity;
  if (typeof raw.recordId === 'string' && want[entity]) want[entity].add(raw.recordId);
  const fields = raw.fields;
  if (fields && typeof fields === 'object') {
    const { householdId, personId } = fields as Record<string, unknown>;
    if (typeof householdId === 'string') want.household.add(householdId);
    if (typeof personId === 'string') want.person.add(personId);
  }
}

export async function loadWorkingSet(q: Queryable, mutations: readonly Record<string, unknown>[]): Promise<WorkingSet> {
  const set = new WorkingSet();
  const want: Record<Entity, Set<string>> = { household: new Set(), person: new Set(), visit: new Set() };
  for (const raw of mutations) wantedIds(raw, want);
  for (const entity of ENTITIES) {
    for (const record of await loadRecords(q, entity, [...want[entity]])) set.put(record);
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
