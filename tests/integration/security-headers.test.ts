// Security headers on every answer: the app shell, the API, errors. The CSP is strict (no inline code,
// only this origin); tests/e2e/csp.test.ts proves the app works under it in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { TestServer } from './helpers/test-server';

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backends[0]);
  });
  afterAll(() => server?.close());

  it.each([
    ['GET', '/api/health'],
    ['GET', '/api/me'],
    ['GET', '/'],
    ['POST', '/api/auth/login'],
  ] as const)('%s %s carries a strict CSP and the other security headers', async (method, url) => {
    const answer = await server.request(method, url, method === 'POST' ? { body: { username: 'x', password: 'y' } } : {});
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });

  it('sets no cookies: identity travels only as a bearer token', async () => {
    const answer = await server.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'mat-khau-quan-tri-1' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});
