// Writes checked households as the server's own changes, so phones receive them through the normal pull
// (a new version and change number per record, [PU10]) and the audit trail shows them like any change
// (an applied_mutations row per record, device "import"). household_key + village finds a household
// imported before: importing the same file again updates it (only fields that differ) instead of adding
// a second one; its persons are matched by name and birth year. A field whose last change came from a
// phone or a review is newer than any list the office holds: an import leaves it as the teams recorded it.
import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../auth/roles';
import { lockCommuneForWrites } from '../communes';
import type { Queryable } from '../db/database';
import { foldVietnamese } from '../../shared/text';
import { insertAppliedMutations, type AppliedRow } from '../sync/bookkeeping';
import { writePending, type PendingWrite } from '../sync/batch-write';
import { sameValue } from '../../shared/sameValue';
import { loadRecords, type FieldMeta, type StoredRecord } from '../sync/records';
import type { ImportedHousehold, RejectedRow } from './parse-households';
import { newRecordId } from '../../shared/ids';
import { ERASE_MUTATION_PREFIX } from '../audit/data-subject';

export const IMPORT_DEVICE = 'import';

export interface ImportCounts {
  households: { created: number; updated: number; unchanged: number };
  /** `skipped`: rows not imported (a person deleted on the server, or one a team moved): each has a warning. */
  persons: { created: number; updated: number; unchanged: number; skipped: number };
  /** Values of the file not written because the teams changed that field since (see above). */
  keptFromTeams: number;
}

interface Plan {
  writes: PendingWrite[];
  changedFields: Map<StoredRecord, Record<string, unknown>>;
  newKeys: { id: string; key: string }[];
  counts: ImportCounts;
  /** Households the file names that were deleted on the server: not brought back by an import. */
  deleted: RejectedRow[];
  /** Rows that add a person to a household that already has someone the file no longer names (below). */
  warnings: ImportWarning[];
}

/**
 * `possible_duplicate`: a row imported as a new person into a household the server already has, where
 * someone of that household is not in the file: most often the same person with a corrected name or
 * birth year, who would then be counted twice. Told, not refused: it may also be a birth and a move.
 *
 * `moved_by_team`: a row naming a person (same name and birth year, same village) whom a team moved from
 * this household to another on a phone. Not imported again (the person would be counted twice); told,
 * with where the person is now.
 *
 * `erased_in_household`: a row adding a person to a household where someone's data was erased on their
 * request ([DS2]). Nothing of the erased person is kept to recognise them by, so the row may be that
 * person, whom importing an old list would record again: told, so the office can take the row out.
 */
export interface ImportWarning {
  row: number;
  household_key: string;
  code: 'possible_duplicate' | 'moved_by_team' | 'erased_in_household' | 'same_people_other_village' | 'deleted_on_server';
  /** Who the row may duplicate, e.g. "Trần Thị Bình (1980)". */
  already: string;
  message: string;
}

const personIdentity = (fields: Record<string, unknown>) => `${foldVietnamese(String(fields.fullName))}|${fields.birthYear}`;

