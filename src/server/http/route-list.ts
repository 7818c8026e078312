// Every route the server registers, as "METHOD /url", so tests can insist that each one is covered by
// the authorisation matrix (tests/integration/authz-matrix.test.ts): a new route without an entry
// there fails the build instead of shipping with an unreviewed access rule.
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: string[];
  }
}

/** Call before any route is registered. */
export function collectRoutes(app: FastifyInstance): void {
  const routes: string[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push(`${method} ${route.url}`);
  });
}
