// Error codes the phone can show: the server's catalogue (src/shared/errors.ts) plus the failures only the
// phone can see (no network, a proxy's 502, an answer that is not protocol v1). Each code C is shown with
// the i18n key `errors.C`; a code the app does not know yet falls back to `errors.UNKNOWN`.
import type { ErrorCode } from '../shared/errors';

export const CLIENT_ERROR_CODES = ['NETWORK', 'SERVER_UNAVAILABLE', 'BAD_RESPONSE', 'STORAGE_FULL', 'UNKNOWN'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type SyncErrorCode = ErrorCode | ClientErrorCode;

/** The i18n key of an error code; `known` lists the codes that have a message (the `errors` keys). */
export function errorMessageKey(code: string | null | undefined, known: (key: string) => boolean): string {
  if (!code) return 'errors.UNKNOWN';
  const key = `errors.${code}`;
  return known(key) ? key : 'errors.UNKNOWN';
}
