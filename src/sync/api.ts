// The commune server's HTTP API as the phone uses it. Built from an injected fetch-like function and base
// URL (the page's fetch, the service worker's, or a test's function that calls the real server in
// process), and a token getter, so nothing here knows where the token is kept.
import type { ApiError } from '../shared/errors';
import type { Mutation, PushResponse, RecordRef } from '../shared/protocol';
import type { Role } from './session';
import type { SyncErrorCode } from './errorCodes';

/** The part of `fetch` the phone needs. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** Protocol v1; duplicated from src/shared/protocol.ts (which loads zod) to keep this module light. */
export const CLIENT_PROTOCOL_VERSION = 1;
const PROTOCOL_VERSION_HEADER = 'x-protocol-version';

/** A request that did not succeed: `status` 0 means no answer at all (no network, server down). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode,
    readonly retryAfterMs: number | null = null,
    /** The fields the server named (`error.fields`), e.g. `mutations.3.fields.note` for a push body. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${code}`);
  }

  /**
   * For a push refused whole because of one mutation's content (text the server cannot store), the
   * index of that mutation in the batch; otherwise null.
   */
  get refusedMutationIndex(): number | null {
    if (this.status !== 400 || this.code !== 'VALIDATION_FAILED') return null;
    for (const path of Object.keys(this.fields)) {
      const match = /^mutations\.(\d+)(\.|$)/.exec(path);
      if (match) return Number(match[1]);
    }
    return null;
  }

  /** Worth trying again later by itself: no answer, a server fault, or "too many requests". */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  communeId: string;
  villageIds: string[];
}

export interface ServerVillage {
  id: string;
  name: string;
  code?: string | null;
  expectedHouseholds: number | null;
}

export interface ConflictView {
  id: string;
  entity: 'household' | 'person' | 'visit';
  recordId: string;
  villageId: string;
  field: string;
  serverValue: unknown;
  clientValue: unknown;
  kept: 'server' | 'client';
  serverClientTime: string | null;
  clientClientTime: string;
  createdAt: string;
  status: 'open' | 'resolved';
  /** Who made each side's change (username), when the server knows. */
  serverChangedBy?: string | null;
  clientChangedBy?: string | null;
  /** The field's value now; differs from both sides when it was changed again after the conflict. [CR1] */
  currentValue?: unknown;
}

/**
 * Keeps across app starts whether the server reads gzip request bodies, so that the first push after a
 * start (the one that carries a day's work) is compressed too. The sync store keeps it in IndexedDB.
 */
export interface GzipMemory {
  serverReadsGzip(): Promise<boolean>;
  setServerReadsGzip(reads: boolean): Promise<void>;
}

export interface ApiClientOptions {
  fetch: FetchLike;
  /** e.g. "https://xa.example.vn" or "" for the page's own origin. */
  baseUrl: string;
  getToken: () => Promise<string | null>;
  gzipMemory?: GzipMemory;
}

/**
 * Bodies from this size are sent gzip-compressed once the server has said it reads gzip: a push of
 * 1,000 changes (~600 KB of JSON) shrinks ~10× on a weak uplink. Smaller ones fit a packet or two anyway.
 */
export const COMPRESS_FROM_CHARS = 4096;

/** The JSON text gzip-compressed by the browser's own CompressionStream (native code, off the page's JS). */
async function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}

