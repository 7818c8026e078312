// The one mapping layer from anything thrown to the `{error: {code, message}}` answer (ODK Central's
// Problem → HTTP idea). Bad input never reaches the 500 branch: Fastify's own body errors are mapped to
// their codes here, everything else a handler rejects is an AppError.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../shared/errors';
import { apiError, AppError } from './app-error';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  // @fastify/compress (compression.ts): a body in a coding the server does not read, or not decodable.
  FST_CP_ERR_INVALID_CONTENT_ENCODING: 'UNSUPPORTED_MEDIA_TYPE',
  FST_CP_ERR_INVALID_CONTENT: 'MALFORMED_JSON',
};

function codeOf(error: FastifyError): ErrorCode | undefined {
  if (error.code && FASTIFY_CODES[error.code]) return FASTIFY_CODES[error.code];
  // JSON.parse and secure-json-parse (a "__proto__" key) throw SyntaxError marked 400 by Fastify.
  if (error instanceof SyntaxError && error.statusCode === 400) return 'MALFORMED_JSON';
  return undefined;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.status(error.status).send({ error: error.toApiError() });
}

/**
 * Fastify's `frameworkErrors` option: errors met before a route is found (a URL whose %-escapes are not
 * UTF-8, FST_ERR_BAD_URL) bypass the error handler; they get the catalogue's answer too.
 */
export function frameworkErrors(_error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendError(reply, new AppError('VALIDATION_FAILED'));
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(reply, error);
    const code = codeOf(error);
    if (code) return sendError(reply, new AppError(code));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // A 4xx from Fastify or a plugin without a code of ours: keep its status, say "invalid".
      request.log.info({ err: error }, 'client error without catalogue code');
      return reply.status(error.statusCode).send({ error: apiError('VALIDATION_FAILED') });
    }
    request.log.error({ err: error }, 'unexpected server error');
    return reply.status(500).send({ error: apiError('INTERNAL') });
  });
}
