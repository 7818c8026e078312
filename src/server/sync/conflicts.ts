// Conflicts kept for review (rule [PC2]) and a reviewer's decision (rules [CR1]–[CR3]): the chosen value
// is written as a server-side change — new version, new change number — so it reaches every phone.
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import type { Entity } from '../../shared/statuses';
import { CONSENT_FIELDS, wholeSchemaFor } from '../../shared/schemas';
import type { AuthContext } from '../auth/roles';
import { lockCommuneForWrites } from '../communes';
import { AppError } from '../http/app-error';
import { zodIssuesToError } from '../http/validate';
import { sameValue } from '../../shared/sameValue';
import { ENTITY_DEFS } from './entities';
import { loadRecords, writeRecord, type StoredRecord } from './records';
import { checkReferencePlace, REFERENCE_FIELDS } from './references';

export interface ConflictView {
  id: string;
  entity: Entity;
  recordId: string;
  villageId: string;
  field: string;
  serverValue: unknown;
  clientValue: unknown;
  kept: 'server' | 'client';
  serverMutationId: string | null;
  clientMutationId: string;
  serverClientTime: string | null;
  clientClientTime: string;
  createdAt: string;
  status: 'open' | 'resolved';
  resolution: ConflictChoice | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** Username of who made each side's change (from the audit trail), so the reviewer knows whom to ask. */
  serverChangedBy: string | null;
  clientChangedBy: string | null;
  /**
   * The field's value now (null when empty, or the record is gone). It differs from both sides when the
   * field was changed again after the conflict: then keeping a side would undo that later change.
   */
  currentValue: unknown;
}

/** A side of the conflict, or the value the field has had since ('current': nothing is written). */
export type ConflictChoice = 'server' | 'client' | 'current';

const COLUMNS = `id, entity, record_id, village_id, field, server_value, client_value, kept, server_mutation_id, client_mutation_id,
  server_client_time, client_client_time, created_at, status, resolution, resolved_by, resolved_at`;

/**
 * Conflicts matching `where`, each with the usernames behind both changes: the account whose push (or
 * import at the office, or review) recorded that change's applied mutation; null when the field has no
 * recorded change. `oldestFirst`: the oldest `limit` of them, sorted and limited before the joins, so a
 * long history of resolved conflicts is not joined whole.
 */
function selectViews(where: string, oldestFirst?: { limit: number }): string {
  const inner = oldestFirst ? `ORDER BY created_at, id LIMIT ${oldestFirst.limit}` : '';
  return `SELECT ${COLUMNS.split(',').map((column) => `c.${column.trim()}`).join(', ')},
      server_user.username AS server_changed_by, client_user.username AS client_changed_by
    FROM (SELECT ${COLUMNS} FROM conflicts WHERE ${where} ${inner}) c
    LEFT JOIN applied_mutations server_change ON server_change.mutation_id = c.server_mutation_id
    LEFT JOIN users server_user ON server_user.id = server_change.user_id
    LEFT JOIN applied_mutations client_change ON client_change.mutation_id = c.client_mutation_id
    LEFT JOIN users client_user ON client_user.id = client_change.user_id
    ${oldestFirst ? 'ORDER BY c.created_at, c.id' : ''}`;
}

function toView(row: Record<string, unknown>): ConflictView {
  const iso = (value: unknown) => (value === null || value === undefined ? null : toIso(value));
  return {
    id: String(row.id), entity: row.entity as Entity, recordId: String(row.record_id), villageId: String(row.village_id),
    field: String(row.field), serverValue: row.server_value, clientValue: row.client_value, kept: row.kept as ConflictView['kept'],
    serverMutationId: (row.server_mutation_id as string | null) ?? null, clientMutationId: String(row.client_mutation_id),
    serverClientTime: iso(row.server_client_time), clientClientTime: toIso(row.client_client_time), createdAt: toIso(row.created_at),
    status: row.status as ConflictView['status'], resolution: (row.resolution as ConflictView['resolution']) ?? null,
    resolvedBy: (row.resolved_by as string | null) ?? null, resolvedAt: iso(row.resolved_at),
    serverChangedBy: (row.server_changed_by as string | null) ?? null, clientChangedBy: (row.client_changed_by as string | null) ?? null,
    currentValue: null,
  };
}

/** Each view with its field's current value, read from the records (one read per entity). */
async function withCurrentValues(q: Queryable, views: ConflictView[]): Promise<ConflictView[]> {
  const current = new Map<string, StoredRecord>();
  for (const entity of new Set(views.map((view) => view.entity))) {
    const ids = [...new Set(views.filter((view) => view.entity === entity).map((view) => view.recordId))];
    for (const record of await loadRecords(q, entity, ids)) current.set(`${entity}|${record.id}`, record);
  }
  return views.map((view) => ({ ...view, currentValue: current.get(`${view.entity}|${view.recordId}`)?.fields[view.field] ?? null }));
}

