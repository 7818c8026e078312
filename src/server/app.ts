// Builds the commune server: storage migrated, routes registered, errors mapped in one place. Tests call
// buildServer() with an in-memory PGlite and drive it with app.inject(); main.ts adds the network.
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import type { ServerContext } from './context';
import { PasswordHasher } from './auth/passwords';
import { DEFAULT_LOGIN_LIMIT, FailureRateLimiter, type RateLimitOptions } from './auth/rate-limiter';
import { registerCompression } from './http/compression';
import { frameworkErrors, installErrorHandler } from './http/error-handler';
import { installProtocolVersionCheck } from './http/protocol-version';
import { rejectUnstorableText } from './http/unstorable-text';
import { privateLoggerOptions } from './http/log-privacy';
import { collectRoutes } from './http/route-list';
import { registerSecurityHeaders } from './http/security-headers';
import { adminAccountRoutes } from './routes/admin-accounts';
import { adminSetupRoutes } from './routes/admin-setup';
import { authRoutes } from './routes/auth';
import { conflictRoutes } from './routes/conflicts';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/import';
import { auditRoutes } from './routes/audit';
import { dataSubjectRoutes } from './routes/data-subject';
import { indicatorRoutes } from './routes/indicators';
import { reportRoutes } from './routes/reports';
import { snapshotRoutes } from './routes/snapshots';
import { targetRoutes } from './routes/targets';
import { startSnapshotScheduler } from './indicators/snapshot-scheduler';
import { staticRoutes } from './routes/static';
import { syncRoutes } from './routes/sync';

export interface BuildServerOptions {
  db: Database;
  /** Server clock; defaults to the real one. */
  clock?: () => Date;
  /** Fastify logger options; off unless given. */
  log?: FastifyServerOptions['logger'];
  /** Where the built PWA is; defaults to <repo>/dist. */
  distDir?: string;
  /** Fastify's trustProxy: which reverse proxy's X-Forwarded-For/-Proto to believe. Default: none. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  loginRateLimit?: RateLimitOptions;
  /** Lifetime of a login's bearer token; default a year (src/server/auth/sessions.ts). */
  tokenLifetimeMs?: number;
  /** log2 of scrypt's N for new password hashes (default 15); tests lower it to save time. */
  passwordCost?: number;
}

const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
/** Every body but a push (which has its own, larger limit) is small. */
const DEFAULT_BODY_LIMIT = 256 * 1024;

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  await migrate(options.db);
  const now = options.clock ?? (() => new Date());
  const ctx: ServerContext = {
    db: options.db,
    now,
    loginLimiter: new FailureRateLimiter(options.loginRateLimit ?? DEFAULT_LOGIN_LIMIT, () => now().getTime()),
    tokenLifetimeMs: options.tokenLifetimeMs,
    passwords: new PasswordHasher(options.passwordCost),
  };
  // Makes the dummy hash now, so even the first login of an unknown user costs what a real check costs.
  void ctx.passwords.burn('warm-up').catch(() => {});
  const app = Fastify({
    logger: privateLoggerOptions(options.log),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    frameworkErrors,
  });
  // Only JSON bodies: anything else is 415 rather than a string the handlers would have to reject.
  app.removeContentTypeParser('text/plain');
  collectRoutes(app);
  installErrorHandler(app);
  await registerSecurityHeaders(app);
  // The version first: an old app learns it must update (426) before anything else is asked of it, even
  // when its compressed body would be refused for its token (compression.ts).
  installProtocolVersionCheck(app);
  await registerCompression(app, ctx);
  app.addHook('preValidation', async (request) => {
    // Ids in the path and the query reach SQL as text too (a %00 in a URL is a NUL once decoded).
    for (const part of [request.params, request.query, request.body]) if (part !== undefined) rejectUnstorableText(part);
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('x-content-type-options', 'nosniff');
  });

  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  adminSetupRoutes(app, ctx);
  adminAccountRoutes(app, ctx);
  syncRoutes(app, ctx);
  conflictRoutes(app, ctx);
  indicatorRoutes(app, ctx);
  targetRoutes(app, ctx);
  snapshotRoutes(app, ctx);
  reportRoutes(app, ctx);
  importRoutes(app, ctx);
  auditRoutes(app, ctx);
  dataSubjectRoutes(app, ctx);
  // Month-end snapshots of the indicators (trends): checked now and hourly, stopped with the server.
  app.decorate('monthlySnapshots', startSnapshotScheduler(options.db, now, app.log));
  app.addHook('onClose', () => app.monthlySnapshots.stop());
  await staticRoutes(app, options.distDir ?? DEFAULT_DIST_DIR);
  return app;
}
