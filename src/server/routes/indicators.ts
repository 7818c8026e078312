// GET /api/indicators and GET /api/indicators/trends: the "công dân số" figures of the caller's scope.
// [IN1]–[IN5] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInVietnam } from '../../shared/dates';
import { sumIndicatorCounts, withRates } from '../../shared/indicators';
import type { ServerContext } from '../context';
import { requireAuth } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { computeIndicators } from '../indicators/compute';
import { isoDateParam, villageIdParam } from '../indicators/query-input';
import { resolveScope } from '../indicators/scope';
import { loadTrends } from '../indicators/snapshots';
import { loadTargets } from '../indicators/targets';

const indicatorsQuery = z.strictObject({ asOf: isoDateParam.optional(), villageId: villageIdParam.optional() });
const trendsQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(120).optional(),
  villageId: villageIdParam.optional(),
});

export function indicatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/indicators', async (request) => {
    const auth = await requireAuth(ctx, request);
    const query = parseOrThrow(indicatorsQuery, request.query);
    const scope = await resolveScope(ctx.db, auth, query.villageId);
    return computeIndicators(ctx.db, auth.communeId, scope, query.asOf ?? todayInVietnam(ctx.now()));
  });

  app.get('/api/indicators/trends', async (request) => {
    const auth = await requireAuth(ctx, request);
    const query = parseOrThrow(trendsQuery, request.query);
    const scope = await resolveScope(ctx.db, auth, query.villageId);
    const villageIds = scope.villages.map((v) => v.id);
    const [months, targets] = await Promise.all([
      loadTrends(ctx.db, auth.communeId, villageIds, query.months ?? 12, ctx.now()),
      loadTargets(ctx.db, auth.communeId),
    ]);
    return {
      scope: scope.kind,
      months: months.map((snapshot) => ({
        month: snapshot.month,
        asOf: snapshot.asOf,
        takenAt: snapshot.takenAt,
        // The scope's total as it was then: the sum over the villages the snapshot holds.
        indicators: withRates(sumIndicatorCounts([...snapshot.villages.values()]), targets),
        villages: scope.villages
          .filter((village) => snapshot.villages.has(village.id))
          .map((village) => ({ villageId: village.id, name: village.name, indicators: withRates(snapshot.villages.get(village.id)!, targets) })),
      })),
    };
  });
}
