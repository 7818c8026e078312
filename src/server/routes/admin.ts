// The minimal administration needed to set a commune up: its official code, villages and accounts.
// commune_admin only; everything is scoped to the administrator's own commune. [AD1]–[AD4]
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { villageSchema } from '../../shared/schemas';
import type { ServerContext } from '../context';
import { hashPassword } from '../auth/passwords';
import { ROLES } from '../auth/roles';
import { findUserByUsername, insertUser, toVillage, type VillageRow } from '../auth/users';
import { findAdminUnit, findCommune, setCommuneUnit } from '../communes';
import { AppError } from '../http/app-error';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';

const newVillageSchema = villageSchema.omit({ id: true }).partial({ expectedHouseholds: true });

const newUserSchema = z.strictObject({
  username: z.string().trim().regex(/^[A-Za-z0-9._-]{3,40}$/, { message: 'validation.username' }),
  password: z.string().min(8, { message: 'validation.passwordTooShort' }).max(200),
  role: z.enum(ROLES),
  villageIds: z.array(z.string().min(1).max(64)).max(200).default([]),
});

const communeCodeSchema = z.strictObject({ code: z.string().trim().regex(/^\d{5}$/, { message: 'validation.communeCode' }) });

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/admin/villages', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const input = parseOrThrow(newVillageSchema, request.body);
    const village = await ctx.db.transaction(async (tx) => {
      if (input.code) {
        const taken = await tx.query(`SELECT 1 FROM villages WHERE commune_id = $1 AND code = $2`, [auth.communeId, input.code]);
        if (taken.length > 0) throw new AppError('VILLAGE_CODE_TAKEN');
      }
      const rows = await tx.query<VillageRow>(
        `INSERT INTO villages (id, commune_id, name, code, expected_households, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, code, expected_households`,
        [randomUUID(), auth.communeId, input.name, input.code || null, input.expectedHouseholds ?? null, ctx.now()],
      );
      return toVillage(rows[0]);
    });
    return reply.status(201).send(village);
  });

  app.post('/api/admin/users', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const input = parseOrThrow(newUserSchema, request.body);
    // A commune_admin works in all villages of the commune; an explicit list would only go stale.
    const villageIds = input.role === 'commune_admin' ? [] : [...new Set(input.villageIds)];
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await ctx.db.transaction(async (tx) => {
      if (villageIds.length > 0) {
        const own = await tx.query<{ id: string }>(`SELECT id FROM villages WHERE commune_id = $1 AND id = ANY($2)`, [auth.communeId, villageIds]);
        if (own.length !== villageIds.length) throw new AppError('FORBIDDEN_VILLAGE');
      }
      if (await findUserByUsername(tx, input.username)) throw new AppError('USERNAME_TAKEN');
      await insertUser(tx, { id, communeId: auth.communeId, username: input.username, passwordHash, role: input.role, villageIds, createdAt: ctx.now() });
    });
    return reply.status(201).send({ id, username: input.username, role: input.role, communeId: auth.communeId, villageIds });
  });

  app.put('/api/admin/commune', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { code } = parseOrThrow(communeCodeSchema, request.body);
    const unit = findAdminUnit(code);
    if (!unit) throw new AppError('COMMUNE_CODE_UNKNOWN', { code: 'validation.communeCode' });
    return ctx.db.transaction(async (tx) => {
      const commune = await findCommune(tx, auth.communeId);
      // Changing the official code once data exists would relabel every report: only the first choice.
      if (commune?.code && commune.code !== code) throw new AppError('COMMUNE_ALREADY_SET');
      const elsewhere = await tx.query(`SELECT 1 FROM communes WHERE code = $1 AND id <> $2`, [code, auth.communeId]);
      if (elsewhere.length > 0) throw new AppError('COMMUNE_ALREADY_SET');
      await setCommuneUnit(tx, auth.communeId, unit);
      return findCommune(tx, auth.communeId);
    });
  });
}
