// A household deleted by a push takes its living members and visits with it ([PD3]). The phone that
// deletes a household deletes the members and visits it knows in the same push; a member another phone
// added meanwhile would otherwise stay alive under a tombstone: counted in the indicators, shown on no
// list, and beyond anyone's reach to remove.
import type { Queryable } from '../db/database';
import type { PendingWrite } from './batch-write';
import { loadRecords } from './records';

/** Adds to `pending` a tombstone of every living person and visit of the households this push deleted. */
export async function cascadeHouseholdDeletions(q: Queryable, pending: Map<string, PendingWrite>, deletedHouseholds: ReadonlySet<string>, now: string): Promise<void> {
  if (deletedHouseholds.size === 0) return;
  const households = [...deletedHouseholds];
  for (const [entity, table] of [['person', 'persons'], ['visit', 'visits']] as const) {
    const rows = await q.query<{ id: string }>(`SELECT id FROM ${table} WHERE household_id = ANY($1) AND NOT deleted`, [households]);
    const living = rows.map((row) => row.id).filter((id) => !pending.get(`${entity}:${id}`)?.record.deleted);
    for (const record of await loadRecords(q, entity, living)) {
      const key = `${entity}:${record.id}`;
      // Changed earlier in this push: its final state is the one to delete.
      const current = pending.get(key)?.record ?? record;
      if (!deletedHouseholds.has(String(current.fields.householdId))) continue; // moved out in this push
      pending.set(key, { record: { ...current, deleted: true, version: current.version + 1, updatedAt: now }, isNew: pending.get(key)?.isNew ?? false });
    }
  }
}
