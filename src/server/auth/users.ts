// SQL about users and the villages they may work in.
import type { Village } from '../../shared/types';
import type { Queryable } from '../db/database';
import type { Role } from './roles';
import { compareVillageNames } from '../../shared/text';

export interface UserRow {
  id: string;
  commune_id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
}

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await q.query<UserRow>(
    `SELECT id, commune_id, username, password_hash, role, disabled FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

/**
 * A commune_admin works in every village of the commune; others in their assigned villages. In Vietnamese
 * order (the database's collation is not Vietnamese on PGlite), which lists and reports keep.
 */
export async function villagesOf(q: Queryable, user: { id: string; role: Role; communeId: string }): Promise<Village[]> {
  const rows =
    user.role === 'commune_admin'
      ? await q.query<VillageRow>(`SELECT id, name, code, expected_households FROM villages WHERE commune_id = $1`, [user.communeId])
      : await q.query<VillageRow>(
          `SELECT v.id, v.name, v.code, v.expected_households FROM villages v
           JOIN user_villages uv ON uv.village_id = v.id
           WHERE uv.user_id = $1 AND v.commune_id = $2`,
          [user.id, user.communeId],
        );
  return rows.map(toVillage).sort((a, b) => compareVillageNames(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

export interface VillageRow {
  id: string;
  name: string;
  code: string | null;
  expected_households: number | null;
}

export function toVillage(row: VillageRow): Village {
  const village: Village = { id: row.id, name: row.name, expectedHouseholds: row.expected_households };
  if (row.code !== null) village.code = row.code;
  return village;
}

export interface NewUser {
  id: string;
  communeId: string;
  username: string;
  passwordHash: string;
  role: Role;
  villageIds: readonly string[];
  createdAt: Date;
}

export async function insertUser(q: Queryable, user: NewUser): Promise<void> {
  await q.query(
    `INSERT INTO users (id, commune_id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [user.id, user.communeId, user.username, user.passwordHash, user.role, user.createdAt],
  );
  for (const villageId of user.villageIds) {
    await q.query(`INSERT INTO user_villages (user_id, village_id) VALUES ($1, $2)`, [user.id, villageId]);
  }
}
