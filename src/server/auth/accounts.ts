// SQL for managing accounts and their login sessions from the commune office: a lost phone is revoked,
// a member who leaves is disabled, assignments change.
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import type { Role } from './roles';

export interface AccountView {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  villageIds: string[];
  createdAt: string;
}

export interface SessionView {
  id: string;
  userId: string;
  username: string;
  name: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export async function listAccounts(q: Queryable, communeId: string, onlyUserId?: string): Promise<AccountView[]> {
  const rows = await q.query<{ id: string; username: string; role: Role; disabled: boolean; created_at: unknown; village_ids: string[] | null }>(
    `SELECT u.id, u.username, u.role, u.disabled, u.created_at,
            array_remove(array_agg(uv.village_id ORDER BY uv.village_id), NULL) AS village_ids
     FROM users u LEFT JOIN user_villages uv ON uv.user_id = u.id
     WHERE u.commune_id = $1 AND ($2::text IS NULL OR u.id = $2)
     GROUP BY u.id ORDER BY lower(u.username)`,
    [communeId, onlyUserId ?? null],
  );
  return rows.map((row) => ({
    id: row.id, username: row.username, role: row.role, disabled: row.disabled, villageIds: row.village_ids ?? [], createdAt: toIso(row.created_at),
  }));
}

export async function replaceVillages(q: Queryable, userId: string, villageIds: readonly string[]): Promise<void> {
  await q.query(`DELETE FROM user_villages WHERE user_id = $1`, [userId]);
  for (const villageId of villageIds) {
    await q.query(`INSERT INTO user_villages (user_id, village_id) VALUES ($1, $2)`, [userId, villageId]);
  }
}

/** Ends every session of a user (disabled, or password reset): their phones must log in again. */
export async function revokeAllSessions(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query(`UPDATE devices SET revoked_at = $2, revoked_by_office = true WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
}

export async function listSessions(q: Queryable, communeId: string, userId?: string): Promise<SessionView[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT d.id, d.user_id, u.username, d.name, d.created_at, d.last_seen_at, d.expires_at, d.revoked_at
     FROM devices d JOIN users u ON u.id = d.user_id
     WHERE u.commune_id = $1 AND ($2::text IS NULL OR d.user_id = $2)
     ORDER BY d.last_seen_at DESC LIMIT 1000`,
    [communeId, userId ?? null],
  );
  return rows.map((row) => ({
    id: String(row.id), userId: String(row.user_id), username: String(row.username), name: (row.name as string | null) ?? null,
    createdAt: toIso(row.created_at), lastSeenAt: toIso(row.last_seen_at), expiresAt: toIso(row.expires_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
  }));
}

/** Revokes one session of the commune; false when there is no such session. */
export async function revokeSessionOfCommune(q: Queryable, communeId: string, sessionId: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `UPDATE devices d SET revoked_at = COALESCE(d.revoked_at, $3), revoked_by_office = (d.revoked_by_office OR d.revoked_at IS NULL) FROM users u
     WHERE d.id = $2 AND u.id = d.user_id AND u.commune_id = $1 RETURNING d.id`,
    [communeId, sessionId, now],
  );
  return rows.length > 0;
}
