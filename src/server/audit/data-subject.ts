// Requests of a resident about their own data (Law 91/2025/QH15): everything recorded about one person,
// and erasure. An erased person becomes a tombstone with fixed placeholder values — the same for every
// erased person, so nothing of them remains — that still reaches the phones as a deletion (phones check
// pulled records with the shared schema, so the placeholders are valid values, not blanks). The values of
// the person in the audit trail, the sync log and conflict records are nulled too; only which fields
// changed, when and by whom stays. Visits for the person stay, without whom they were for and their note.
import { ERASED_PERSON_NAME, isErasedPerson } from '../../shared/erasure';
import { randomUUID } from 'node:crypto';
import type { PersonFields } from '../../shared/types';
import type { AuthContext } from '../auth/roles';
import { lockCommuneForWrites } from '../communes';
import { toIso, type Queryable } from '../db/database';
import { AppError } from '../http/app-error';
import { ENTITY_DEFS } from '../sync/entities';
import { loadRecords, writeRecord, type StoredRecord } from '../sync/records';
import { personHistory } from './history';

/** The mutation id of an erasure starts so (the import tells an erased person by it). */
export const ERASE_MUTATION_PREFIX = 'erase:';

export const ERASED_PERSON: Omit<PersonFields, 'householdId'> = {
  fullName: ERASED_PERSON_NAME, birthYear: 1900, sex: 'male', relation: 'other', residency: 'moved', vneid: 'none', digitalSignature: 'none',
  healthBook: false, paymentAccount: false, usesCashless: false, smartphone: 'none', digitalSkills: 'none', onlinePublicServices: false,
};

async function personOfCommune(q: Queryable, auth: AuthContext, personId: string): Promise<StoredRecord> {
  const [person] = await loadRecords(q, 'person', [personId]);
  // Another commune's person and an unknown id get the same answer.
  if (!person || person.communeId !== auth.communeId) throw new AppError('NOT_FOUND');
  return person;
}

export async function exportPerson(q: Queryable, auth: AuthContext, personId: string, now: Date) {
  const person = await personOfCommune(q, auth, personId);
  const [household] = await loadRecords(q, 'household', [String(person.fields.householdId)]);
  const village = await q.query<{ name: string }>(`SELECT name FROM villages WHERE id = $1`, [person.villageId]);
  const visitRows = await q.query<{ id: string }>(`SELECT id FROM visits WHERE person_id = $1 AND commune_id = $2`, [personId, auth.communeId]);
  const visits = await loadRecords(q, 'visit', visitRows.map((row) => row.id));
  const record = (stored: StoredRecord) => ({ id: stored.id, villageId: stored.villageId, version: stored.version, deleted: stored.deleted, updatedAt: stored.updatedAt, ...stored.fields });
  return {
    exportedAt: now.toISOString(),
    exportedBy: auth.username,
    village: village[0]?.name ?? null,
    person: record(person),
    household: household ? record(household) : null,
    visits: visits.map(record),
    history: await personHistory(q, auth.communeId, personId),
    conflicts: await personConflicts(q, auth.communeId, personId),
    syncLog: await personSyncLog(q, auth.communeId, personId),
  };
}

/**
 * Every change of the person as it reached the server (the sync log, [PU11]): what each phone sent, from
 * which device, and what became of it. A change that lost to a later one of the same phone is kept only
 * here. Oldest first.
 */
async function personSyncLog(q: Queryable, communeId: string, personId: string) {
  const rows = await q.query<{ mutation_id: string; username: string | null; device_id: string; op: string; fields: unknown; client_time: unknown; server_time: unknown; result: { status?: string } | null }>(
    `SELECT m.mutation_id, u.username, m.device_id, m.op, m.fields, m.client_time, m.server_time, m.result
     FROM applied_mutations m LEFT JOIN users u ON u.id = m.user_id
     WHERE m.commune_id = $1 AND m.entity = 'person' AND m.record_id = $2 ORDER BY m.server_time, m.client_time, m.mutation_id`,
    [communeId, personId],
  );
  return rows.map((row) => ({
    mutationId: row.mutation_id, username: row.username, deviceId: row.device_id, op: row.op, fields: row.fields,
    clientTime: row.client_time === null ? null : toIso(row.client_time), serverTime: toIso(row.server_time), status: row.result?.status ?? null,
  }));
}

/**
 * Values two phones gave the person's fields at once ([CR1]): the one that lost is kept only here (and in
 * the sync log), so it is part of what is recorded about them. Oldest first.
 */
