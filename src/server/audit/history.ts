// Reading the audit trail: record_history (filled by triggers on every write of a household, person or
// visit, migrations 2026-11-22-x-history-import.sql and zz7-visit-history.sql) joined with
// applied_mutations (the device and mutation of the write, which every write path records) and users.
// Values are shown by their domain field names.
import type { Entity } from '../../shared/statuses';
import { toIso, type Queryable } from '../db/database';
import { ENTITY_DEFS } from '../sync/entities';

export interface FieldChangeView {
  field: string;
  old: unknown;
  new: unknown;
}

export interface HistoryEntry {
  id: number;
  at: string;
  entity: Entity;
  recordId: string;
  householdId: string;
  villageId: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'erase';
  userId: string | null;
  username: string | null;
  /** The phone's install id, "import" for an imported list, "server" for a review decision or an erase. */
  deviceId: string | null;
  mutationId: string | null;
  /** The phone's own time of the change, when it came from a phone. */
  clientTime: string | null;
  changes: FieldChangeView[];
}

const FIELD_OF_COLUMN = new Map<string, string>(
  (['household', 'person', 'visit'] as const).flatMap((entity) => ENTITY_DEFS[entity].columns.map((column) => [`${entity}.${column.column}`, column.field] as const)),
);

interface HistoryRow {
  id: unknown;
  at: unknown;
  entity: Entity;
  record_id: string;
  household_id: string;
  village_id: string;
  version: number;
  action: HistoryEntry['action'];
  user_id: string | null;
  username: string | null;
  device_id: string | null;
  mutation_id: string | null;
  client_time: unknown;
  old_values: Record<string, unknown>;
  new_values: Record<string, unknown>;
}

function toEntry(row: HistoryRow): HistoryEntry {
  const columns = new Set([...Object.keys(row.new_values), ...Object.keys(row.old_values)]);
  const changes = [...columns].map((column) => ({
    field: FIELD_OF_COLUMN.get(`${row.entity}.${column}`) ?? column,
    old: row.old_values[column] ?? null,
    new: row.new_values[column] ?? null,
  }));
  return {
    id: Number(row.id), at: toIso(row.at), entity: row.entity, recordId: row.record_id, householdId: row.household_id, villageId: row.village_id,
    version: row.version, action: row.action, userId: row.user_id, username: row.username, deviceId: row.device_id, mutationId: row.mutation_id,
    clientTime: row.client_time === null || row.client_time === undefined ? null : toIso(row.client_time), changes,
  };
}

/**
 * The write that produced a version: the mutation its field stamps name (record_history.mutation_id);
 * for a deletion, which stamps no field, the earliest applied mutation answering that version.
 */
const SELECT_HISTORY = `
  SELECT h.id, h.at, h.entity, h.record_id, h.household_id, h.village_id, h.version, h.action, h.user_id, u.username,
         m.device_id, m.mutation_id, CASE WHEN m.device_id IN ('import', 'server') THEN NULL ELSE m.client_time END AS client_time,
         h.old_values, h.new_values
  FROM record_history h
  LEFT JOIN users u ON u.id = h.user_id
  LEFT JOIN LATERAL (
    SELECT am.device_id, am.mutation_id, am.client_time FROM applied_mutations am
    WHERE am.record_id = h.record_id AND am.entity = h.entity
      AND (am.mutation_id = h.mutation_id OR (h.mutation_id IS NULL AND (am.result ->> 'version')::int = h.version))
    ORDER BY am.server_time, am.mutation_id LIMIT 1
  ) m ON true`;

export async function householdHistory(q: Queryable, communeId: string, householdId: string): Promise<HistoryEntry[]> {
  // By time, not id alone: rows a migration added later (zz7's visit creations) have newer ids.
  const rows = await q.query<HistoryRow>(`${SELECT_HISTORY} WHERE h.commune_id = $1 AND h.household_id = $2 ORDER BY h.at DESC, h.id DESC LIMIT 1000`, [communeId, householdId]);
  return rows.map(toEntry);
}

export async function personHistory(q: Queryable, communeId: string, personId: string): Promise<HistoryEntry[]> {
  const rows = await q.query<HistoryRow>(`${SELECT_HISTORY} WHERE h.commune_id = $1 AND h.entity = 'person' AND h.record_id = $2 ORDER BY h.at, h.id`, [communeId, personId]);
  return rows.map(toEntry);
}

export interface AuditQuery {
  userId?: string;
  /** Inclusive instants. */
  from?: Date;
  to?: Date;
  limit: number;
}

export async function communeAudit(q: Queryable, communeId: string, query: AuditQuery): Promise<HistoryEntry[]> {
  const rows = await q.query<HistoryRow>(
    `${SELECT_HISTORY}
     WHERE h.commune_id = $1 AND ($2::text IS NULL OR h.user_id = $2) AND ($3::timestamptz IS NULL OR h.at >= $3)
       AND ($4::timestamptz IS NULL OR h.at <= $4)
     ORDER BY h.at DESC, h.id DESC LIMIT $5`,
    [communeId, query.userId ?? null, query.from ?? null, query.to ?? null, query.limit],
  );
  return rows.map(toEntry);
}
