// Setting a commune up: its official code and its villages. commune_admin only, own commune only.
// [AD1] [AD2] [AD4] [AD5] in docs/api.md.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { villageSchema } from '../../shared/schemas';
import type { ServerContext } from '../context';
import { toVillage, type VillageRow } from '../auth/users';
import { findAdminUnit, findCommune, setCommuneUnit } from '../communes';
import { isUniqueViolation } from '../db/errors';
import { AppError } from '../http/app-error';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { recordDataAccess } from '../reports/access-log';
import type { Village } from '../../shared/types';

const newVillageSchema = villageSchema.omit({ id: true }).partial({ expectedHouseholds: true });
const villageChangeSchema = villageSchema.omit({ id: true }).partial();
const idParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const communeCodeSchema = z.strictObject({ code: z.string().trim().regex(/^\d{5}$/, { message: 'validation.communeCode' }) });

/** What the office sets of a village, as the administration log keeps it (a missing code as null). */
function villageFacts(village: Village): { name: string; code: string | null; expectedHouseholds: number | null } {
  return { name: village.name, code: village.code ?? null, expectedHouseholds: village.expectedHouseholds };
}

/** A concurrent insert can still hit the unique index after our check: same answer. */
function codeTaken(error: unknown): never {
  throw isUniqueViolation(error) ? new AppError('VILLAGE_CODE_TAKEN') : error;
}

export function adminSetupRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/admin/villages', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const input = parseOrThrow(newVillageSchema, request.body);
    const village = await ctx.db
      .transaction(async (tx) => {
        const rows = await tx.query<VillageRow>(
          `INSERT INTO villages (id, commune_id, name, code, expected_households, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, name, code, expected_households`,
          [randomUUID(), auth.communeId, input.name, input.code || null, input.expectedHouseholds ?? null, ctx.now()],
        );
        const created = toVillage(rows[0]);
        await recordDataAccess(tx, auth, ctx.now(), 'village.create', { villageId: created.id, after: villageFacts(created) });
        return created;
      })
      .catch(codeTaken);
    return reply.status(201).send(village);
  });

  app.patch('/api/admin/villages/:id', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const input = parseOrThrow(villageChangeSchema, request.body);
    return ctx.db
      .transaction(async (tx) => {
        const [old] = await tx.query<VillageRow>(`SELECT id, name, code, expected_households FROM villages WHERE id = $1 AND commune_id = $2 FOR UPDATE`, [id, auth.communeId]);
        if (!old) throw new AppError('NOT_FOUND');
        const rows = await tx.query<VillageRow>(
          `UPDATE villages SET
             name = CASE WHEN $3 THEN $4 ELSE name END,
             code = CASE WHEN $5 THEN $6 ELSE code END,
             expected_households = CASE WHEN $7 THEN $8::integer ELSE expected_households END
           WHERE id = $1 AND commune_id = $2 RETURNING id, name, code, expected_households`,
          [id, auth.communeId, input.name !== undefined, input.name ?? null, input.code !== undefined, input.code || null,
            input.expectedHouseholds !== undefined, input.expectedHouseholds ?? null],
        );
        const [before, after] = [villageFacts(toVillage(old)), villageFacts(toVillage(rows[0]))];
        // The expected households are the coverage figure's denominator: who changed them, from what, is kept.
        if (JSON.stringify(before) !== JSON.stringify(after)) await recordDataAccess(tx, auth, ctx.now(), 'village.update', { villageId: id, before, after });
        return toVillage(rows[0]);
      })
      .catch(codeTaken);
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