async function personConflicts(q: Queryable, communeId: string, personId: string) {
  const rows = await q.query<{ field: string; server_value: unknown; client_value: unknown; kept: string; created_at: unknown; status: string; resolution: string | null; resolved_at: unknown }>(
    `SELECT field, server_value, client_value, kept, created_at, status, resolution, resolved_at FROM conflicts
     WHERE commune_id = $1 AND entity = 'person' AND record_id = $2 ORDER BY created_at, id`,
    [communeId, personId],
  );
  return rows.map((row) => ({
    field: row.field, serverValue: row.server_value, clientValue: row.client_value, kept: row.kept, at: toIso(row.created_at),
    status: row.status, resolution: row.resolution, resolvedAt: row.resolved_at === null ? null : toIso(row.resolved_at),
  }));
}

/**
 * The open conflicts of an erased record close with it ($2: the officer, $3: now): a review of two empty
 * values would have nothing to choose, and would write nothing ([CR2]).
 */
const RESOLVED_BY_ERASURE = `status = 'resolved', resolution = COALESCE(resolution, 'current'), resolved_by = COALESCE(resolved_by, $2), resolved_at = COALESCE(resolved_at, $3)`;

/** The JSON object in `column` with every value set to null (which fields changed stays; what to is gone). */
const NULL_VALUES = (column: string) => `(SELECT COALESCE(jsonb_object_agg(key, NULL), '{}'::jsonb) FROM jsonb_object_keys(${column}) AS key)`;

export async function erasePerson(q: Queryable, auth: AuthContext, personId: string, now: Date) {
  await lockCommuneForWrites(q, auth.communeId); // [PL4] a writer like a push
  const person = await personOfCommune(q, auth, personId);
  // Erased already: nothing of them is left to erase (and their placeholder name must not be taken for a name).
  if (isErasedPerson({ deleted: person.deleted, fullName: person.fields.fullName })) return { id: personId, version: person.version, erasedAt: person.updatedAt };
  // Every household they were in (a move leaves the earlier one naming them as its head), read before
  // their history is nulled below.
  const households = await householdsOfPerson(q, person);
  const version = await writeErasedVersion(q, auth, person, {
    fields: { householdId: person.fields.householdId, ...ERASED_PERSON },
    stamped: Object.keys(person.fields).filter((field) => field !== 'householdId'),
    deleted: true,
  }, now);
  await forgetAllValues(q, auth, 'person', personId, now);
  const visits = await q.query<{ id: string }>(`SELECT id FROM visits WHERE person_id = $1 AND commune_id = $2`, [personId, auth.communeId]);
  await forgetInVisits(q, auth, visits.map((row) => row.id), 'keep', now);
  await forgetPersonInEarlierVisits(q, auth.communeId, personId, String(person.fields.fullName));
  for (const householdId of households) await forgetPersonInHousehold(q, auth, householdId, String(person.fields.fullName), now);
  return { id: personId, version, erasedAt: toIso(now) };
}

/**
 * Writes a record again as an erasure: a new version with `fields` (and `deleted`), the `stamped` fields
 * marked as the server's change of this erasure ([CR3]: later pushes see them changed by `server`).
 * Returns the new version.
 */
export async function writeErasedVersion(
  q: Queryable,
  auth: AuthContext,
  record: StoredRecord,
  change: { fields: Record<string, unknown>; stamped: readonly string[]; deleted?: boolean },
  now: Date,
): Promise<number> {
  const iso = now.toISOString();
  const version = record.version + 1;
  const stamp = { v: version, ct: iso, st: iso, m: `${ERASE_MUTATION_PREFIX}${randomUUID()}`, d: 'server' };
  const fieldMeta = { ...record.fieldMeta, ...Object.fromEntries(change.stamped.map((field) => [field, stamp])) };
  await writeErasure(q, auth, { ...record, version, deleted: change.deleted ?? record.deleted, updatedAt: iso, fields: change.fields, fieldMeta }, stamp.m, now);
  return version;
}

/**
 * Nulls every value of one record in the history, the sync log and its conflicts (which fields changed,
 * when and by whom stay), and closes its open conflicts: for a record erased whole.
 */
export async function forgetAllValues(q: Queryable, auth: AuthContext, entity: 'person' | 'household', recordId: string, now: Date): Promise<void> {
  await q.query(`UPDATE record_history SET old_values = ${NULL_VALUES('old_values')}, new_values = ${NULL_VALUES('new_values')} WHERE entity = $2 AND record_id = $1`, [recordId, entity]);
  await q.query(`UPDATE applied_mutations SET fields = ${NULL_VALUES('fields')} WHERE entity = $2 AND record_id = $1`, [recordId, entity]);
  await q.query(`UPDATE conflicts SET server_value = 'null'::jsonb, client_value = 'null'::jsonb, ${RESOLVED_BY_ERASURE} WHERE entity = $4 AND record_id = $1`, [recordId, auth.userId, now, entity]);
}

