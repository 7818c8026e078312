// The database's generation (migration 2026-11-23-server-generation): a restore of a backup gives it a
// new one, and pull cursors carry it, so a phone that pulled from the database before the restore starts
// its pull again instead of skipping what was written again under the same change numbers. [PL8]
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';

export async function currentGeneration(q: Queryable): Promise<string> {
  const [row] = await q.query<{ generation: string }>('SELECT generation FROM server_generation');
  return row.generation;
}

/** After a restore: a new generation, and when. Returns the new generation. */
export async function markRestored(q: Queryable, now: Date): Promise<string> {
  const generation = randomBytes(6).toString('hex');
  await q.query('UPDATE server_generation SET generation = $1, restored_at = $2', [generation, now.toISOString()]);
  return generation;
}
