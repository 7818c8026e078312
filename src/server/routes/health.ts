import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { ServerContext } from '../context';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Touches the database, so a monitor sees a dead database as an unhealthy server.
  app.get('/api/health', async (_request, reply) => {
    await ctx.db.query('SELECT 1');
    reply.header('cache-control', 'no-store');
    return { status: 'ok', database: ctx.db.kind, protocolVersion: PROTOCOL_VERSION };
  });
}