/** The person's household now and every one their history names. */
async function householdsOfPerson(q: Queryable, person: StoredRecord): Promise<string[]> {
  const rows = await q.query<{ household_id: string | null }>(
    `SELECT DISTINCT v.household_id FROM record_history h
     CROSS JOIN LATERAL (VALUES (h.old_values->>'household_id'), (h.new_values->>'household_id')) AS v(household_id)
     WHERE h.entity = 'person' AND h.record_id = $1 AND v.household_id IS NOT NULL`,
    [person.id],
  );
  return [...new Set([String(person.fields.householdId), ...rows.flatMap((row) => (row.household_id ? [row.household_id] : []))])];
}

/**
 * Visits that were for the person once and are for someone else now (a phone changed "for whom"): their
 * history, sync log and conflicts keep the link and may keep a note naming them. The link to the person,
 * and every note value that holds their full name, are nulled there. The visits as they are now stay.
 */
async function forgetPersonInEarlierVisits(q: Queryable, communeId: string, personId: string, fullName: string): Promise<void> {
  const rows = await q.query<{ record_id: string }>(
    `SELECT DISTINCT record_id FROM record_history
     WHERE commune_id = $1 AND entity = 'visit' AND (old_values->>'person_id' = $2 OR new_values->>'person_id' = $2)`,
    [communeId, personId],
  );
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.record_id);
  // $2: the person's id as JSON, $3: their name as a LIKE pattern (its own % and _ escaped).
  const forget = (column: string, linkKey: string, noteKey: string) =>
    `(SELECT COALESCE(jsonb_object_agg(key, CASE
        WHEN key = '${linkKey}' AND value = $2::jsonb THEN 'null'::jsonb
        WHEN key = '${noteKey}' AND value #>> '{}' LIKE $3 THEN 'null'::jsonb
        ELSE value END), '{}'::jsonb) FROM jsonb_each(${column}))`;
  const params = [ids, JSON.stringify(personId), `%${fullName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`];
  await q.query(`UPDATE record_history SET old_values = ${forget('old_values', 'person_id', 'note')}, new_values = ${forget('new_values', 'person_id', 'note')} WHERE entity = 'visit' AND record_id = ANY($1)`, params);
  await q.query(`UPDATE applied_mutations SET fields = ${forget('fields', 'personId', 'note')} WHERE entity = 'visit' AND record_id = ANY($1)`, params);
  // Only the side that names them: the other may be someone else's, and a review may still choose it.
  const side = (column: string) =>
    `CASE WHEN (field = 'personId' AND ${column} = $2::jsonb) OR (field = 'note' AND ${column} #>> '{}' LIKE $3) THEN 'null'::jsonb ELSE ${column} END`;
  await q.query(`UPDATE conflicts SET server_value = ${side('server_value')}, client_value = ${side('client_value')} WHERE entity = 'visit' AND record_id = ANY($1)`, params);
}

/** Household fields that name a person: the head, and who gave consent (most often the head). */
const HOUSEHOLD_NAME_FIELDS = ['headName', 'consentBy'];
/** The JSON object in `column` with every value equal to $2 (a JSON value) set to null. */
const NULL_EQUAL = (column: string) =>
  `(SELECT COALESCE(jsonb_object_agg(key, CASE WHEN value = $2::jsonb THEN 'null'::jsonb ELSE value END), '{}'::jsonb) FROM jsonb_each(${column}))`;

/**
 * The erased person named in their household's fields (its head, who gave consent): those take the
 * placeholder name in a new version that phones pull (the team then records the new head), and the name
 * is nulled wherever the household's history, sync log and conflicts kept it. Edited afterwards instead,
 * the name would stay in that edit's history as its old value.
 */
async function forgetPersonInHousehold(q: Queryable, auth: AuthContext, householdId: string, fullName: string, now: Date): Promise<void> {
  const [household] = await loadRecords(q, 'household', [householdId]);
  if (!household) return;
  const named = HOUSEHOLD_NAME_FIELDS.filter((field) => household.fields[field] === fullName);
  // A deleted household too: a pull still sends its fields.
  if (named.length > 0) {
    const fields = { ...household.fields, ...Object.fromEntries(named.map((field) => [field, ERASED_PERSON_NAME])) };
    await writeErasedVersion(q, auth, household, { fields, stamped: named }, now);
  }
  const name = JSON.stringify(fullName);
  await q.query(`UPDATE record_history SET old_values = ${NULL_EQUAL('old_values')}, new_values = ${NULL_EQUAL('new_values')} WHERE entity = 'household' AND record_id = $1`, [householdId, name]);
  await q.query(`UPDATE applied_mutations SET fields = ${NULL_EQUAL('fields')} WHERE entity = 'household' AND record_id = $1`, [householdId, name]);
  await q.query(
    `UPDATE conflicts SET server_value = CASE WHEN server_value = $2::jsonb THEN 'null'::jsonb ELSE server_value END,
       client_value = CASE WHEN client_value = $2::jsonb THEN 'null'::jsonb ELSE client_value END
     WHERE entity = 'household' AND record_id = $1`,
    [householdId, name],
  );
}

