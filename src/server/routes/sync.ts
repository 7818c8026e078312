// The sync endpoints of protocol v1 (docs/sync-protocol.md). Thin: check the envelope, hand over.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES, pushRequestSchema, recordsRequestSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { AppError } from '../http/app-error';
import { requireAuth } from '../http/guards';
import { checkProtocolVersion } from '../http/protocol-version';
import { parseOrThrow } from '../http/validate';
import { recordsJson } from '../sync/fetch-records';
import { applyPush } from '../sync/push';
import { clampLimit, pullInSnapshot } from '../sync/pull';
import { decodeCursor } from '../sync/cursor';
import { currentGeneration } from '../sync/generation';

const pullQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  protocolVersion: z.coerce.number().int().optional(),
});

export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/sync/push', { bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const auth = await requireAuth(ctx, request);
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', { _: 'validation.invalid_type' });
    // The version before anything else: a newer client's body may not fit this server's schema. [P2]
    checkProtocolVersion((body as Record<string, unknown>).protocolVersion);
    const mutations = (body as Record<string, unknown>).mutations;
    if (Array.isArray(mutations) && mutations.length > MAX_MUTATIONS_PER_PUSH) throw new AppError('TOO_MANY_MUTATIONS');
    const input = parseOrThrow(pushRequestSchema, body);
    // [PU12] Bases and versions of a phone that synced before a restore are of the database's earlier
    // life: it must pull first (and send back what the restore lost), then push.
    const generation = decodeCursor(input.cursor)?.generation;
    if (generation !== undefined && generation !== (await currentGeneration(ctx.db))) throw new AppError('SERVER_RESTORED');
    return applyPush(ctx.db, { auth, deviceId: input.deviceId, now: ctx.now() }, input.mutations);
  });

  app.get('/api/sync/pull', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const query = parseOrThrow(pullQuerySchema, request.query);
    // [P2] The header was checked for every request (protocol-version.ts); the query form only here.
    if (query.protocolVersion !== undefined) checkProtocolVersion(query.protocolVersion);
    reply.header('cache-control', 'no-store');
    // Already JSON (pull.ts splices the records PostgreSQL shaped): sent as it is, not serialised again.
    const body = await pullInSnapshot(ctx.db, auth, query.cursor, clampLimit(query.limit));
    return reply.type('application/json; charset=utf-8').send(body);
  });

  // [PL7] The server's copy of named records (a phone restoring one after discarding a refused change).
  app.post('/api/sync/records', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', { _: 'validation.invalid_type' });
    checkProtocolVersion((body as Record<string, unknown>).protocolVersion);
    const input = parseOrThrow(recordsRequestSchema, body);
    reply.header('cache-control', 'no-store');
    return reply.type('application/json; charset=utf-8').send(await recordsJson(ctx.db, auth, input.records));
  });
}
