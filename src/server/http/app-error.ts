// The one exception type of the server: a stable code from src/shared/errors.ts plus optional per-field
// detail. Route and sync code throw it; error-handler.ts turns it into the HTTP answer.
import { httpStatusOf, type ApiError, type ErrorCode } from '../../shared/errors';
import { MESSAGES_VI } from './messages-vi';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: Record<string, string>,
    /** Extra headers of the answer, e.g. Retry-After for RATE_LIMITED. */
    readonly headers?: Record<string, string>,
  ) {
    super(MESSAGES_VI[code]);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  toApiError(): ApiError {
    return apiError(this.code, this.fields);
  }
}

export function apiError(code: ErrorCode, fields?: Record<string, string>): ApiError {
  return fields ? { code, message: MESSAGES_VI[code], fields } : { code, message: MESSAGES_VI[code] };
}
