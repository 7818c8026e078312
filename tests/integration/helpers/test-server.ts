// The real server in-process (no fake server): buildServer on a fresh database, driven with app.inject.
// One TestServer per test file and backend; tests keep apart by using their own villages and users.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../../src/server/app';
import { bootstrap } from '../../../src/server/bootstrap';
import { PasswordHasher } from '../../../src/server/auth/passwords';
import type { Database } from '../../../src/server/db/database';
import type { Mutation, PullResponse, PushResponse } from '../../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import type { Village } from '../../../src/shared/types';
import type { ApiErrorBody } from '../../../src/shared/errors';
import type { Backend } from './backends';

export const TEST_PASSWORD_COST = 10;
export const ADMIN = { username: 'admin', password: 'mat-khau-quan-tri-1' };

/** An answer's body is either T or, on a 4xx, an error body; tests know which they expect. */
// Tests read answers of many shapes; `any` as the default keeps each assertion short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Answer<T = any> {
  status: number;
  body: T & ApiErrorBody;
  headers: Record<string, unknown>;
}

type Role = 'commune_admin' | 'village_head' | 'member';

/** A clock the tests move by hand. */
export class ManualClock {
  constructor(private current = new Date()) {}
  now = () => new Date(this.current.getTime());
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class TestServer {
  adminToken = '';

  private constructor(
    readonly app: FastifyInstance,
    readonly db: Database,
    readonly clock: ManualClock,
  ) {}

  static async start(backend: Backend, options: Partial<BuildServerOptions> = {}): Promise<TestServer> {
    const db = await backend.open();
    const clock = new ManualClock();
    // A low scrypt cost: the suites hash and check passwords hundreds of times; hashing is not under test.
    const app = await buildServer({ db, clock: clock.now, distDir: '/nonexistent-dist', passwordCost: TEST_PASSWORD_COST, ...options });
    await bootstrap(db, { adminUsername: ADMIN.username, adminPassword: ADMIN.password, passwords: new PasswordHasher(TEST_PASSWORD_COST) });
    const server = new TestServer(app, db, clock);
    server.adminToken = await server.login(ADMIN.username, ADMIN.password);
    return server;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.close();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async request<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const payload = typeof init.body === 'string' ? init.body : init.body === undefined ? undefined : JSON.stringify(init.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await this.app.inject({ method, url, headers, payload, remoteAddress: init.remoteAddress });
    const text = response.body;
    const isJson = String(response.headers['content-type'] ?? '').includes('json');
    return { status: response.statusCode, body: (isJson && text ? JSON.parse(text) : text) as T & ApiErrorBody, headers: response.headers };
  }

  async login(username: string, password: string, deviceName?: string): Promise<string> {
    const answer = await this.request('POST', '/api/auth/login', { body: { username, password, deviceName } });
    if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.token;
  }

  async createVillage(name = `Thôn ${randomUUID().slice(0, 8)}`, expectedHouseholds = 100): Promise<Village> {
    const answer = await this.request<Village>('POST', '/api/admin/villages', { token: this.adminToken, body: { name, expectedHouseholds } });
    if (answer.status !== 201) throw new Error(`createVillage: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Creates a user and logs in; returns its token too. */
  async createUser(role: Role, villageIds: string[]): Promise<{ id: string; username: string; password: string; token: string }> {
    const username = `u${randomUUID().slice(0, 12)}`;
    const password = 'mat-khau-1234';
    const answer = await this.request('POST', '/api/admin/users', { token: this.adminToken, body: { username, password, role, villageIds } });
    if (answer.status !== 201) throw new Error(`createUser: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { id: answer.body.id, username, password, token: await this.login(username, password) };
  }

  push(token: string, mutations: Mutation[], deviceId = 'device-a', protocolVersion = PROTOCOL_VERSION): Promise<Answer<PushResponse>> {
    return this.request('POST', '/api/sync/push', { token, body: { protocolVersion, deviceId, mutations } });
  }

  /** Pushes and insists on 200. */
  async pushOk(token: string, mutations: Mutation[], deviceId = 'device-a'): Promise<PushResponse['results']> {
    const answer = await this.push(token, mutations, deviceId);
    if (answer.status !== 200) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.results;
  }

  pull(token: string, cursor?: string, limit?: number): Promise<Answer<PullResponse>> {
    const query = new URLSearchParams();
    if (cursor !== undefined) query.set('cursor', cursor);
    if (limit !== undefined) query.set('limit', String(limit));
    return this.request('GET', `/api/sync/pull?${query}`, { token });
  }

  /** Follows hasMore to the end; returns every change and the final cursor. */
  async pullAll(token: string, cursor?: string, limit?: number): Promise<{ changes: PullResponse['changes']; cursor: string; pages: number }> {
    const changes: PullResponse['changes'] = [];
    let pages = 0;
    for (;;) {
      const answer = await this.pull(token, cursor, limit);
      if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`);
      pages += 1;
      changes.push(...answer.body.changes);
      cursor = answer.body.cursor;
      if (!answer.body.hasMore) return { changes, cursor, pages };
    }
  }
}
