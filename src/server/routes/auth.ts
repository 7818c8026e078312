// Login, logout and "who am I". [A1]–[A5] in docs/api.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { createSession, revokeSession } from '../auth/sessions';
import { findUserByUsername, villagesOf } from '../auth/users';
import { findCommune } from '../communes';
import { AppError } from '../http/app-error';
import { requireAuth } from '../http/guards';
import { parseOrThrow } from '../http/validate';

const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  deviceName: z.string().trim().max(100).optional(),
});

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/auth/login', async (request, reply) => {
    const input = parseOrThrow(loginSchema, request.body);
    // [A3] Throttle by client address and username together: one noisy phone cannot lock out the village.
    const limitKey = `${request.ip}|${input.username.toLowerCase()}`;
    const wait = ctx.loginLimiter.takeAttempt(limitKey);
    if (wait > 0) throw new AppError('RATE_LIMITED', undefined, { 'retry-after': String(wait) });

    const user = await findUserByUsername(ctx.db, input.username);
    // [A2] Unknown user, disabled user and wrong password get the same answer after the same scrypt work.
    const valid = user && !user.disabled ? await ctx.passwords.verify(input.password, user.password_hash) : await ctx.passwords.burn(input.password).then(() => false);
    if (!user || !valid) throw new AppError('INVALID_CREDENTIALS');
    ctx.loginLimiter.recordSuccess(limitKey);
    const token = await createSession(ctx.db, user.id, input.deviceName, ctx.now(), ctx.tokenLifetimeMs);
    const villages = await villagesOf(ctx.db, { id: user.id, role: user.role, communeId: user.commune_id });
    reply.header('cache-control', 'no-store');
    return {
      token,
      user: { id: user.id, username: user.username, role: user.role, communeId: user.commune_id, villageIds: villages.map((v) => v.id) },
    };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    await revokeSession(ctx.db, auth.sessionId, ctx.now());
    return reply.status(204).send();
  });

  app.get('/api/me', async (request) => {
    const auth = await requireAuth(ctx, request);
    const [villages, commune] = await Promise.all([
      villagesOf(ctx.db, { id: auth.userId, role: auth.role, communeId: auth.communeId }),
      findCommune(ctx.db, auth.communeId),
    ]);
    return {
      user: { id: auth.userId, username: auth.username, role: auth.role, communeId: auth.communeId, villageIds: auth.villageIds },
      commune,
      villages,
    };
  });

  app.get('/api/villages', async (request) => {
    const auth = await requireAuth(ctx, request);
    return { villages: await villagesOf(ctx.db, { id: auth.userId, role: auth.role, communeId: auth.communeId }) };
  });
}
