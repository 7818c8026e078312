// Tokens expire after the configured lifetime (TOKEN_TTL_DAYS) and can be revoked; an expired or revoked
// token is refused at once, and nothing on the phone depends on it to keep unsent work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config';
import { backends } from './helpers/backends';
import { TestServer } from './helpers/test-server';

const DAY = 24 * 60 * 60 * 1000;

describe('token lifetime', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backends[0], { tokenLifetimeMs: readConfig({ TOKEN_TTL_DAYS: '30' }).tokenLifetimeMs });
  });
  afterAll(() => server?.close());

  it('TOKEN_TTL_DAYS=30: valid on day 29, refused on day 31', async () => {
    const village = await server.createVillage();
    const member = await server.createUser('member', [village.id]);
    server.clock.advance(29 * DAY);
    expect((await server.request('GET', '/api/me', { token: member.token })).status).toBe(200);
    server.clock.advance(2 * DAY);
    const answer = await server.request('GET', '/api/me', { token: member.token });
    expect(answer.status).toBe(401);
  });

  it('an unset TOKEN_TTL_DAYS keeps the default; a nonsense value stops the server from starting', () => {
    expect(readConfig({}).tokenLifetimeMs).toBeUndefined();
    expect(readConfig({ TOKEN_TTL_DAYS: '7' }).tokenLifetimeMs).toBe(7 * DAY);
    expect(() => readConfig({ TOKEN_TTL_DAYS: '0' })).toThrow();
    expect(() => readConfig({ TOKEN_TTL_DAYS: 'ba mươi' })).toThrow();
  });
});
