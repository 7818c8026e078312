// GET /api/sync/pull: the caller's villages' records changed after the cursor, in change order, paged.
// Each record appears once with its latest state (tombstones included), so a page never repeats a record
// that has not changed again. [PL1]–[PL5]
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type PullResponse } from '../../shared/protocol';
import { ENTITIES, type Entity } from '../../shared/statuses';
import { toNumber, type Database, type Queryable } from '../db/database';
import type { AuthContext } from '../auth/roles';
import { villagesOf } from '../auth/users';
import { changeJsonSql, ENTITY_DEFS } from './entities';
import { decodeCursor, encodeCursor, villageFingerprint } from './cursor';
import { currentGeneration } from './generation';

export function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? PULL_DEFAULT_LIMIT, 1), PULL_MAX_LIMIT);
}

/**
 * [PL4] One snapshot for every query of a page: read separately under READ COMMITTED, a push committing
 * between two reads could put a later number on this page and leave an earlier one out. A page is one
 * statement now (PULL_PAGE_SQL), which reads one snapshot anyway; the transaction keeps the rule for any
 * query added later.
 *
 * Answers the page as JSON text: the records come out of PostgreSQL already shaped as the protocol sends
 * them (recordJsonSql), and are spliced into the answer as they are. Parsing them into objects only to
 * serialise them again was most of the server's time of a first download (thousands of records a page).
 */
export function pullInSnapshot(db: Database, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return pullChangesJson(tx, auth, cursorText, limit);
  });
}

/**
 * One page in one statement, answered as one row: how many changes were found after the cursor (up to
 * `limit` + 1, to tell whether more follow), the last change number of the page, and the page's changes
 * already joined into JSON text in change order.
 *
 * `ahead` picks the records in change order from narrow rows. Each branch can walk (commune_id,
 * change_seq) from the cursor and stop after `limit` + 1 rows (a commune administrator's pull), or read a few
 * villages through (village_id, change_seq) and sort (a member's); the planner picks with the statistics
 * that table-stats.ts keeps current. `items` then shapes each record (recordJsonSql) and `string_agg`
 * joins them: the server receives one value instead of a row a record (on PGlite, parsing 2,000 rows of
 * the protocol in JavaScript was about a sixth of a page's time).
 */
export const PULL_PAGE_SQL = (() => {
  const branch = (entity: Entity) =>
    `(SELECT '${entity}' AS entity, id, change_seq FROM ${ENTITY_DEFS[entity].table}
      WHERE commune_id = $1 AND village_id = ANY($2) AND change_seq > $3 ORDER BY change_seq LIMIT $4)`;
  const items = (entity: Entity) =>
    `SELECT p.change_seq, ${changeJsonSql(entity, 'r')} AS item
       FROM page p JOIN ${ENTITY_DEFS[entity].table} r ON r.id = p.id WHERE p.entity = '${entity}'`;
  return `WITH ahead AS (
      SELECT entity, id, change_seq FROM (${ENTITIES.map(branch).join(' UNION ALL ')}) AS candidates ORDER BY change_seq LIMIT $4
    ), page AS (
      SELECT entity, id, change_seq FROM ahead ORDER BY change_seq LIMIT $5
    ), items AS (${ENTITIES.map(items).join(' UNION ALL ')})
    SELECT (SELECT count(*) FROM ahead) AS found, (SELECT max(change_seq) FROM page) AS last_seq,
      (SELECT string_agg(item, ',' ORDER BY change_seq) FROM items) AS changes`;
})();

/** One page as the JSON text of a PullResponse. */
export async function pullChangesJson(q: Queryable, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<string> {
  const fingerprint = villageFingerprint(auth.villageIds);
  const cursor = decodeCursor(cursorText);
  const generation = await currentGeneration(q);
  // [PL8] The database was restored from a backup since the cursor was issued; [PL5] the villages
  // changed. Either way start again from the beginning, and say so.
  const restored = cursor?.generation !== undefined && cursor.generation !== generation;
  const reset = cursor !== undefined && (restored || cursor.fingerprint !== fingerprint);
  const after = cursor && !reset ? cursor.seq : 0;

  const [row] = await q.query<{ found: unknown; last_seq: unknown; changes: string | null }>(PULL_PAGE_SQL, [auth.communeId, auth.villageIds, after, limit + 1, limit]);
  const tail: Omit<PullResponse, 'changes'> = {
    // An empty page keeps the cursor where it was.
    cursor: encodeCursor({ seq: row.last_seq === null || row.last_seq === undefined ? after : toNumber(row.last_seq), fingerprint, generation }),
    hasMore: toNumber(row.found) > limit,
  };
  if (reset) tail.reset = true;
  if (restored) tail.restored = true;
  // [PL9] Once per sync run: the office may have renamed a village or set its expected households.
  if (!tail.hasMore) tail.villages = await villagesOf(q, { id: auth.userId, role: auth.role, communeId: auth.communeId });
  // Entity names are fixed identifiers; each record is JSON text made by PostgreSQL.
  return `{"changes":[${row.changes ?? ''}],${JSON.stringify(tail).slice(1)}`;
}

/** One page as an object (for callers inside the server; the route sends pullChangesJson's text). */
export async function pullChanges(q: Queryable, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  return JSON.parse(await pullChangesJson(q, auth, cursorText, limit)) as PullResponse;
}
