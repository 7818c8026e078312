// POST /api/admin/snapshots?month=YYYY-MM: the administrator takes (or retakes) a month's snapshot now.
// [SN1]–[SN2] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentMonthInVietnam, previousMonth, reportDateOf } from '../../shared/months';
import type { ServerContext } from '../context';
import { AppError } from '../http/app-error';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { monthParam } from '../indicators/query-input';
import { takeSnapshot } from '../indicators/snapshots';

const snapshotQuery = z.strictObject({ month: monthParam });

export function snapshotRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/admin/snapshots', async (request, reply) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { month } = parseOrThrow(snapshotQuery, request.query);
    const now = ctx.now();
    const asOf = reportDateOf(month, now);
    if (asOf === null) throw new AppError('MONTH_NOT_STARTED', { month: 'validation.futureMonth' });
    // Records keep no history: recomputing an old month would put today's statuses into it. Only the
    // running month and the one just ended (late entries before the report deadline) can be (re)taken.
    if (month < previousMonth(currentMonthInVietnam(now))) throw new AppError('MONTH_CLOSED', { month: 'validation.monthClosed' });
    const snapshot = await takeSnapshot(ctx.db, { communeId: auth.communeId, month, asOf, takenBy: auth.userId, now });
    return reply.status(201).send(snapshot);
  });
}
