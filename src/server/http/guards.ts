// Identity for a request comes only from its bearer token (never from a query parameter or body field).
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { authenticate } from '../auth/sessions';
import type { AuthContext, Role } from '../auth/roles';
import { AppError } from './app-error';

/**
 * One token check per request: a hook that must know the caller before the body is read
 * (compression.ts) and the handler share it.
 */
const checked = new WeakMap<FastifyRequest, Promise<AuthContext>>();

export function requireAuth(ctx: ServerContext, request: FastifyRequest): Promise<AuthContext> {
  let auth = checked.get(request);
  if (!auth) checked.set(request, (auth = authenticate(ctx.db, request.headers.authorization, ctx.now())));
  return auth;
}

export async function requireRole(ctx: ServerContext, request: FastifyRequest, roles: readonly Role[]): Promise<AuthContext> {
  const auth = await requireAuth(ctx, request);
  if (!roles.includes(auth.role)) throw new AppError('FORBIDDEN');
  return auth;
}
