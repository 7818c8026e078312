// A household that withdrew its consent (domain.md: consent is withdrawable; Law 91/2025): the office sees
// which households a team recorded as withdrawing, and erases one whole — every member as a person erased
// on request ([DS2]), then the household's own details and its visits' notes. [DS4]–[DS5] in docs/api.md.
import { randomUUID } from 'node:crypto';
import { ERASED_PERSON_NAME, isErasedHousehold, isErasedPerson } from '../../shared/erasure';
import type { WithdrawnHousehold } from '../../shared/protocol';
import type { AuthContext } from '../auth/roles';
import { lockCommuneForWrites } from '../communes';
import { toIso, toNumber, type Queryable } from '../db/database';
import { AppError } from '../http/app-error';
import { loadRecords } from '../sync/records';
import { ERASE_MUTATION_PREFIX, erasePerson, NULL_KEYS, NULL_VALUES, RESOLVED_BY_ERASURE, VISIT_PERSONAL_COLUMNS, VISIT_PERSONAL_FIELDS, writeErasure } from './data-subject';

/** Households of the commune whose consent was given once and is withdrawn now, latest first. */
export async function consentWithdrawn(q: Queryable, communeId: string): Promise<WithdrawnHousehold[]> {
  const rows = await q.query<{ id: string; village_id: string; village: string; head_name: string; address: string; withdrawn_at: unknown; members: unknown }>(
    `SELECT h.id, h.village_id, v.name AS village, h.head_name, h.address, max(r.at) AS withdrawn_at,
            (SELECT count(*) FROM persons p WHERE p.household_id = h.id AND NOT p.deleted) AS members
     FROM households h
     JOIN villages v ON v.id = h.village_id
     JOIN record_history r ON r.entity = 'household' AND r.record_id = h.id
       AND r.old_values->'consent_given' = 'true'::jsonb AND r.new_values->'consent_given' = 'false'::jsonb
     -- A team may delete the household after withdrawing: its tombstone keeps the details until erased.
     WHERE h.commune_id = $1 AND NOT (h.deleted AND h.address = $2) AND NOT h.consent_given
     GROUP BY h.id, v.name
     ORDER BY withdrawn_at DESC
     LIMIT 500`,
    [communeId, ERASED_PERSON_NAME],
  );
  return rows.map((row) => ({
    id: row.id, villageId: row.village_id, village: row.village, headName: row.head_name, address: row.address,
    withdrawnAt: toIso(row.withdrawn_at), members: toNumber(row.members),
  }));
}

/**
 * Erases a household whole: each member as on a request of their own, then the household becomes a
 * tombstone whose details are placeholders (no phone, note or consent giver), its visits tombstones
 * without note or "for whom", and every value of them in the history, sync log and conflicts is nulled.
 */
export async function eraseHousehold(q: Queryable, auth: AuthContext, householdId: string, now: Date) {
  await lockCommuneForWrites(q, auth.communeId); // [PL4] a writer like a push
  const [found] = await loadRecords(q, 'household', [householdId]);
  if (!found || found.communeId !== auth.communeId) throw new AppError('NOT_FOUND');
  // Erased already (a second tap, a second officer): nothing is left to erase.
  if (isErasedHousehold({ deleted: found.deleted, headName: found.fields.headName, address: found.fields.address })) {
    return { id: householdId, version: found.version, erasedAt: found.updatedAt, members: 0 };
  }
  // Ticked again since the office's list was read (a slip undone on the phone): not erased.
  if (found.fields.consentGiven === true) throw new AppError('CONSENT_GIVEN');
  const members = await q.query<{ id: string }>(`SELECT id FROM persons WHERE household_id = $1 AND commune_id = $2`, [householdId, auth.communeId]);
  for (const member of await loadRecords(q, 'person', members.map((row) => row.id))) {
    if (!isErasedPerson({ deleted: member.deleted, fullName: member.fields.fullName })) await erasePerson(q, auth, member.id, now);
  }

  const iso = now.toISOString();
  const stampOf = (version: number) => ({ v: version, ct: iso, st: iso, m: `${ERASE_MUTATION_PREFIX}${randomUUID()}`, d: 'server' });
  // Read again: erasing a member who headed it wrote a version of it.
  const [household] = await loadRecords(q, 'household', [householdId]);
  const stamp = stampOf(household.version + 1);
  const { phone: _phone, note: _note, consentAt: _at, consentBy: _by, ...kept } = household.fields;
  const fields = { ...kept, headName: ERASED_PERSON_NAME, address: ERASED_PERSON_NAME, consentGiven: false };
  const fieldMeta = { ...household.fieldMeta, ...Object.fromEntries(['headName', 'address', 'phone', 'note', 'consentGiven', 'consentAt', 'consentBy'].map((field) => [field, stamp])) };
  await writeErasure(q, auth, { ...household, version: stamp.v, deleted: true, updatedAt: iso, fields, fieldMeta }, stamp.m, now);
  await q.query(`UPDATE record_history SET old_values = ${NULL_VALUES('old_values')}, new_values = ${NULL_VALUES('new_values')} WHERE entity = 'household' AND record_id = $1`, [householdId]);
  await q.query(`UPDATE applied_mutations SET fields = ${NULL_VALUES('fields')} WHERE entity = 'household' AND record_id = $1`, [householdId]);
  await q.query(`UPDATE conflicts SET server_value = 'null'::jsonb, client_value = 'null'::jsonb, ${RESOLVED_BY_ERASURE} WHERE entity = 'household' AND record_id = $1`, [householdId, auth.userId, now]);

  const visitRows = await q.query<{ id: string }>(`SELECT id FROM visits WHERE household_id = $1 AND commune_id = $2`, [householdId, auth.communeId]);
  const visitIds = visitRows.map((row) => row.id);
  for (const visit of await loadRecords(q, 'visit', visitIds)) {
    const visitStamp = stampOf(visit.version + 1);
    const visitFields = Object.fromEntries(Object.entries(visit.fields).filter(([field]) => !VISIT_PERSONAL_FIELDS.includes(field)));
    const visitMeta = { ...visit.fieldMeta, ...Object.fromEntries(VISIT_PERSONAL_FIELDS.map((field) => [field, visitStamp])) };
    await writeErasure(q, auth, { ...visit, version: visitStamp.v, deleted: true, updatedAt: iso, fields: visitFields, fieldMeta: visitMeta }, visitStamp.m, now);
  }
  if (visitIds.length > 0) {
    await q.query(`UPDATE record_history SET old_values = ${NULL_KEYS('old_values')}, new_values = ${NULL_KEYS('new_values')} WHERE entity = 'visit' AND record_id = ANY($1)`, [visitIds, VISIT_PERSONAL_COLUMNS]);
    await q.query(`UPDATE applied_mutations SET fields = ${NULL_KEYS('fields')} WHERE entity = 'visit' AND record_id = ANY($1)`, [visitIds, VISIT_PERSONAL_FIELDS]);
    await q.query(`UPDATE conflicts SET server_value = CASE WHEN field = ANY($4) THEN 'null'::jsonb ELSE server_value END, client_value = CASE WHEN field = ANY($4) THEN 'null'::jsonb ELSE client_value END, ${RESOLVED_BY_ERASURE} WHERE entity = 'visit' AND record_id = ANY($1)`, [visitIds, auth.userId, now, VISIT_PERSONAL_FIELDS]);
  }
  return { id: householdId, version: stamp.v, erasedAt: iso, members: members.length };
}
