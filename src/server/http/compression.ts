// Compressed answers and compressed push bodies, through @fastify/compress.
//
// Why: a village's phones sync over weak 3G. A first download of a commune is ~500 bytes of JSON a record
// (75,000 records: ~38 MB); gzip makes it 10–14× smaller (measured on pull pages: level 6 → 14×, ~6 ms a
// MB of server CPU). A backlog of pushes shrinks the same way on the uplink, which is the slower one.
// The app's files (its shell and the screens the service worker precaches) are compressed too. Answers
// under 1 KB, and types that are compressed already (the Excel report, images), go as they are.
//
// Request bodies: only gzip (what the browser's CompressionStream makes). Phones learn that the server
// takes it from the `Accept-Encoding` header on its API answers (RFC 7694). Fastify's bodyLimit counts
// the bytes after decompression, so a small compressed body that inflates past the limit is refused with
// 413 like a big one. A compressed body is unpacked only for a signed-in caller: a few KB of gzip can
// inflate to megabytes, and the body is read before any handler checks the token.
//
// Safe against BREACH-style guessing: the API authenticates with a bearer token in a header, which a
// cross-site page cannot make the browser attach, so no request an attacker shapes carries a secret.
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { requireAuth } from './guards';

/** Content codings the server reads in request bodies, as sent in `Accept-Encoding` (RFC 7694 §3). */
export const REQUEST_ENCODINGS = ['gzip'] as const;

export async function registerCompression(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Before the body is read (decompression is a preParsing hook): no token, no unpacking (401).
  app.addHook('onRequest', async (request) => {
    if (request.headers['content-encoding'] !== undefined) await requireAuth(ctx, request);
  });
  // Before @fastify/static (staticRoutes), so the app's files are compressed too (the plugin's rule).
  await app.register(compress, {
    // gzip first: it costs less CPU than brotli's default for the same ~14× on this JSON, and every
    // phone's browser takes it. Brotli is kept for clients that only ask for it.
    encodings: ['gzip', 'br'],
    requestEncodings: [...REQUEST_ENCODINGS],
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('accept-encoding', REQUEST_ENCODINGS.join(', '));
  });
}
