// [P2] The protocol version, checked on every API request that states it (the phone's client sends the
// x-protocol-version header on all requests), so an old app learns it must update before it pushes or
// pulls anything. /api/health always answers: it is how a client discovers the server's version.
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../../shared/protocol';
import { AppError } from './app-error';

export function checkProtocolVersion(version: unknown): void {
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new AppError('VALIDATION_FAILED', { protocolVersion: 'validation.invalid_type' });
  if (version < PROTOCOL_VERSION) throw new AppError('CLIENT_TOO_OLD');
  if (version > PROTOCOL_VERSION) throw new AppError('SERVER_TOO_OLD');
}

export function installProtocolVersionCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers[PROTOCOL_VERSION_HEADER];
    if (header === undefined || !request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return;
    const text = Array.isArray(header) ? header[0] : header;
    checkProtocolVersion(/^\d{1,6}$/.test(text.trim()) ? Number(text) : NaN);
  });
}
