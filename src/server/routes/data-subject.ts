// Data-subject requests (Law 91/2025/QH15): GET /api/persons/:id/export and POST /api/persons/:id/erase;
// households whose consent was withdrawn (GET /api/admin/consent-withdrawn) and erasing one whole (POST
// /api/households/:id/erase). commune_admin only; each export and erase is written to the data-access log.
// [DS1]–[DS5] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { erasePerson, exportPerson } from '../audit/data-subject';
import { consentWithdrawn, eraseHousehold } from '../audit/household-erasure';
import { recordDataAccess } from '../reports/access-log';

const idParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

export function dataSubjectRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/persons/:id/export', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const now = ctx.now();
    const data = await ctx.db.transaction(async (tx) => {
      const exported = await exportPerson(tx, auth, id, now);
      await recordDataAccess(tx, auth, now, 'person.export', { personId: id });
      return exported;
    });
    return reply.header('cache-control', 'no-store').send(data);
  });

  app.post('/api/persons/:id/erase', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const now = ctx.now();
    return ctx.db.transaction(async (tx) => {
      const erased = await erasePerson(tx, auth, id, now);
      // Who erased whom and when; never what was erased.
      await recordDataAccess(tx, auth, now, 'person.erase', { personId: id });
      return erased;
    });
  });

  app.get('/api/admin/consent-withdrawn', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    return reply.header('cache-control', 'no-store').send({ households: await consentWithdrawn(ctx.db, auth.communeId) });
  });

  app.post('/api/households/:id/erase', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const now = ctx.now();
    return ctx.db.transaction(async (tx) => {
      const erased = await eraseHousehold(tx, auth, id, now);
      await recordDataAccess(tx, auth, now, 'household.erase', { householdId: id });
      return erased;
    });
  });
}
