// A second commune on the same server (a province-level deployment), made with SQL because the API has
// no "create commune" route: its administrator, a village and a member, to prove commune isolation.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../../src/server/auth/passwords';
import type { TestServer } from './test-server';

export interface OtherCommune {
  communeId: string;
  villageId: string;
  admin: { id: string; username: string; token: string };
  member: { id: string; username: string; token: string };
}

export async function createSecondCommune(server: TestServer): Promise<OtherCommune> {
  const communeId = randomUUID();
  const villageId = randomUUID();
  const password = 'mat-khau-xa-khac-1';
  const passwordHash = await hashPassword(password);
  const now = server.clock.now();
  await server.db.query(`INSERT INTO communes (id, created_at) VALUES ($1, $2)`, [communeId, now]);
  await server.db.query(`INSERT INTO villages (id, commune_id, name, expected_households, created_at) VALUES ($1, $2, 'Thôn Xã Khác', 10, $3)`, [villageId, communeId, now]);
  const users = [];
  for (const role of ['commune_admin', 'member'] as const) {
    const id = randomUUID();
    const username = `other-${role}-${id.slice(0, 6)}`;
    await server.db.query(`INSERT INTO users (id, commune_id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [id, communeId, username, passwordHash, role, now]);
    if (role === 'member') await server.db.query(`INSERT INTO user_villages (user_id, village_id) VALUES ($1, $2)`, [id, villageId]);
    users.push({ id, username, token: await server.login(username, password) });
  }
  return { communeId, villageId, admin: users[0], member: users[1] };
}
