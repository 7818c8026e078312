// Accounts and their sessions, managed by the commune office. commune_admin only, own commune only.
// [AD1] [AD3] [AD6] [AD7] [AD8] in docs/api.md. Each change of who may reach whose data (an account made,
// its villages, locked, its password reset, a phone revoked) is written to the data access log in the
// same transaction as the change.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { listAccounts, listSessions, replaceVillages, revokeAllSessions, revokeSessionOfCommune } from '../auth/accounts';
import { ROLES } from '../auth/roles';
import { findUserByUsername, insertUser } from '../auth/users';
import type { Queryable } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { AppError } from '../http/app-error';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { recordDataAccess } from '../reports/access-log';

const password = z.string().min(8, { message: 'validation.passwordTooShort' }).max(200);
const villageIds = z.array(z.string().min(1).max(64)).max(200);
const newUserSchema = z.strictObject({
  username: z.string().trim().regex(/^[A-Za-z0-9._-]{3,40}$/, { message: 'validation.username' }),
  password,
  role: z.enum(ROLES),
  villageIds: villageIds.default([]),
});
const userChangeSchema = z.strictObject({ villageIds: villageIds.optional(), disabled: z.boolean().optional(), password: password.optional(), role: z.enum(ROLES).optional() });
const idParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const sessionsQuerySchema = z.strictObject({ userId: z.string().min(1).max(64).optional() });

async function checkOwnVillages(q: Queryable, communeId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const own = await q.query(`SELECT id FROM villages WHERE commune_id = $1 AND id = ANY($2)`, [communeId, ids]);
  if (own.length !== ids.length) throw new AppError('FORBIDDEN_VILLAGE');
}

export function adminAccountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/admin/users', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    return { users: await listAccounts(ctx.db, auth.communeId) };
  });

  app.post('/api/admin/users', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const input = parseOrThrow(newUserSchema, request.body);
    // A commune_admin works in all villages of the commune; an explicit list would only go stale.
    const villages = input.role === 'commune_admin' ? [] : [...new Set(input.villageIds)];
    const passwordHash = await ctx.passwords.hash(input.password);
    const id = randomUUID();
    await ctx.db
      .transaction(async (tx) => {
        await checkOwnVillages(tx, auth.communeId, villages);
        if (await findUserByUsername(tx, input.username)) throw new AppError('USERNAME_TAKEN');
        await insertUser(tx, { id, communeId: auth.communeId, username: input.username, passwordHash, role: input.role, villageIds: villages, createdAt: ctx.now() });
        await recordDataAccess(tx, auth, ctx.now(), 'account.create', { userId: id, username: input.username, role: input.role, villageIds: villages });
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? new AppError('USERNAME_TAKEN') : error;
      });
    return reply.status(201).send({ id, username: input.username, role: input.role, communeId: auth.communeId, villageIds: villages });
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const input = parseOrThrow(userChangeSchema, request.body);
    // The office must not lock itself out by accident (nor leave the commune without an administrator).
    if (id === auth.userId && (input.disabled || (input.role !== undefined && input.role !== auth.role))) throw new AppError('FORBIDDEN');
    const passwordHash = input.password === undefined ? undefined : await ctx.passwords.hash(input.password);
    return ctx.db.transaction(async (tx) => {
      // Two offices changing one account at once take turns: otherwise both replace its villages from the
      // same list (and log the wrong "before"). The caller's row is locked with it, in one order: two
      // administrators demoting or locking each other at once would otherwise both succeed and leave the
      // commune without one; the second now finds it is no longer an administrator.
      const locked = await tx.query<{ id: string; role: string; disabled: boolean }>(
        `SELECT id, role, disabled FROM users WHERE id = ANY($1) AND commune_id = $2 ORDER BY id FOR UPDATE`,
        [[id, auth.userId], auth.communeId],
      );
      const caller = locked.find((row) => row.id === auth.userId);
      if (!caller || caller.role !== 'commune_admin' || caller.disabled) throw new AppError('FORBIDDEN');
      const [account] = await listAccounts(tx, auth.communeId, id);
      if (!account) throw new AppError('NOT_FOUND');
      const role = input.role ?? account.role;
      const roleChanged = role !== account.role;
      if (roleChanged) await tx.query(`UPDATE users SET role = $2 WHERE id = $1`, [id, role]);
      if (role === 'commune_admin') {
        // A commune_admin works in all villages; a list kept from the old role would only go stale.
        if (roleChanged) await replaceVillages(tx, id, []);
      } else if (input.villageIds !== undefined) {
        const villages = [...new Set(input.villageIds)];
        await checkOwnVillages(tx, auth.communeId, villages);
        await replaceVillages(tx, id, villages);
      }
      if (input.disabled !== undefined) await tx.query(`UPDATE users SET disabled = $2 WHERE id = $1`, [id, input.disabled]);
      if (passwordHash) await tx.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
      // A new role takes effect on the server at the next request; the phones show the old role's
      // screens until they sign in again, so they are made to (what they have not sent stays on them).
      if (input.disabled || passwordHash || roleChanged) await revokeAllSessions(tx, id, ctx.now());
      const after = (await listAccounts(tx, auth.communeId, id))[0];
      const changed = {
        ...(roleChanged ? { role, roleBefore: account.role } : {}),
        ...(after.villageIds.join() !== account.villageIds.join() ? { villageIds: after.villageIds, villageIdsBefore: account.villageIds } : {}),
        ...(after.disabled !== account.disabled ? { disabled: after.disabled } : {}),
        ...(passwordHash ? { passwordReset: true } : {}),
      };
      // A request that changed nothing (the same villages again, an account already locked) is not an access change.
      if (Object.keys(changed).length > 0) await recordDataAccess(tx, auth, ctx.now(), 'account.update', { userId: id, username: account.username, ...changed });
      return after;
    });
  });

  app.get('/api/admin/devices', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { userId } = parseOrThrow(sessionsQuerySchema, request.query);
    return { devices: await listSessions(ctx.db, auth.communeId, userId) };
  });

  app.post('/api/admin/devices/:id/revoke', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    await ctx.db.transaction(async (tx) => {
      const [device] = await tx.query<{ user_id: string; username: string; revoked: boolean }>(
        `SELECT d.user_id, u.username, d.revoked_at IS NOT NULL AS revoked FROM devices d JOIN users u ON u.id = d.user_id
         WHERE d.id = $1 AND u.commune_id = $2 FOR UPDATE OF d`,
        [id, auth.communeId],
      );
      if (!device) throw new AppError('NOT_FOUND');
      await revokeSessionOfCommune(tx, auth.communeId, id, ctx.now());
      // Revoking a phone already cut off changes nothing.
      if (!device.revoked) await recordDataAccess(tx, auth, ctx.now(), 'account.revokeDevice', { deviceId: id, userId: device.user_id, username: device.username });
    });
    return reply.status(204).send();
  });
}
