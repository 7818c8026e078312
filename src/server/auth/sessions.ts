// Login sessions ("devices"): one row per login, holding the token's hash, when it was last seen, when it
// expires and whether it was revoked. A revoked or expired token is refused at once. [A2]
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database';
import { toIso } from '../db/database';
import { AppError } from '../http/app-error';
import type { AuthContext, Role } from './roles';
import { bearerToken, hashToken, newToken } from './tokens';
import { villagesOf } from './users';

/** A phone may stay offline for months; a year-long token avoids locking out a member with unsent work. */
export const TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so a burst of syncs costs no extra writes. */
const LAST_SEEN_GRANULARITY_MS = 5 * 60 * 1000;

/** `lifetimeMs`: TOKEN_TTL_DAYS of the server's configuration; a year by default (see above). */
export async function createSession(q: Queryable, userId: string, deviceName: string | undefined, now: Date, lifetimeMs = TOKEN_LIFETIME_MS) {
  const token = newToken();
  await q.query(
    `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $5, $6)`,
    [randomUUID(), userId, deviceName ?? null, hashToken(token), now, new Date(now.getTime() + lifetimeMs)],
  );
  return token;
}

interface SessionRow {
  session_id: string;
  last_seen_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  revoked_by_office: boolean;
  user_id: string;
  username: string;
  role: Role;
  commune_id: string;
  disabled: boolean;
}

export async function authenticate(q: Queryable, authorization: string | undefined, now: Date): Promise<AuthContext> {
  const token = bearerToken(authorization);
  if (!token) throw new AppError('UNAUTHENTICATED');
  const rows = await q.query<SessionRow>(
    `SELECT d.id AS session_id, d.last_seen_at, d.expires_at, d.revoked_at, d.revoked_by_office,
            u.id AS user_id, u.username, u.role, u.commune_id, u.disabled
     FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  // A session the office ended (a lost phone, a password reset) is told so: the phone shows its user why,
  // instead of a bare "sign in again". A logout, an expiry or a disabled account stay UNAUTHENTICATED.
  if (row && row.revoked_at !== null && row.revoked_by_office && !row.disabled) throw new AppError('DEVICE_REVOKED');
  if (!row || row.revoked_at !== null || row.disabled || new Date(toIso(row.expires_at)) <= now) throw new AppError('UNAUTHENTICATED');
  if (now.getTime() - new Date(toIso(row.last_seen_at)).getTime() > LAST_SEEN_GRANULARITY_MS) {
    await q.query(`UPDATE devices SET last_seen_at = $2 WHERE id = $1`, [row.session_id, now]);
  }
  const user = { id: row.user_id, role: row.role, communeId: row.commune_id };
  const villages = await villagesOf(q, user);
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    communeId: row.commune_id,
    villageIds: villages.map((village) => village.id),
    sessionId: row.session_id,
  };
}

export async function revokeSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.query(`UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, now]);
}
