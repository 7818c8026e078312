// The phone's API client compresses large request bodies (a push backlog) with gzip, but only once the
// server has said it reads gzip (the Accept-Encoding header of its answers, RFC 7694).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESS_FROM_CHARS, createApiClient, type FetchLike } from '../../../src/sync/api';
import type { Mutation } from '../../../src/shared/protocol';

interface Sent {
  headers: Record<string, string>;
  /** The JSON text the server reads (inflated when it was sent compressed). */
  json: string;
  compressedBytes: number | null;
}

/**
 * A fetch that records what the phone sent and answers with the given response headers; `refuseGzip`:
 * like a server that does not read gzip, a compressed body is 400 MALFORMED_JSON.
 */
function recordingFetch(answerHeaders: Record<string, string>, refuseGzip: false | 'MALFORMED_JSON' | 'VALIDATION_FAILED' | true = false): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (_url, init = {}) => {
    const headers = init.headers as Record<string, string>;
    const body = init.body;
    if (body instanceof ArrayBuffer) sent.push({ headers, json: gunzipSync(Buffer.from(body)).toString('utf8'), compressedBytes: body.byteLength });
    else sent.push({ headers, json: String(body ?? ''), compressedBytes: null });
    const json = { 'content-type': 'application/json', ...answerHeaders };
    const code = refuseGzip === true ? 'MALFORMED_JSON' : refuseGzip;
    if (code && body instanceof ArrayBuffer) return new Response(JSON.stringify({ error: { code, message: '' } }), { status: 400, headers: json });
    return new Response(JSON.stringify({ results: [] }), { status: 200, headers: json });
  };
  return { fetch, sent };
}

/** A GzipMemory in memory, as the sync store keeps it in IndexedDB. */
function memory(initial: boolean) {
  const saved: boolean[] = [];
  let value = initial;
  return {
    saved,
    serverReadsGzip: async () => value,
    setServerReadsGzip: async (reads: boolean) => {
      value = reads;
      saved.push(reads);
    },
  };
}

/** `count` creation mutations of people with Vietnamese names (~200 characters of JSON each). */
function mutations(count: number): Mutation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m-${i}`,
    entity: 'person',
    recordId: `p-${i}`,
    villageId: 'village-1',
    op: 'upsert',
    baseVersion: 0,
    clientTime: '2026-11-22T03:00:00.000Z',
    fields: { householdId: 'h-1', fullName: `Nguyễn Thị Ánh Tuyết ${i}`, birthYear: 1980, sex: 'female' },
  })) as Mutation[];
}

const client = (fetch: FetchLike, gzipMemory?: ReturnType<typeof memory>) =>
  createApiClient({ fetch, baseUrl: 'http://127.0.0.1:8080', getToken: async () => 'token', gzipMemory });

describe('compressed push bodies', () => {
  it('sends a large push gzip-compressed once the server said it reads gzip; the server reads the same JSON', async () => {
    const { fetch, sent } = recordingFetch({ 'accept-encoding': 'gzip' });
    const api = client(fetch);
    const batch = mutations(100);
    // The first request cannot know yet: sent as it is.
    await api.push('device-1', batch);
    expect(sent[0].headers['content-encoding']).toBeUndefined();
    expect(sent[0].json.length).toBeGreaterThan(COMPRESS_FROM_CHARS);

    await api.push('device-1', batch);
    expect(sent[1].headers['content-encoding']).toBe('gzip');
    expect(sent[1].headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent[1].json)).toEqual(JSON.parse(sent[0].json));
    expect(sent[1].compressedBytes!).toBeLessThan(sent[0].json.length / 4);
  });

  it('sends small bodies as they are', async () => {
    const { fetch, sent } = recordingFetch({ 'accept-encoding': 'gzip' });
    const api = client(fetch);
    await api.me();
    await api.push('device-1', mutations(2));
    await api.resolveConflict('c-1', 'client');
    expect(sent.slice(1).map((request) => request.headers['content-encoding'])).toEqual([undefined, undefined]);
    expect(JSON.parse(sent[2].json)).toEqual({ keep: 'client' });
  });

  it('never compresses for a server that does not say it reads gzip', async () => {
    const { fetch, sent } = recordingFetch({});
    const api = client(fetch);
    await api.me();
    await api.push('device-1', mutations(100));
    await api.push('device-1', mutations(100));
    expect(sent.map((request) => request.headers['content-encoding'])).toEqual([undefined, undefined, undefined]);
  });

  it('remembers across app starts that the server reads gzip, so the first push after a start is compressed', async () => {
    const kept = memory(false);
    const first = recordingFetch({ 'accept-encoding': 'gzip' });
    await client(first.fetch, kept).me();
    expect(kept.saved).toEqual([true]);
    // The app starts again: a new client, its first request a large push.
    const second = recordingFetch({ 'accept-encoding': 'gzip' });
    await client(second.fetch, kept).push('device-1', mutations(100));
    expect(second.sent[0].headers['content-encoding']).toBe('gzip');
  });

  it('sends the same body again uncompressed when a server that no longer reads gzip refuses it, and forgets', async () => {
    const kept = memory(true);
    const { fetch, sent } = recordingFetch({}, true);
    const api = client(fetch, kept);
    const answer = await api.push('device-1', mutations(100));
    expect(answer).toEqual({ results: [] });
    expect(sent.map((request) => request.headers['content-encoding'])).toEqual(['gzip', undefined]);
    expect(sent[1].json).toBe(sent[0].json);
    expect(kept.saved).toEqual([false]);
    // From then on plain JSON at once.
    await api.push('device-1', mutations(100));
    expect(sent.map((request) => request.headers['content-encoding'])).toEqual(['gzip', undefined, undefined]);
  });

  it('sends plain JSON again when something on the way made the compressed body unreadable, though the server reads gzip', async () => {
    const { fetch, sent } = recordingFetch({ 'accept-encoding': 'gzip' }, 'MALFORMED_JSON');
    const api = client(fetch, memory(true));
    expect(await api.push('device-1', mutations(100))).toEqual({ results: [] });
    await api.push('device-1', mutations(100));
    // Refused once; from then on this client sends plain JSON at once.
    expect(sent.map((request) => request.headers['content-encoding'])).toEqual(['gzip', undefined, undefined]);
  });

  it('does not send again a compressed body refused for what it says (VALIDATION_FAILED)', async () => {
    const { fetch, sent } = recordingFetch({ 'accept-encoding': 'gzip' }, 'VALIDATION_FAILED');
    const api = client(fetch, memory(true));
    await expect(api.push('device-1', mutations(100))).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(sent).toHaveLength(1);
  });
});
