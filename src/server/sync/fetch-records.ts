// POST /api/sync/records: the server's current copy of records a phone names by id. [PL7]
// A phone asks for them after it discarded a change the server refused: the record on the phone still
// shows that change, and a pull would not bring the record back until it changes on the server again.
import type { RecordRef } from '../../shared/protocol';
import { ENTITIES, type Entity } from '../../shared/statuses';
import type { AuthContext } from '../auth/roles';
import type { Queryable } from '../db/database';
import { changeJsonSql, ENTITY_DEFS } from './entities';

/**
 * One statement (so one snapshot) for the three tables, each record shaped as a pull shapes it. Only
 * the caller's villages ([PL3]): a record of another village or commune is left out exactly as an
 * unknown id is, so the answer tells nothing about it.
 */
const RECORDS_SQL = `SELECT string_agg(item, ',') AS changes FROM (${ENTITIES.map(
  (entity, index) =>
    `SELECT ${changeJsonSql(entity, 'r')} AS item
       FROM ${ENTITY_DEFS[entity].table} r WHERE r.commune_id = $1 AND r.village_id = ANY($2) AND r.id = ANY($${index + 3})`,
).join(' UNION ALL ')}) AS items`;

/** The answer as JSON text (RecordsResponse): the records come out of PostgreSQL already shaped. */
export async function recordsJson(q: Queryable, auth: AuthContext, wanted: readonly RecordRef[]): Promise<string> {
  const idsOf = (entity: Entity) => [...new Set(wanted.filter((ref) => ref.entity === entity).map((ref) => ref.id))];
  const [row] = await q.query<{ changes: string | null }>(RECORDS_SQL, [auth.communeId, auth.villageIds, ...ENTITIES.map(idsOf)]);
  return `{"changes":[${row?.changes ?? ''}]}`;
}
