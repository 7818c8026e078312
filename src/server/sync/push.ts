// POST /api/sync/push: apply a batch of mutations in one transaction (Actual Budget's rule: domain data and
// sync bookkeeping commit together or not at all). Numbered comments follow docs/sync-protocol.md.
import type { MutationResult, PushResponse } from '../../shared/protocol';
import type { Database, Queryable } from '../db/database';
import { lockCommuneForWrites } from '../communes';
import { AppError } from '../http/app-error';
import { decide, type PushScope } from './decide';
import { writeRecord } from './records';
import { loadWorkingSet } from './working-set';
import { insertAppliedMutations, insertConflicts, type AppliedRow, type ConflictRow } from './bookkeeping';

export async function applyPush(db: Database, scope: PushScope, mutations: Record<string, unknown>[]): Promise<PushResponse> {
  return db.transaction(async (tx) => {
    // [PL4] One writer per commune at a time: change numbers commit in the order they are drawn.
    await lockCommuneForWrites(tx, scope.auth.communeId);
    const set = await loadWorkingSet(tx, mutations);
    const results: MutationResult[] = [];
    const applied: AppliedRow[] = [];
    const conflicts: ConflictRow[] = [];
    for (const raw of mutations) {
      results.push(await applyOne(tx, raw, scope, set, applied, conflicts));
    }
    await insertAppliedMutations(tx, applied);
    await insertConflicts(tx, conflicts);
    return { results };
  });
}

async function applyOne(
  tx: Queryable,
  raw: Record<string, unknown>,
  scope: PushScope,
  set: Awaited<ReturnType<typeof loadWorkingSet>>,
  applied: AppliedRow[],
  conflicts: ConflictRow[],
): Promise<MutationResult> {
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
    record.changeSeq = await writeRecord(tx, record, decision.isNew, scope.auth.userId);
    set.put(record);
  }
  const conflictFields = decision.conflicts.map((conflict) => conflict.field);
  const result: MutationResult =
    conflictFields.length > 0 ? { id, status: 'conflict', version: record.version, conflictFields } : { id, status: 'applied', version: record.version };
  for (const note of decision.conflicts) conflicts.push({ note, record, raw, scope });
  applied.push({ raw, record, result, scope });
  set.markApplied(id, { userId: scope.auth.userId, result });
  return result;
}
