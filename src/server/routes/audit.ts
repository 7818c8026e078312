// The audit trail: GET /api/households/:id/history (a household and its persons, for anyone who may see
// the household) and GET /api/admin/audit?userId=&from=&to= (the commune's changes, commune_admin only).
// [AU1]–[AU3] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { AppError } from '../http/app-error';
import { requireAuth, requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { communeAudit, householdHistory } from '../audit/history';
import { isoDateParam } from '../indicators/query-input';

const idParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const auditQuery = z.strictObject({
  userId: z.string().min(1).max(64).optional(),
  from: isoDateParam.optional(),
  to: isoDateParam.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Calendar days are Vietnam's (UTC+7, no daylight saving): a day runs from 00:00 to 24:00 there. */
const startOfDayInVietnam = (day: string) => new Date(`${day}T00:00:00+07:00`);
const endOfDayInVietnam = (day: string) => new Date(startOfDayInVietnam(day).getTime() + 24 * 60 * 60 * 1000 - 1);

export function auditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/households/:id/history', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const rows = await ctx.db.query<{ village_id: string }>(`SELECT village_id FROM households WHERE id = $1 AND commune_id = $2`, [id, auth.communeId]);
    // Another village's household and an unknown id get the same answer.
    if (!rows[0] || !auth.villageIds.includes(rows[0].village_id)) throw new AppError('NOT_FOUND');
    reply.header('cache-control', 'no-store');
    return { entries: await householdHistory(ctx.db, auth.communeId, id) };
  });

  app.get('/api/admin/audit', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const query = parseOrThrow(auditQuery, request.query);
    reply.header('cache-control', 'no-store');
    const entries = await communeAudit(ctx.db, auth.communeId, {
      userId: query.userId,
      from: query.from ? startOfDayInVietnam(query.from) : undefined,
      to: query.to ? endOfDayInVietnam(query.to) : undefined,
      limit: query.limit ?? 200,
    });
    return { entries };
  });
}
