// GET /api/sync/pull: the caller's villages' records changed after the cursor, in change order, paged.
// Each record appears once with its latest state (tombstones included), so a page never repeats a record
// that has not changed again. [PL1]–[PL5]
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type PullResponse } from '../../shared/protocol';
import { ENTITIES } from '../../shared/statuses';
import type { Database, Queryable } from '../db/database';
import type { AuthContext } from '../auth/roles';
import { ENTITY_DEFS, selectColumns } from './entities';
import { decodeCursor, encodeCursor, villageFingerprint } from './cursor';
import { rowToStored, toPullChange, type StoredRecord } from './records';

export function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? PULL_DEFAULT_LIMIT, 1), PULL_MAX_LIMIT);
}

/**
 * [PL4] One snapshot for all three tables: read separately under READ COMMITTED, a push committing
 * between two of the reads could put a later number on this page and leave an earlier one out.
 */
export function pullInSnapshot(db: Database, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return pullChanges(tx, auth, cursorText, limit);
  });
}

export async function pullChanges(q: Queryable, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  const fingerprint = villageFingerprint(auth.villageIds);
  const cursor = decodeCursor(cursorText);
  // [PL5] Villages changed: start again from the beginning, and say so.
  const reset = cursor !== undefined && cursor.fingerprint !== fingerprint;
  const after = cursor && !reset ? cursor.seq : 0;

  // Up to limit+1 from each table; the first `limit` of the merged list are the global first `limit`.
  const fetched: StoredRecord[] = [];
  for (const entity of ENTITIES) {
    const def = ENTITY_DEFS[entity];
    const rows = await q.query(
      `SELECT ${selectColumns(def)} FROM ${def.table}
       WHERE commune_id = $1 AND village_id = ANY($2) AND change_seq > $3 ORDER BY change_seq LIMIT $4`,
      [auth.communeId, auth.villageIds, after, limit + 1],
    );
    for (const row of rows) fetched.push(rowToStored(def, row));
  }
  fetched.sort((a, b) => a.changeSeq - b.changeSeq);
  const page = fetched.slice(0, limit);
  const last = page.length > 0 ? page[page.length - 1].changeSeq : after;
  const response: PullResponse = {
    changes: page.map(toPullChange),
    cursor: encodeCursor({ seq: last, fingerprint }),
    hasMore: fetched.length > limit,
  };
  if (reset) response.reset = true;
  return response;
}
