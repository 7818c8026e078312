// Conflict review for village heads and the commune office. [CR1]–[CR3] in docs/sync-protocol.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { REVIEWER_ROLES } from '../auth/roles';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { listConflicts, resolveConflict } from '../sync/conflicts';

const listQuerySchema = z.strictObject({ status: z.enum(['open', 'resolved']).default('open') });
const resolveSchema = z.strictObject({ keep: z.enum(['server', 'client', 'current']) });
const idParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

export function conflictRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/conflicts', async (request) => {
    const auth = await requireRole(ctx, request, REVIEWER_ROLES);
    const { status } = parseOrThrow(listQuerySchema, request.query);
    return { conflicts: await listConflicts(ctx.db, auth, status) };
  });

  app.post('/api/conflicts/:id/resolve', async (request) => {
    const auth = await requireRole(ctx, request, REVIEWER_ROLES);
    const { id } = parseOrThrow(idParamsSchema, request.params);
    const { keep } = parseOrThrow(resolveSchema, request.body);
    return ctx.db.transaction((tx) => resolveConflict(tx, auth, id, keep, ctx.now()));
  });
}
