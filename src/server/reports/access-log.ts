// The log of downloads of personal data (Law 91/2025/QH15: who accessed whose data, when). Written in the
// same request that hands the data out, before the answer is sent: a download that is not logged does
// not happen.
import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../auth/roles';
import { toIso, type Queryable } from '../db/database';

export interface DataAccessEntry {
  id: string;
  userId: string;
  username: string;
  at: string;
  action: string;
  detail: Record<string, unknown>;
}

export async function recordDataAccess(q: Queryable, auth: AuthContext, at: Date, action: string, detail: Record<string, unknown>): Promise<void> {
  await q.query(
    `INSERT INTO data_access_log (id, commune_id, user_id, session_id, at, action, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [randomUUID(), auth.communeId, auth.userId, auth.sessionId, at, action, JSON.stringify(detail)],
  );
}

export async function listDataAccess(q: Queryable, communeId: string, limit: number): Promise<DataAccessEntry[]> {
  const rows = await q.query<{ id: string; user_id: string; username: string; at: unknown; action: string; detail: Record<string, unknown> }>(
    `SELECT l.id, l.user_id, u.username, l.at, l.action, l.detail FROM data_access_log l JOIN users u ON u.id = l.user_id
     WHERE l.commune_id = $1 ORDER BY l.at DESC, l.id LIMIT $2`,
    [communeId, limit],
  );
  return rows.map((row) => ({ id: row.id, userId: row.user_id, username: row.username, at: toIso(row.at), action: row.action, detail: row.detail }));
}