async function existingByKey(q: Queryable, communeId: string, households: readonly ImportedHousehold[]) {
  const rows = await q.query<{ id: string; village_id: string; import_key: string }>(
    `SELECT id, village_id, import_key FROM households WHERE commune_id = $1 AND import_key = ANY($2)`,
    [communeId, households.map((h) => h.key)],
  );
  const ids = new Map(rows.map((row) => [`${row.village_id}|${row.import_key}`, row.id]));
  const records = await loadRecords(q, 'household', rows.map((row) => row.id));
  const byId = new Map(records.map((record) => [record.id, record]));
  const personRows = await q.query<{ id: string }>(`SELECT id FROM persons WHERE household_id = ANY($1)`, [rows.map((row) => row.id)]);
  const persons = await loadRecords(q, 'person', personRows.map((row) => row.id));
  // People an import brought (their name is the list's) whom a team then moved to another household
  // on a phone (a phone set their household last): found by the names the file gives, in its villages.
  // Where they are now may be a household of the file too.
  const names = [...new Set(households.flatMap((h) => h.persons.map((p) => String(p.fields.fullName))))];
  const movedRows = await q.query<{ id: string }>(
    `SELECT id FROM persons WHERE commune_id = $1 AND village_id = ANY($2) AND NOT deleted AND full_name = ANY($3)`,
    [communeId, [...new Set(households.map((h) => h.villageId))], names],
  );
  const movedOut = (await loadRecords(q, 'person', movedRows.map((row) => row.id))).filter(
    (p) => (p.fieldMeta.fullName?.d ?? IMPORT_DEVICE) === IMPORT_DEVICE && (p.fieldMeta.householdId?.d ?? IMPORT_DEVICE) !== IMPORT_DEVICE,
  );
  const householdNames = new Map(
    (await q.query<{ id: string; head_name: string }>(`SELECT id, head_name FROM households WHERE id = ANY($1)`, [movedOut.map((p) => String(p.fields.householdId))])).map((row) => [row.id, row.head_name]),
  );
  const villageNames = new Map(
    (await q.query<{ id: string; name: string }>(`SELECT id, name FROM villages WHERE id = ANY($1)`, [[...new Set(rows.map((row) => row.village_id))]])).map((row) => [row.id, row.name]),
  );
  // The same key in another village: another household (villages number their households each their
  // own way), unless it holds the same people — then the list most likely had the village wrong before.
  const elsewhere = (h: ImportedHousehold) =>
    rows.filter((row) => row.import_key === h.key && row.village_id !== h.villageId).flatMap((row) => {
      const record = byId.get(row.id);
      return record && !record.deleted ? [{ record, villageName: villageNames.get(row.village_id) ?? '' }] : [];
    });
  return { find: (h: ImportedHousehold) => byId.get(ids.get(`${h.villageId}|${h.key}`) ?? ''), elsewhere, persons, movedOut, householdNames };
}

