// GET /api/sync/pull: the caller's villages' records changed after the cursor, in change order, paged.
// Each record appears once with its latest state (tombstones included), so a page never repeats a record
// that has not changed again. [PL1]–[PL5]
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type PullResponse } from '../../shared/protocol';
import { ENTITIES, type Entity } from '../../shared/statuses';
import { toNumber, type Database, type Queryable } from '../db/database';
import type { AuthContext } from '../auth/roles';
import { ENTITY_DEFS, recordJsonSql } from './entities';
import { decodeCursor, encodeCursor, villageFingerprint } from './cursor';

export function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? PULL_DEFAULT_LIMIT, 1), PULL_MAX_LIMIT);
}

/**
 * [PL4] One snapshot for every query of a page: read separately under READ COMMITTED, a push committing
 * between two reads could put a later number on this page and leave an earlier one out.
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
 * Step 1: which records, in change order — narrow rows, so the limit+1 look-ahead costs little. Each
 * branch can walk (commune_id, change_seq) from the cursor and stop after `limit` rows (a commune
 * administrator's pull), or read a few villages through (village_id, change_seq) and sort (a member's);
 * the planner picks with the statistics that table-stats.ts keeps current.
 */
async function pageIndex(q: Queryable, auth: AuthContext, after: number, limit: number) {
  const branch = (entity: Entity) =>
    `(SELECT '${entity}' AS entity, id, change_seq FROM ${ENTITY_DEFS[entity].table}
      WHERE commune_id = $1 AND village_id = ANY($2) AND change_seq > $3 ORDER BY change_seq LIMIT $4)`;
  const rows = await q.query<{ entity: Entity; id: string; change_seq: unknown }>(
    `SELECT entity, id, change_seq FROM (${ENTITIES.map(branch).join(' UNION ALL ')}) AS page ORDER BY change_seq LIMIT $4`,
    [auth.communeId, auth.villageIds, after, limit + 1],
  );
  return rows.map((row) => ({ entity: row.entity, id: row.id, seq: toNumber(row.change_seq) }));
}

/** Step 2: those records, shaped as the protocol sends them (JSON text). */
async function recordsById(q: Queryable, entity: Entity, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const def = ENTITY_DEFS[entity];
  const rows = await q.query<{ id: string; record: string }>(`SELECT id, ${recordJsonSql(def)} AS record FROM ${def.table} WHERE id = ANY($1)`, [ids]);
  return new Map(rows.map((row) => [row.id, row.record]));
}

/** One page as the JSON text of a PullResponse. */
export async function pullChangesJson(q: Queryable, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<string> {
  const fingerprint = villageFingerprint(auth.villageIds);
  const cursor = decodeCursor(cursorText);
  // [PL5] Villages changed: start again from the beginning, and say so.
  const reset = cursor !== undefined && cursor.fingerprint !== fingerprint;
  const after = cursor && !reset ? cursor.seq : 0;

  const index = await pageIndex(q, auth, after, limit);
  const page = index.slice(0, limit);
  const records = new Map<Entity, Map<string, string>>();
  for (const entity of ENTITIES) {
    records.set(entity, await recordsById(q, entity, page.filter((entry) => entry.entity === entity).map((entry) => entry.id)));
  }
  // Entity names are fixed identifiers; each record is JSON text made by PostgreSQL.
  const changes = page.map(({ entity, id }) => `{"entity":"${entity}","record":${records.get(entity)!.get(id)!}}`);
  const tail: Omit<PullResponse, 'changes'> = {
    cursor: encodeCursor({ seq: page.length > 0 ? page[page.length - 1].seq : after, fingerprint }),
    hasMore: index.length > limit,
  };
  if (reset) tail.reset = true;
  return `{"changes":[${changes.join(',')}],${JSON.stringify(tail).slice(1)}`;
}

/** One page as an object (for callers inside the server; the route sends pullChangesJson's text). */
export async function pullChanges(q: Queryable, auth: AuthContext, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  return JSON.parse(await pullChangesJson(q, auth, cursorText, limit)) as PullResponse;
}
