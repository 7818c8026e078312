// Serves the built PWA from dist/. The service worker, index.html and the manifest must never be cached
// by the browser's HTTP cache (or an update would not reach phones); hashed /assets/ files are immutable.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../http/app-error';
import { sendError } from '../http/error-handler';

const NO_CACHE = /(^|\/)(sw\.js|index\.html|manifest\.webmanifest|manifest\.json|registerSW\.js)$/;

/** `file` is relative to dist/, with forward slashes. */
function cacheControlFor(file: string): string {
  if (NO_CACHE.test(file)) return 'no-cache';
  // Vite puts a content hash in every file name under assets/: safe to keep for a year.
  if (file.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

export async function staticRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const hasBuild = existsSync(join(distDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: true,
      cacheControl: false, // set below, per file
      setHeaders: (reply, path) => reply.header('cache-control', cacheControlFor(relative(distDir, path).split(sep).join('/'))),
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Chưa có bản dựng của ứng dụng (thư mục dist/). Hãy chạy: npm run build\n'),
    );
  }

  app.setNotFoundHandler((request, reply: FastifyReply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    // SPA fallback: a GET navigation to an app route (e.g. /households/123) gets the app shell.
    if (hasBuild && !isApi && (request.method === 'GET' || request.method === 'HEAD') && request.headers.accept?.includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, new AppError('NOT_FOUND'));
  });
}
