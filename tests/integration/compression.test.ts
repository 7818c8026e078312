// Compressed answers and compressed push bodies (src/server/http/compression.ts): a first download and a
// push backlog travel gzip-compressed over the phones' weak links; bad or oversized compressed bodies are
// refused with a stable code and change nothing.
import { rmSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES, PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER, type Mutation } from '../../src/shared/protocol';
import { backends } from './helpers/backends';
import { fakeDist } from './helpers/fake-dist';
import { newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('compression on $name', (backend) => {
  let server: TestServer;
  let villageId: string;
  let dist: string;
  beforeAll(async () => {
    dist = fakeDist({
      'index.html': '<!doctype html><title>Công Dân Số</title>',
      'assets/index-abc123.js': `export const names = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `Nguyễn Văn ${i}`))};`,
    });
    server = await TestServer.start(backend, { distDir: dist });
    villageId = (await server.createVillage()).id;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  /** A household and `people` members, as a phone's first sync of a village would push them. */
  function villageMutations(people: number): Mutation[] {
    const household = newHousehold(villageId, { headName: 'Lò Văn Bình' });
    const members = Array.from({ length: people }, (_, i) => newPerson(villageId, household.recordId, { fullName: `Lò Thị Hoa ${i}` }));
    return [household, ...members];
  }

  function pushBody(mutations: Mutation[]): string {
    return JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: 'device-gzip', mutations });
  }

  async function injectPush(payload: Buffer | string, headers: Record<string, string>) {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION), ...headers },
      payload,
    });
    return { status: response.statusCode, headers: response.headers, body: response.json() };
  }

  const personCount = async () => Number((await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM persons WHERE village_id = $1', [villageId]))[0].n);

  it('answers a pull page gzip-compressed to a client that takes gzip, the same JSON once inflated', async () => {
    await server.pushOk(server.adminToken, villageMutations(40));
    const plain = await server.app.inject({ method: 'GET', url: '/api/sync/pull?limit=100', headers: { authorization: `Bearer ${server.adminToken}` } });
    const gzipped = await server.app.inject({
      method: 'GET',
      url: '/api/sync/pull?limit=100',
      headers: { authorization: `Bearer ${server.adminToken}`, 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const inflated = gunzipSync(gzipped.rawPayload).toString('utf8');
    expect(JSON.parse(inflated)).toEqual(JSON.parse(plain.body));
    // Records of a village repeat their keys and names: far smaller on the wire.
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
  });

  it('compresses the app files it serves', async () => {
    const asset = await server.app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(asset.rawPayload).toString('utf8')).toContain('Nguyễn Văn 499');
  });

  it('says on every API answer that it reads gzip request bodies (RFC 7694)', async () => {
    for (const url of ['/api/health', '/api/me', '/api/no-such-route']) {
      const answer = await server.request('GET', url, { token: server.adminToken });
      expect([url, answer.headers['accept-encoding']]).toEqual([url, 'gzip']);
    }
  });

  it('applies a gzip-compressed push exactly like the same push uncompressed', async () => {
    const before = await personCount();
    const mutations = villageMutations(200);
    const answer = await injectPush(gzipSync(pushBody(mutations)), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(mutations.length);
    expect(answer.body.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    expect(await personCount()).toBe(before + 200);
    // Sent again (a lost answer): duplicates, nothing new.
    const again = await injectPush(gzipSync(pushBody(mutations)), { 'content-encoding': 'gzip' });
    expect(again.body.results.every((result: { status: string }) => result.status === 'duplicate')).toBe(true);
    expect(await personCount()).toBe(before + 200);
  });

  it('refuses a body that is not the gzip it claims to be, with MALFORMED_JSON, and changes nothing', async () => {
    const before = await personCount();
    const answer = await injectPush(pushBody(villageMutations(3)), { 'content-encoding': 'gzip' });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const cut = gzipSync(pushBody(villageMutations(3)));
    const truncated = await injectPush(cut.subarray(0, cut.length - 20), { 'content-encoding': 'gzip' });
    expect([truncated.status, truncated.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(await personCount()).toBe(before);
  });

  it('refuses a coding it does not read with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const answer = await injectPush(gzipSync(pushBody(villageMutations(3))), { 'content-encoding': 'compress' });
    expect([answer.status, answer.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('unpacks a compressed body only for a signed-in caller: without a valid token it is 401 before any inflating', async () => {
    const bomb = gzipSync(`{"pad":"${'a'.repeat(MAX_PUSH_BYTES + 1024 * 1024)}"}`);
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...(authorization ? { authorization } : {}) },
        payload: bomb,
      });
      // Inflated, it would have been 413 PAYLOAD_TOO_LARGE (next test): the token is checked first.
      expect([response.statusCode, response.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('[P2] an old app sending a compressed body with an expired token learns first that it must update (426)', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: 'Bearer expired-long-ago', [PROTOCOL_VERSION_HEADER]: '0' },
      payload: gzipSync(pushBody(villageMutations(3))),
    });
    expect([response.statusCode, response.json().error.code]).toEqual([426, 'CLIENT_TOO_OLD']);
  });

  it('counts the push size limit after inflating: a small body that inflates past it gets 413', async () => {
    const before = await personCount();
    // ~6 MB of JSON (a long string of one repeated letter) in a few KB of gzip.
    const bomb = gzipSync(`{"protocolVersion":${PROTOCOL_VERSION},"deviceId":"device-gzip","mutations":[],"pad":"${'a'.repeat(MAX_PUSH_BYTES + 1024 * 1024)}"}`);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const answer = await injectPush(bomb, { 'content-encoding': 'gzip' });
    expect([answer.status, answer.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await personCount()).toBe(before);
  });
});