function plan(households: readonly ImportedHousehold[], existing: Awaited<ReturnType<typeof existingByKey>>, communeId: string, stamp: (version: number, id: string) => FieldMeta, now: string): Plan {
  const result: Plan = {
    writes: [], changedFields: new Map(), newKeys: [], deleted: [], warnings: [],
    counts: { households: { created: 0, updated: 0, unchanged: 0 }, persons: { created: 0, updated: 0, unchanged: 0, skipped: 0 }, keptFromTeams: 0 },
  };
  const upsert = (entity: 'household' | 'person', stored: StoredRecord | undefined, villageId: string, fields: Record<string, unknown>, cleared: readonly string[] = []): StoredRecord => {
    const counts = result.counts[entity === 'household' ? 'households' : 'persons'];
    if (!stored) {
      const id = newRecordId(); // time-ordered, as phones make them (src/shared/ids.ts)
      const meta = stamp(1, id);
      const record: StoredRecord = {
        entity, id, communeId, villageId, version: 1, deleted: false, updatedAt: now, changeSeq: 0,
        fieldMeta: Object.fromEntries(Object.keys(fields).map((field) => [field, meta])), fields,
      };
      result.writes.push({ record, isNew: true });
      result.changedFields.set(record, fields);
      counts.created += 1;
      return record;
    }
    // An optional field the file leaves empty (in a column it has) is cleared: the list was corrected.
    const emptied = cleared.filter((field) => stored.fields[field] !== undefined).map((field) => [field, undefined] as [string, unknown]);
    const differing = [...Object.entries(fields).filter(([field, value]) => !sameValue(stored.fields[field], value)), ...emptied];
    // Only fields the list itself set last (or never set): what a team recorded since is not undone.
    const changed = Object.fromEntries(differing.filter(([field]) => (stored.fieldMeta[field]?.d ?? IMPORT_DEVICE) === IMPORT_DEVICE));
    result.counts.keptFromTeams += differing.length - Object.keys(changed).length;
    if (Object.keys(changed).length === 0) {
      counts.unchanged += 1;
      return stored;
    }
    const meta = stamp(stored.version + 1, stored.id);
    const record: StoredRecord = {
      ...stored, version: stored.version + 1, updatedAt: now, fields: { ...stored.fields, ...changed },
      fieldMeta: { ...stored.fieldMeta, ...Object.fromEntries(Object.keys(changed).map((field) => [field, meta])) },
    };
    result.writes.push({ record, isNew: false });
    // As a phone sends it: a cleared field is null (JSON has no undefined).
    result.changedFields.set(record, Object.fromEntries(Object.entries(changed).map(([field, value]) => [field, value ?? null])));
    counts.updated += 1;
    return record;
  };

  for (const household of households) {
    const stored = existing.find(household);
    if (stored?.deleted) {
      const message = 'Hộ có mã này đã bị xoá trên hệ thống; nhập lại không khôi phục được. Đổi mã hộ nếu đây là hộ mới.';
      result.deleted.push({ row: household.persons[0].row, household_key: household.key, errors: [{ column: 'household_key', code: 'household_deleted', message }] });
      continue;
    }
    // A list records no consent: a new household starts without it (the team records it at the visit);
    // an existing one keeps what the phones recorded.
    const record = upsert('household', stored, household.villageId, stored ? { ...household.fields } : { ...household.fields, consentGiven: false }, household.cleared);
    if (!stored) result.newKeys.push({ id: record.id, key: household.key });
    if (!stored) result.warnings.push(...samePeopleElsewhere(household, existing));
    // Deleted persons are matched too: a person removed on a phone (moved away, entered twice) is not
    // brought back by importing the old list again — deletion wins, as in sync [PD2]. A living person of
    // the same name and year (entered twice, the copy deleted) is the one the row updates.
    const members = new Map<string, StoredRecord>();
    for (const p of existing.persons.filter((p) => p.fields.householdId === record.id)) {
      const identity = personIdentity(p.fields);
      if (!members.has(identity) || members.get(identity)!.deleted) members.set(identity, p);
    }
    const named = new Set(household.persons.map((person) => personIdentity(person.fields)));
    const erasedHere = existing.persons.filter((p) => p.fields.householdId === record.id && p.deleted && String(p.fieldMeta.fullName?.m ?? '').startsWith(ERASE_MUTATION_PREFIX)).length;
    const notInFile = [...members.values()].filter((member) => !member.deleted && !named.has(personIdentity(member.fields)));
    for (const person of household.persons) {
      const fields = { householdId: record.id, ...person.fields };
      const member = members.get(personIdentity(fields));
      const moved = member
        ? undefined
        : existing.movedOut.find((p) => p.villageId === household.villageId && p.fields.householdId !== record.id && personIdentity(p.fields) === personIdentity(fields));
      if (moved) {
        const who = `${String(moved.fields.fullName)} (${String(moved.fields.birthYear)})`;
        const now = existing.householdNames.get(String(moved.fields.householdId)) ?? '';
        result.counts.persons.skipped += 1;
        result.warnings.push({
          row: person.row, household_key: household.key, code: 'moved_by_team', already: who,
          message: `${who} đã được tổ chuyển sang hộ ${now} trên điện thoại; không nhập lại vào hộ này. Nếu đó là người khác trùng tên và năm sinh, hãy thêm trên điện thoại.`,
        });
        continue;
      }
      if (member?.deleted) {
        // Deletion wins ([PD2]): the row is not imported, and the office is told so on its row.
        const who = `${String(member.fields.fullName)} (${String(member.fields.birthYear)})`;
        result.counts.persons.skipped += 1;
        result.warnings.push({
          row: person.row, household_key: household.key, code: 'deleted_on_server', already: who,
          message: `${who} đã bị xoá khỏi hộ này (trên điện thoại hoặc ở xã); nhập lại không khôi phục. Nếu người này vẫn ở hộ, hãy thêm lại trên điện thoại.`,
        });
      } else upsert('person', member, household.villageId, fields, person.cleared);
      if (!member && erasedHere > 0) {
        result.warnings.push({
          row: person.row, household_key: household.key, code: 'erased_in_household', already: String(erasedHere),
          message: `Hộ này có ${erasedHere} người đã được xoá dữ liệu theo yêu cầu của họ. Nếu dòng này là người đó, hãy bỏ dòng khỏi tệp trước khi nhập; nếu đã nhập, hãy xoá dữ liệu của người đó lại.`,
        });
      }
      if (!member && notInFile.length > 0) {
        const who = notInFile.map((other) => `${String(other.fields.fullName)} (${String(other.fields.birthYear)})`).join(', ');
        result.warnings.push({
          row: person.row, household_key: household.key, code: 'possible_duplicate', already: who,
          message: `Hộ này đã có ${who} mà tệp không ghi. Nếu đó là người ở dòng này (đã sửa tên hoặc năm sinh), nhập sẽ thành hai người: hãy ghi đúng như cũ rồi sửa trên điện thoại, hoặc xoá người cũ trên điện thoại.`,
        });
      }
    }
  }
  return result;
}

