// The commune's targets: read by everyone signed in (dashboards show them), changed by its administrator.
// [TG1]–[TG3] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_TARGETS, INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { ServerContext } from '../context';
import { requireAuth, requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { loadTargets, saveTargets } from '../indicators/targets';
import { recordDataAccess } from '../reports/access-log';

const targetRate = z.number().min(0, { message: 'validation.targetRate' }).max(1, { message: 'validation.targetRate' }).nullable();
/** Only known indicator keys (anything else is UNKNOWN_FIELD), each a rate 0..1, or null for the default. */
const targetsChangeSchema = z.strictObject(
  Object.fromEntries(INDICATOR_KEYS.map((key) => [key, targetRate.optional()])) as Record<IndicatorKey, z.ZodOptional<typeof targetRate>>,
);

export function targetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/targets', async (request) => {
    const auth = await requireAuth(ctx, request);
    return { targets: await loadTargets(ctx.db, auth.communeId), defaults: DEFAULT_TARGETS };
  });

  app.put('/api/admin/targets', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const changes = parseOrThrow(targetsChangeSchema, request.body);
    await ctx.db.transaction(async (tx) => {
      const before = await loadTargets(tx, auth.communeId);
      await saveTargets(tx, auth.communeId, changes, auth.userId, ctx.now());
      const after = await loadTargets(tx, auth.communeId);
      // Who moved a target, from what to what: the report's "đạt / chưa đạt" depends on it ([AD8]).
      const moved = INDICATOR_KEYS.filter((key) => before[key] !== after[key]);
      if (moved.length > 0) {
        await recordDataAccess(tx, auth, ctx.now(), 'targets.update', {
          before: Object.fromEntries(moved.map((key) => [key, before[key]])),
          after: Object.fromEntries(moved.map((key) => [key, after[key]])),
        });
      }
    });
    return { targets: await loadTargets(ctx.db, auth.communeId), defaults: DEFAULT_TARGETS };
  });
}