export function createApiClient({ fetch, baseUrl, getToken, gzipMemory }: ApiClientOptions) {
  /**
   * Whether the server reads gzip request bodies: learned from the `Accept-Encoding` header of its
   * answers (RFC 7694), so a phone never sends gzip to a server that would refuse it. Undefined until
   * read from `gzipMemory` or learned from an answer.
   */
  let serverReadsGzip: boolean | undefined;
  /** A compressed body was refused as unreadable: plain JSON from then on, whatever the server says. */
  let gzipRefused = false;

  async function readsGzip(): Promise<boolean> {
    serverReadsGzip ??= (await gzipMemory?.serverReadsGzip().catch(() => false)) ?? false;
    return serverReadsGzip && !gzipRefused;
  }

  function learnFrom(response: Response): void {
    const reads = /\bgzip\b/i.test(response.headers.get('accept-encoding') ?? '');
    if (reads !== serverReadsGzip) {
      serverReadsGzip = reads;
      // Only a hint for the next start: losing it costs one uncompressed request.
      void gzipMemory?.setServerReadsGzip(reads).catch(() => {});
    }
  }

  /** `auth`: true for the stored session's token, false for none, or a token of its own (a sign-in's). */
  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, auth: boolean | string = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', [PROTOCOL_VERSION_HEADER]: String(CLIENT_PROTOCOL_VERSION) };
    const json = body === undefined ? undefined : JSON.stringify(body);
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (auth !== false) {
      const token = typeof auth === 'string' ? auth : await getToken();
      if (!token) throw new ApiFailure(401, 'UNAUTHENTICATED');
      headers.authorization = `Bearer ${token}`;
    }
    const send = async (body: string | ArrayBuffer | undefined, encoding?: 'gzip'): Promise<Response> => {
      try {
        return await fetch(`${baseUrl}${path}`, { method, headers: encoding ? { ...headers, 'content-encoding': encoding } : headers, body, cache: 'no-store' });
      } catch {
        throw new ApiFailure(0, 'NETWORK');
      }
    };
    const compressed = json !== undefined && json.length >= COMPRESS_FROM_CHARS && typeof CompressionStream === 'function' && (await readsGzip()) ? await gzip(json).catch(() => null) : null;
    let response = compressed ? await send(compressed, 'gzip') : await send(json);
    learnFrom(response);
    // The compressed body was refused as unreadable (a server that no longer reads gzip, or something on
    // the way that mangled it): nothing was applied, since the body is read before any handler runs. The
    // same request once more as plain JSON, and no more gzip from this client.
    if (compressed && (await refusedAsUnreadable(response))) {
      gzipRefused = true;
      response = await send(json);
      learnFrom(response);
    }
    if (response.status === 204) return undefined as T;
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      // A proxy's HTML error page, or the connection dropped in the middle of the answer.
      throw response.ok ? new ApiFailure(0, 'NETWORK') : failureWithoutBody(response);
    }
    if (!response.ok) throw failureFrom(response, payload);
    return payload as T;
  }

  return {
    login: (input: { username: string; password: string; deviceName?: string }) =>
      request<{ token: string; user: SessionUser }>('POST', '/api/auth/login', input, false),
    /** `token`: the signed-out session's, once it is no longer stored. */
    logout: (token?: string) => request<void>('POST', '/api/auth/logout', undefined, token ?? true),
    /** `token`: a token just received at sign-in, asked with before it is stored. */
    me: (token?: string) => request<{ user: SessionUser; villages: ServerVillage[]; commune?: { name: string | null } | null }>('GET', '/api/me', undefined, token ?? true),
    /** `cursor`: the phone's pull cursor, so a server restored since says SERVER_RESTORED ([PU12]). */
    push: (deviceId: string, mutations: Mutation[], cursor?: string | null) =>
      request<PushResponse>('POST', '/api/sync/push', { protocolVersion: CLIENT_PROTOCOL_VERSION, deviceId, mutations, ...(cursor ? { cursor } : {}) }),
    /** The raw page; the engine validates it before anything is written. */
    pull: (cursor: string | null, limit: number) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      return request<unknown>('GET', `/api/sync/pull?${query}`);
    },
    /** [PL7] The raw answer; the engine validates it as it does a pull page. */
    records: (records: readonly RecordRef[]) => request<unknown>('POST', '/api/sync/records', { protocolVersion: CLIENT_PROTOCOL_VERSION, records }),
    openConflicts: () => request<{ conflicts: ConflictView[] }>('GET', '/api/conflicts?status=open'),
    resolveConflict: (id: string, keep: 'server' | 'client' | 'current') =>
      request<{ version: number }>('POST', `/api/conflicts/${encodeURIComponent(id)}/resolve`, { keep }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A 400 or 415 whose code says the body could not be read (or with no error body of the server's). */
async function refusedAsUnreadable(response: Response): Promise<boolean> {
  if (response.status !== 400 && response.status !== 415) return false;
  const code = await response
    .clone()
    .json()
    .then((body: { error?: { code?: unknown } } | null) => body?.error?.code, () => undefined);
  return code === undefined || code === 'MALFORMED_JSON' || code === 'UNSUPPORTED_MEDIA_TYPE';
}

function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

function failureWithoutBody(response: Response): ApiFailure {
  if (response.status === 401) return new ApiFailure(401, 'UNAUTHENTICATED');
  return new ApiFailure(response.status, response.status >= 500 ? 'SERVER_UNAVAILABLE' : 'BAD_RESPONSE', retryAfterMs(response));
}

function failureFrom(response: Response, payload: unknown): ApiFailure {
  const error = (payload as { error?: Partial<ApiError> } | null)?.error;
  if (!error || typeof error.code !== 'string') return failureWithoutBody(response);
  const fields = error.fields && typeof error.fields === 'object' ? (error.fields as Record<string, string>) : {};
  return new ApiFailure(response.status, error.code as SyncErrorCode, retryAfterMs(response), fields);
}