/** A new household whose key another village already has with some of the same people (name and year). */
function samePeopleElsewhere(household: ImportedHousehold, existing: Awaited<ReturnType<typeof existingByKey>>): ImportWarning[] {
  const inFile = new Set(household.persons.map((person) => personIdentity(person.fields)));
  return existing.elsewhere(household).flatMap(({ record, villageName }) => {
    const same = existing.persons.filter((p) => p.fields.householdId === record.id && !p.deleted && inFile.has(personIdentity(p.fields)));
    if (same.length === 0) return [];
    const who = same.map((p) => `${String(p.fields.fullName)} (${String(p.fields.birthYear)})`).join(', ');
    return [{
      row: household.persons[0].row, household_key: household.key, code: 'same_people_other_village' as const, already: `${villageName}: ${who}`,
      message: `Mã hộ "${household.key}" đã có ở ${villageName} với cùng người: ${who}. Nếu lần nhập trước ghi nhầm thôn, nhập lần này sẽ thành hai hộ: hãy giữ thôn cũ trong tệp, hoặc xoá hộ ở ${villageName} trên điện thoại.`,
    }];
  });
}

export async function writeImport(q: Queryable, auth: AuthContext, households: readonly ImportedHousehold[], now: Date, dryRun: boolean) {
  await lockCommuneForWrites(q, auth.communeId); // [PL4] a writer like a push
  const importId = randomUUID();
  const iso = now.toISOString();
  const stamp = (version: number, recordId: string): FieldMeta => ({ v: version, ct: iso, st: iso, m: `import:${importId}:${recordId}`, d: IMPORT_DEVICE });
  const planned = plan(households, await existingByKey(q, auth.communeId, households), auth.communeId, stamp, iso);
  if (!dryRun && planned.writes.length > 0) {
    await writePending(q, planned.writes, auth.userId);
    if (planned.newKeys.length > 0) {
      await q.query(
        `UPDATE households h SET import_key = x.key FROM jsonb_to_recordset($1::jsonb) AS x(id text, key text) WHERE h.id = x.id`,
        [JSON.stringify(planned.newKeys)],
      );
    }
    const scope = { auth, deviceId: IMPORT_DEVICE, now };
    const applied: AppliedRow[] = planned.writes.map(({ record }) => {
      const id = `import:${importId}:${record.id}`;
      return { raw: { id, op: 'upsert', fields: planned.changedFields.get(record), clientTime: iso }, record, result: { id, status: 'applied', version: record.version }, scope };
    });
    await insertAppliedMutations(q, applied);
  }
  return { counts: planned.counts, deleted: planned.deleted, warnings: planned.warnings };
}
