// Serving the built PWA: SPA fallback, cache headers, and a hint when the app was not built. [S1]–[S3]
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { fakeDist } from './helpers/fake-dist';
import { TestServer } from './helpers/test-server';

describe.each(backends)('serving the app on $name', (backend) => {
  let built: TestServer;
  let unbuilt: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = fakeDist({
      'index.html': '<!doctype html><title>Công Dân Số</title>',
      'sw.js': 'self.addEventListener("install", () => {});',
      'manifest.webmanifest': '{}',
      'assets/index-abc123.js': 'console.log(1)',
    });
    [built, unbuilt] = await Promise.all([TestServer.start(backend, { distDir: dist }), TestServer.start(backend)]);
  });
  afterAll(async () => {
    await Promise.all([built?.close(), unbuilt?.close()]);
    rmSync(dist, { recursive: true, force: true });
  });

  it('[S1] index.html, sw.js and the manifest are never HTTP-cached; hashed assets are immutable', async () => {
    for (const path of ['/', '/sw.js', '/manifest.webmanifest']) {
      const answer = await built.request('GET', path);
      expect([path, answer.status, answer.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
    }
    const asset = await built.request('GET', '/assets/index-abc123.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('[S2] a navigation to an app route gets index.html; /api paths and missing files do not', async () => {
    const navigation = await built.request('GET', '/households/123', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect([navigation.status, navigation.body]).toEqual([200, expect.stringContaining('Công Dân Số')]);
    const api = await built.request('GET', '/api/households', { headers: { accept: 'text/html' } });
    expect([api.status, api.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const script = await built.request('GET', '/assets/missing.js', { headers: { accept: '*/*' } });
    expect(script.status).toBe(404);
  });

  it('[S3] without a build, / says to run npm run build', async () => {
    const answer = await unbuilt.request('GET', '/');
    expect([answer.status, answer.body]).toEqual([200, expect.stringContaining('npm run build')]);
  });
});
