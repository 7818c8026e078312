// Personal data (names, phones, birth dates of residents) must never reach the server's log, which may be
// kept for months or shipped elsewhere (Law 91/2025/QH15: minimum processing). Fastify logs only the
// method, URL and status of a request — no bodies — and the error handler logs an error object for an
// unexpected fault. Database errors can quote the offending value in their message or detail
// ('invalid input syntax for type integer: "Nguyễn Văn An"', 'Key (…)=(…) already exists'), so errors are
// logged through this serializer: database errors by their SQLSTATE code and routine only, other errors
// with their message (our own carry fixed catalogue text) and stack.
import type { FastifyServerOptions } from 'fastify';

interface LoggableError {
  name?: string;
  code?: unknown;
  statusCode?: unknown;
  message?: string;
  stack?: string;
  severity?: unknown;
  routine?: unknown;
}

/** PostgreSQL (pg) and PGlite errors carry a severity and the server routine that raised them. */
function isDatabaseError(error: LoggableError): boolean {
  return typeof error.severity === 'string' && (typeof error.routine === 'string' || typeof error.code === 'string');
}

export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export function serializeErrorWithoutPersonalData(error: LoggableError): SerializedError {
  const type = error.name ?? 'Error';
  if (isDatabaseError(error)) return { type, message: `database error ${String(error.code)}`, stack: '', code: error.code, routine: error.routine };
  // A stack's first line repeats the message; keep only the frames below it.
  const frames = error.stack?.split('\n').slice(1).join('\n') ?? '';
  return { type, message: (error.message ?? '').slice(0, 300), stack: frames, code: error.code, statusCode: error.statusCode };
}

/** Logger options for buildServer: the caller's level and destination, our error serializer. */
export function privateLoggerOptions(options: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!options) return false;
  const base = options === true ? {} : options;
  return { ...base, serializers: { ...(base as { serializers?: object }).serializers, err: serializeErrorWithoutPersonalData } };
}