/**
 * Writes the new version of a record an erasure changed, with the sync log's row of that write (device
 * `server`, op `erase`) and its history entry marked as an erasure.
 */
async function writeErasure(q: Queryable, auth: AuthContext, record: StoredRecord, mutationId: string, now: Date): Promise<void> {
  await writeRecord(q, record, false, auth.userId);
  await q.query(
    `INSERT INTO applied_mutations (mutation_id, commune_id, user_id, device_id, entity, record_id, op, fields, client_time, server_time, result)
     VALUES ($1, $2, $3, 'server', $4, $5, 'erase', '{}'::jsonb, $6, $6, $7::jsonb)`,
    [mutationId, auth.communeId, auth.userId, record.entity, record.id, now, JSON.stringify({ id: mutationId, status: 'applied', version: record.version })],
  );
  await q.query(`UPDATE record_history SET action = 'erase' WHERE entity = $1 AND record_id = $2 AND version = $3`, [record.entity, record.id, record.version]);
}

/** The visit fields that may hold something of the person a visit was for: who it was, and the note. */
const VISIT_PERSONAL_FIELDS = ['personId', 'note'];
const VISIT_PERSONAL_COLUMNS = ENTITY_DEFS.visit.columns.filter(({ field }) => VISIT_PERSONAL_FIELDS.includes(field)).map(({ column }) => column);
/** The JSON object in `column` with the keys listed in $2 set to null. */
const NULL_KEYS = (column: string) =>
  `(SELECT COALESCE(jsonb_object_agg(key, CASE WHEN key = ANY($2) THEN 'null'::jsonb ELSE value END), '{}'::jsonb) FROM jsonb_each(${column}))`;

/**
 * Visits lose whom they were for and their note, which is usually about that person: each becomes a new
 * version that phones pull, and the earlier values of those two fields are nulled where the audit trail,
 * the sync log and conflict records kept them. `keep`: the visits stay (an erased person's: the household
 * was visited, and household coverage counts it); `tombstone`: they go too (their household is erased
 * whole), and their open conflicts close with them.
 */
export async function forgetInVisits(q: Queryable, auth: AuthContext, ids: readonly string[], visits: 'keep' | 'tombstone', now: Date): Promise<void> {
  if (ids.length === 0) return;
  for (const visit of await loadRecords(q, 'visit', [...ids])) {
    const fields = Object.fromEntries(Object.entries(visit.fields).filter(([field]) => !VISIT_PERSONAL_FIELDS.includes(field)));
    await writeErasedVersion(q, auth, visit, { fields, stamped: VISIT_PERSONAL_FIELDS, ...(visits === 'tombstone' ? { deleted: true } : {}) }, now);
  }
  await q.query(
    `UPDATE record_history SET old_values = ${NULL_KEYS('old_values')}, new_values = ${NULL_KEYS('new_values')} WHERE entity = 'visit' AND record_id = ANY($1)`,
    [ids, VISIT_PERSONAL_COLUMNS],
  );
  await q.query(`UPDATE applied_mutations SET fields = ${NULL_KEYS('fields')} WHERE entity = 'visit' AND record_id = ANY($1)`, [ids, VISIT_PERSONAL_FIELDS]);
  if (visits === 'keep') {
    await q.query(
      `UPDATE conflicts SET server_value = 'null'::jsonb, client_value = 'null'::jsonb WHERE entity = 'visit' AND record_id = ANY($1) AND field = ANY($2)`,
      [ids, VISIT_PERSONAL_FIELDS],
    );
  } else {
    await q.query(
      `UPDATE conflicts SET server_value = CASE WHEN field = ANY($4) THEN 'null'::jsonb ELSE server_value END,
         client_value = CASE WHEN field = ANY($4) THEN 'null'::jsonb ELSE client_value END, ${RESOLVED_BY_ERASURE}
       WHERE entity = 'visit' AND record_id = ANY($1)`,
      [ids, auth.userId, now, VISIT_PERSONAL_FIELDS],
    );
  }
}
