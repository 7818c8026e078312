// Identity for a request comes only from its bearer token (never from a query parameter or body field).
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { authenticate } from '../auth/sessions';
import type { AuthContext, Role } from '../auth/roles';
import { AppError } from './app-error';

export function requireAuth(ctx: ServerContext, request: FastifyRequest): Promise<AuthContext> {
  return authenticate(ctx.db, request.headers.authorization, ctx.now());
}

export async function requireRole(ctx: ServerContext, request: FastifyRequest, roles: readonly Role[]): Promise<AuthContext> {
  const auth = await requireAuth(ctx, request);
  if (!roles.includes(auth.role)) throw new AppError('FORBIDDEN');
  return auth;
}
