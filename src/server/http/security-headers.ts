// Security headers on every answer (the app shell, its assets, the service worker and the API), through
// @fastify/helmet. The Content-Security-Policy is strict: only this origin's scripts, styles, images,
// workers and API; no inline script or style, no eval, no plugins, no framing. The built app needs
// nothing more (index.html has no inline code; React sets styles through the DOM, which CSP allows);
// tests/e2e/csp.test.ts uses the app under it in Chromium and fails on any violation.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // The install icons; data: for the SVG/PNG icons the CSS may inline.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // No upgrade-insecure-requests: a commune may test the server over plain http://127.0.0.1 first.
      directives: CONTENT_SECURITY_POLICY,
    },
    // Behind the HTTPS proxy (README) browsers keep to HTTPS; the commune's other subdomains are not ours.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
}