export async function listConflicts(q: Queryable, auth: AuthContext, status: 'open' | 'resolved'): Promise<ConflictView[]> {
  const rows = await q.query(selectViews('commune_id = $1 AND village_id = ANY($2) AND status = $3', { limit: 1000 }), [
    auth.communeId,
    auth.villageIds,
    status,
  ]);
  return withCurrentValues(q, rows.map(toView));
}

/** A value chosen at review that names another record is held to what a push's is ([PU8], references.ts). */
async function checkReferenceInPlace(q: Queryable, record: StoredRecord, field: string, value: unknown): Promise<void> {
  const target = REFERENCE_FIELDS[record.entity]?.[field];
  if (!target || typeof value !== 'string') return;
  const [row] = await q.query<{ commune_id: string; village_id: string; deleted: boolean }>(`SELECT commune_id, village_id, deleted FROM ${ENTITY_DEFS[target].table} WHERE id = $1`, [value]);
  const place = row && { communeId: row.commune_id, villageId: row.village_id, deleted: row.deleted };
  checkReferencePlace(field, place, record.communeId, record.villageId);
}

export async function resolveConflict(q: Queryable, auth: AuthContext, conflictId: string, keep: ConflictChoice, now: Date) {
  await lockCommuneForWrites(q, auth.communeId); // [PL4] this is a writer like a push
  const rows = await q.query(`SELECT ${COLUMNS} FROM conflicts WHERE id = $1 AND commune_id = $2 FOR UPDATE`, [conflictId, auth.communeId]);
  const conflict = rows[0] && toView(rows[0]);
  if (!conflict || !auth.villageIds.includes(conflict.villageId)) throw new AppError('NOT_FOUND');
  if (conflict.status === 'resolved') throw new AppError('CONFLICT_ALREADY_RESOLVED');

  const [record] = await loadRecords(q, conflict.entity, [conflict.recordId]);
  // Consent is one fact: the conflicts of its fields from one change are decided together (one by one,
  // the record would have to pass through "given, on no date, by nobody", which the rule refuses).
  const group =
    conflict.entity === 'household' && (CONSENT_FIELDS as readonly string[]).includes(conflict.field)
      ? (await q.query(selectViews(`commune_id = $1 AND record_id = $2 AND client_mutation_id = $3 AND status = 'open' AND field = ANY($4)`), [
          auth.communeId, conflict.recordId, conflict.clientMutationId, [...CONSENT_FIELDS],
        ])).map(toView)
      : [conflict];
  // 'current': the value the field has now stays; the conflict is only marked resolved.
  const choices = group
    .flatMap((open) => (keep === 'current' ? [] : [{ field: open.field, chosen: keep === 'server' ? open.serverValue : open.clientValue }]))
    .filter(({ field, chosen }) => !sameValue(record.fields[field], chosen));
  let version = record.version;
  // [CR2] A tombstone stays deleted; a value already in place needs no new version.
  if (!record.deleted && choices.length > 0) {
    const fields = { ...record.fields };
    for (const { field, chosen } of choices) {
      if (chosen === null) delete fields[field];
      else fields[field] = chosen;
    }
    const checked = wholeSchemaFor(conflict.entity, choices.map(({ field }) => field)).safeParse(fields);
    if (!checked.success) throw zodIssuesToError(checked.error);
    for (const { field, chosen } of choices) await checkReferenceInPlace(q, record, field, chosen);
    version = record.version + 1;
    const mutationId = `review:${conflict.id}`;
    const stamp = { v: version, ct: now.toISOString(), st: now.toISOString(), m: mutationId, d: 'server' };
    const fieldMeta = { ...record.fieldMeta, ...Object.fromEntries(choices.map(({ field }) => [field, stamp])) };
    await writeRecord(q, { ...record, version, updatedAt: now.toISOString(), fields: checked.data as Record<string, unknown>, fieldMeta }, false, auth.userId);
    // [CR3] The decision is in the audit trail like any change.
    await q.query(
      `INSERT INTO applied_mutations (mutation_id, commune_id, user_id, device_id, entity, record_id, op, fields, client_time, server_time, result)
       VALUES ($1, $2, $3, 'server', $4, $5, 'upsert', $6::jsonb, $7, $7, $8::jsonb)`,
      [mutationId, auth.communeId, auth.userId, conflict.entity, conflict.recordId, JSON.stringify(Object.fromEntries(choices.map(({ field, chosen }) => [field, chosen]))), now, JSON.stringify({ id: mutationId, status: 'applied', version })],
    );
  }
  await q.query(`UPDATE conflicts SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = $4 WHERE id = ANY($1)`, [group.map((open) => open.id), keep, auth.userId, now]);
  const updatedRows = await q.query(selectViews('id = $1'), [conflict.id]);
  return { conflict: (await withCurrentValues(q, [toView(updatedRows[0])]))[0], version };
}
