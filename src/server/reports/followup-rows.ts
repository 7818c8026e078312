// The follow-up sheet's rows: who still lacks what at the report date, by village and household — the
// same list as the phone's follow-up screen (shared/followup.ts), read from the server's records.
// Personal data: only the commune administrator gets it, and each download is logged (access-log.ts).
import { ageAt } from '../../shared/dates';
import { followUpList, type Gap } from '../../shared/followup';
import type { Person } from '../../shared/types';
import type { Village } from '../../shared/types';
import type { Queryable } from '../db/database';

export interface FollowUpRow {
  villageName: string;
  headName: string;
  address: string;
  fullName: string;
  birthYear: number;
  age: number;
  gaps: Gap[];
}

interface HouseholdRow {
  id: string;
  village_id: string;
  head_name: string;
  address: string;
}

type PersonRow = Pick<Person, 'vneid' | 'digitalSignature' | 'smartphone' | 'digitalSkills' | 'residency'> & {
  id: string;
  household_id: string;
  full_name: string;
  birth_year: number;
  birth_date: string | null;
  health_book: boolean;
  payment_account: boolean;
  online_public_services: boolean;
};

export async function loadFollowUpRows(q: Queryable, communeId: string, villages: readonly Village[], asOf: string): Promise<FollowUpRow[]> {
  const ids = villages.map((v) => v.id);
  const [households, persons] = await Promise.all([
    q.query<HouseholdRow>(`SELECT id, village_id, head_name, address FROM households WHERE commune_id = $1 AND village_id = ANY($2) AND NOT deleted`, [communeId, ids]),
    // Only counted persons can have gaps (followup.ts); the others are not even read.
    q.query<PersonRow>(
      `SELECT id, household_id, full_name, birth_year, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, residency, vneid,
              digital_signature AS "digitalSignature", health_book, payment_account, smartphone, digital_skills AS "digitalSkills",
              online_public_services
       FROM persons WHERE commune_id = $1 AND village_id = ANY($2) AND NOT deleted AND residency IN ('permanent', 'temporary', 'absent')`,
      [communeId, ids],
    ),
  ]);
  const people = persons.map((p) => ({
    id: p.id,
    householdId: p.household_id,
    fullName: p.full_name,
    birthYear: p.birth_year,
    // NULL in the database is "not given", as an absent field on the phone.
    birthDate: p.birth_date ?? undefined,
    residency: p.residency,
    deleted: false,
    vneid: p.vneid,
    digitalSignature: p.digitalSignature,
    healthBook: p.health_book,
    paymentAccount: p.payment_account,
    smartphone: p.smartphone,
    digitalSkills: p.digitalSkills,
    onlinePublicServices: p.online_public_services,
  }));
  const rows: FollowUpRow[] = [];
  for (const village of villages) {
    const villageHouseholds = households
      .filter((h) => h.village_id === village.id)
      .map((h) => ({ id: h.id, headName: h.head_name, address: h.address, deleted: false }));
    const householdIds = new Set(villageHouseholds.map((h) => h.id));
    const list = followUpList(villageHouseholds, people.filter((p) => householdIds.has(p.householdId)), asOf);
    for (const { household, persons: members } of list) {
      for (const { person, gaps } of members) {
        rows.push({
          villageName: village.name,
          headName: household.headName,
          address: household.address,
          fullName: person.fullName,
          birthYear: person.birthYear,
          age: ageAt(person, asOf),
          gaps,
        });
      }
    }
  }
  return rows;
}
