// A household that withdrew its consent (domain.md: consent is withdrawable; Law 91/2025): the office sees
// which households a team recorded as withdrawing, and erases one whole — every member as a person erased
// on request ([DS2]), then the household's own details and its visits' notes. [DS4]–[DS5] in docs/api.md.
import { ERASED_PERSON_NAME, isErasedHousehold } from '../../shared/erasure';
import type { WithdrawnHousehold } from '../../shared/protocol';
import type { AuthContext } from '../auth/roles';
import { lockCommuneForWrites } from '../communes';
import { toIso, toNumber, type Queryable } from '../db/database';
import { AppError } from '../http/app-error';
import { loadRecords } from '../sync/records';
import { erasePerson, forgetAllValues, forgetInVisits, writeErasedVersion } from './data-subject';

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
  // One erased already is left as it is (erasePerson writes nothing for them).
  for (const { id } of members) await erasePerson(q, auth, id, now);

  // Read again: erasing a member who headed it wrote a version of it.
  const [household] = await loadRecords(q, 'household', [householdId]);
  const { phone: _phone, note: _note, consentAt: _at, consentBy: _by, ...kept } = household.fields;
  const version = await writeErasedVersion(q, auth, household, {
    fields: { ...kept, headName: ERASED_PERSON_NAME, address: ERASED_PERSON_NAME, consentGiven: false },
    stamped: ['headName', 'address', 'phone', 'note', 'consentGiven', 'consentAt', 'consentBy'],
    deleted: true,
  }, now);
  await forgetAllValues(q, auth, 'household', householdId, now);
  const visits = await q.query<{ id: string }>(`SELECT id FROM visits WHERE household_id = $1 AND commune_id = $2`, [householdId, auth.communeId]);
  await forgetInVisits(q, auth, visits.map((row) => row.id), 'tombstone', now);
  return { id: householdId, version, erasedAt: now.toISOString(), members: members.length };
}
