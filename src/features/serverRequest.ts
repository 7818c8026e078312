// Requests of the online screens (commune dashboard, targets, trends, reports, administration) to the
// commune server: the signed-in token and the protocol version on every call, and one way of failing —
// a ServerError whose code the screens show as `errors.<code>`, the same catalogue as sync.
import './serverI18n';
import { db } from '../db/appDb';
import { currentSession } from '../db/serverCache';

export class ServerError extends Error {
  /** `fields` is the catalogue's `error.fields` (docs/api.md): which inputs the server refused, by name. */
  constructor(
    readonly code: string,
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
  }
}

export type RequestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** One authorised request; a JSON object body is sent as JSON, a Blob (an uploaded file) as it is. */
export async function serverRequest(method: RequestMethod, path: string, body?: BodyInit | object, contentType?: string): Promise<Response> {
  const session = await currentSession(db);
  if (!session || session.expired) throw new ServerError(session?.expiredCode ?? 'UNAUTHENTICATED');
  const headers: Record<string, string> = { 'x-protocol-version': '1', authorization: `Bearer ${session.token}` };
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers['content-type'] = contentType || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch {
    throw new ServerError('NETWORK');
  }
  if (!response.ok) {
    const error = await response.json().then((answer: { error?: { code?: unknown; fields?: unknown } }) => answer.error, () => undefined);
    const code = typeof error?.code === 'string' ? error.code : response.status >= 500 ? 'SERVER_UNAVAILABLE' : 'BAD_RESPONSE';
    const fields = typeof error?.fields === 'object' && error.fields !== null ? (error.fields as Record<string, unknown>) : {};
    throw new ServerError(code, fields);
  }
  return response;
}

/** An authorised request whose answer is JSON (nothing for 204). */
export async function serverJson<T>(method: RequestMethod, path: string, body?: BodyInit | object, contentType?: string): Promise<T> {
  const response = await serverRequest(method, path, body, contentType);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ServerError('BAD_RESPONSE');
  }
}

/**
 * Failures whose sync message promises that the app retries by itself and keeps the data to send: true
 * for a sync, not for these screens, which act on the server directly and queue nothing (targets, the
 * office's screens, reports). Their own words say the action was not done and to do it again.
 */
const NOT_QUEUED = new Set(['NETWORK', 'INTERNAL', 'SERVER_UNAVAILABLE', 'UNKNOWN']);

/** The i18n key of a failure: known codes have their message, anything else the generic one. */
export function errorKey(error: unknown): string {
  const code = error instanceof ServerError ? error.code : 'UNKNOWN';
  return NOT_QUEUED.has(code) ? `onlineErrors.${code}` : `errors.${code}`;
}

/** Hands a downloaded file (a report, an export, a template) to the browser to save. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
