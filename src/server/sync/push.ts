// POST /api/sync/push: apply a batch of mutations in one transaction (Actual Budget's rule: domain data and
// sync bookkeeping commit together or not at all). The per-mutation rules are in decide.ts.
import type { MutationResult, PushResponse } from '../../shared/protocol';
import type { Database } from '../db/database';
import { lockCommuneForWrites } from '../communes';
import { AppError } from '../http/app-error';
import { decide, type PushScope } from './decide';
import { writePending, type PendingWrite } from './batch-write';
import { loadWorkingSet, type WorkingSet } from './working-set';
import { noteRecordWrites } from './table-stats';
import { cascadeHouseholdDeletions } from './household-cascade';
import { insertAppliedMutations, insertConflicts, type AppliedRow, type ConflictRow } from './bookkeeping';

export async function applyPush(db: Database, scope: PushScope, mutations: Record<string, unknown>[]): Promise<PushResponse> {
  let written = 0;
  const response = await db.transaction(async (tx) => {
    // [PL4] One writer per commune at a time: change numbers commit in the order they are drawn.
    await lockCommuneForWrites(tx, scope.auth.communeId);
    const set = await loadWorkingSet(tx, mutations);
    const results: MutationResult[] = [];
    const applied: AppliedRow[] = [];
    const conflicts: ConflictRow[] = [];
    // Final state of every record this push changed, by entity:id (written once, at the end).
    const pending = new Map<string, PendingWrite>();
    const deletedHouseholds = new Set<string>();
    for (const raw of mutations) {
      results.push(applyOne(raw, scope, set, pending, applied, conflicts, deletedHouseholds));
    }
    await cascadeHouseholdDeletions(tx, pending, deletedHouseholds, scope.now.toISOString());
    await writePending(tx, pending.values(), scope.auth.userId);
    await insertAppliedMutations(tx, applied);
    await insertConflicts(tx, conflicts);
    written = pending.size;
    return { results };
  });
  // Statistics after the commit (table-stats.ts); a lost answer is still recovered by a retry. [PU6]
  await noteRecordWrites(db, written);
  return response;
}

function applyOne(
  raw: Record<string, unknown>,
  scope: PushScope,
  set: WorkingSet,
  pending: Map<string, PendingWrite>,
  applied: AppliedRow[],
  conflicts: ConflictRow[],
  deletedHouseholds: Set<string>,
): MutationResult {
  const id = String(raw.id);
  let decision;
  try {
    decision = decide(raw, set, scope);
  } catch (error) {
    // [PU6] A rejection is not recorded: it changed nothing, so a retry is simply judged again.
    if (error instanceof AppError) return { id, status: 'rejected', error: error.toApiError() };
    throw error;
  }
  if (decision.kind === 'duplicate') return decision.result;

  const { record } = decision;
  if (decision.changed) {
    const key = `${record.entity}:${record.id}`;
    // A record created earlier in this push is still an insert when changed again.
    pending.set(key, { record, isNew: decision.isNew || (pending.get(key)?.isNew ?? false) });
    set.put(record);
    if (record.entity === 'household' && record.deleted) deletedHouseholds.add(record.id);
  }
  const conflictFields = decision.conflicts.map((conflict) => conflict.field);
  const result: MutationResult =
    conflictFields.length > 0 ? { id, status: 'conflict', version: record.version, conflictFields } : { id, status: 'applied', version: record.version };
  for (const note of decision.conflicts) conflicts.push({ note, record, raw, scope });
  applied.push({ raw, record, result, scope });
  set.markApplied(id, { userId: scope.auth.userId, result, entity: record.entity, recordId: record.id, clientTime: Date.parse(String(raw.clientTime)) });
  return result;
}
