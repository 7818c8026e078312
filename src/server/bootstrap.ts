// First start on an empty database: create the commune and its administrator, so a fresh install can be
// used at once. The generated password is returned (and printed by main.ts) once; only its hash is kept.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from './db/database';
import { PasswordHasher } from './auth/passwords';
import { insertUser } from './auth/users';
import { findAdminUnit, setCommuneUnit, type AdminUnit } from './communes';

export interface BootstrapOptions {
  adminUsername?: string;
  adminPassword?: string;
  /** Official commune code (vn-admin-units.json); absent → the administrator picks it later. */
  communeCode?: string;
  now?: () => Date;
  /** Defaults to the production cost. */
  passwords?: PasswordHasher;
}

export type BootstrapResult =
  | { created: false }
  | { created: true; communeId: string; username: string; password: string; passwordGenerated: boolean };

const BOOTSTRAP_LOCK_KEY = 2026_11_23;

export class BootstrapError extends Error {}

export async function bootstrap(db: Database, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  const unit = options.communeCode ? findAdminUnit(options.communeCode) : undefined;
  if (options.communeCode && !unit) {
    throw new BootstrapError(`COMMUNE_CODE=${options.communeCode} không có trong danh mục vn-admin-units.json`);
  }
  const now = (options.now ?? (() => new Date()))();
  const password = options.adminPassword || randomBytes(12).toString('base64url');
  const passwordHash = await (options.passwords ?? new PasswordHasher()).hash(password);
  return db.transaction(async (tx) => {
    // Two processes starting together on one PostgreSQL must not both create an administrator.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
    const users = await tx.query(`SELECT 1 FROM users LIMIT 1`);
    if (users.length > 0) {
      if (unit) await adoptCommuneCodeIfUnset(tx, unit);
      return { created: false } as const;
    }
    const communeId = randomUUID();
    await tx.query(`INSERT INTO communes (id, created_at) VALUES ($1, $2)`, [communeId, now]);
    if (unit) await setCommuneUnit(tx, communeId, unit);
    const username = options.adminUsername || 'admin';
    await insertUser(tx, { id: randomUUID(), communeId, username, passwordHash, role: 'commune_admin', villageIds: [], createdAt: now });
    return { created: true, communeId, username, password, passwordGenerated: !options.adminPassword } as const;
  });
}

/** A one-commune server started once without COMMUNE_CODE and later with it: take the code then. */
async function adoptCommuneCodeIfUnset(tx: Parameters<Parameters<Database['transaction']>[0]>[0], unit: AdminUnit) {
  const communes = await tx.query<{ id: string; code: string | null }>(`SELECT id, code FROM communes`);
  const taken = communes.some((commune) => commune.code === unit.code);
  if (communes.length === 1 && communes[0].code === null && !taken) await setCommuneUnit(tx, communes[0].id, unit);
}
