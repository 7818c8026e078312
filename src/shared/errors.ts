// The one error catalogue of the product: every error the server sends is `{error: {code, message}}` with
// one of these stable codes. The HTTP status lives here (the server maps a code to it in one layer); the
// phone maps a code to the i18n key `errors.<CODE>` and never parses the message. Codes are part of the
// sync protocol: never rename one, only add.

export const ERROR_STATUS = {
  // Bad input (400): the request itself is malformed.
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNKNOWN_FIELD: 400,
  UNKNOWN_ENTITY: 400,
  INVALID_CURSOR: 400,
  COMMUNE_CODE_UNKNOWN: 400,
  MONTH_NOT_STARTED: 400,
  // An import file the server cannot read as a household list (issue 5).
  IMPORT_NOT_UTF8: 400,
  IMPORT_UNREADABLE: 400,
  IMPORT_COLUMNS_MISSING: 400,
  // Identity (401) and permission (403).
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  // The office ended this phone's session (a lost phone revoked, a password reset): sign in again.
  DEVICE_REVOKED: 401,
  FORBIDDEN: 403,
  FORBIDDEN_VILLAGE: 403,
  // Missing things (404).
  NOT_FOUND: 404,
  RECORD_NOT_FOUND: 404,
  // State that forbids the change (409) or a reference that does not hold (422).
  RECORD_DELETED: 409,
  VILLAGE_CHANGE_NOT_ALLOWED: 409,
  MUTATION_ID_REUSED: 409,
  USERNAME_TAKEN: 409,
  VILLAGE_CODE_TAKEN: 409,
  COMMUNE_ALREADY_SET: 409,
  CONFLICT_ALREADY_RESOLVED: 409,
  CONSENT_GIVEN: 409,
  MONTH_CLOSED: 409,
  MONTH_NOT_KEPT: 409,
  SERVER_RESTORED: 409,
  REFERENCE_NOT_FOUND: 422,
  REFERENCE_OTHER_VILLAGE: 422,
  REFERENCE_DELETED: 422,
  // Size and rate limits.
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_MUTATIONS: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // Protocol version mismatch (426 Upgrade Required): which side has to be updated.
  CLIENT_TOO_OLD: 426,
  SERVER_TOO_OLD: 426,
  // A fault of the server, never of the input.
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer, and the `error` of a rejected sync mutation. */
export interface ApiError {
  code: ErrorCode;
  /** Vietnamese text for logs and for clients that do not know the code yet. */
  message: string;
  /** Per-field detail: field name → i18n key of the problem (e.g. `validation.required`, `unknown`). */
  fields?: Record<string, string>;
}

export interface ApiErrorBody {
  error: ApiError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
