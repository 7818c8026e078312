// The sync engine's tests run against the REAL commune server, in process (buildServer on in-memory
// PGlite, driven through app.inject), and a real IndexedDB implementation (fake-indexeddb): no fake
// server. A Phone is one device: its own database, outbox, engine and a network the test can cut.
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/app';
import { bootstrap } from '../../../src/server/bootstrap';
import type { Database } from '../../../src/server/db/database';
import { openPglite } from '../../../src/server/db/pglite';
import { openDatabase, type CongDanSoDb } from '../../../src/db/database';
import { createRepository, type MemberDraft, type Repository } from '../../../src/db/repository';
import { createSyncStore, type DexieSyncStore } from '../../../src/db/syncStore';
import { createApiClient, type ApiClient, type FetchLike } from '../../../src/sync/api';
import { SyncEngine, type SyncEngineDeps } from '../../../src/sync/engine';
import { signIn, type SignInResult } from '../../../src/sync/sessionFlow';
import type { HouseholdFields } from '../../../src/shared/types';

// Whatever imported Dexie first, every phone of these tests opens its database in fake-indexeddb.
Dexie.dependencies.indexedDB = new IDBFactory();
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

export const ADMIN = { username: 'admin', password: 'mat-khau-quan-tri-1' };

/** A request body as the server reads it: JSON text, inflated when the phone sent it gzip-compressed. */
export function bodyText(body: RequestInit['body']): string {
  return typeof body === 'string' ? body : gunzipSync(Buffer.from(body as ArrayBuffer)).toString('utf8');
}

/** Calls the in-process server like fetch would call it over the network. */
export function injectFetch(app: FastifyInstance): FetchLike {
  return async (url, init = {}) => {
    const { pathname, search } = new URL(url);
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url: pathname + search,
      headers: init.headers as Record<string, string>,
      // A compressed push body arrives as bytes (api.ts gzips large bodies once the server says it reads gzip).
      payload: init.body === undefined || typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
    return new Response(response.statusCode === 204 ? null : response.body, { status: response.statusCode, headers });
  };
}

export class CommuneServer {
  adminToken = '';
  private constructor(
    readonly app: FastifyInstance,
    readonly db: Database,
  ) {}

  static async start(): Promise<CommuneServer> {
    const db = await openPglite();
    const app = await buildServer({ db, distDir: '/nonexistent-dist' });
    await bootstrap(db, { adminUsername: ADMIN.username, adminPassword: ADMIN.password });
    const server = new CommuneServer(app, db);
    server.adminToken = (await server.call<{ token: string }>('POST', '/api/auth/login', ADMIN)).token;
    return server;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.close();
  }

  /** JSON answer of the real server; throws on an error status. `T` is what the test expects back. */
  async call<T = unknown>(method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return (response.body ? JSON.parse(response.body) : undefined) as T;
  }

  createVillage(name = `Thôn ${randomUUID().slice(0, 6)}`): Promise<{ id: string; name: string }> {
    return this.call('POST', '/api/admin/villages', { name, expectedHouseholds: 120 }, this.adminToken);
  }

  async createUser(role: 'member' | 'village_head' | 'commune_admin', villageIds: string[]): Promise<{ username: string; password: string }> {
    const account = { username: `u${randomUUID().slice(0, 10)}`, password: 'mat-khau-1234' };
    await this.call('POST', '/api/admin/users', { ...account, role, villageIds }, this.adminToken);
    return account;
  }

  /** Everything the server sends a fresh phone of this account, by record id. */
  async records(account: { username: string; password: string }): Promise<Map<string, Record<string, unknown>>> {
    const { token } = await this.call<{ token: string }>('POST', '/api/auth/login', account);
    const records = new Map<string, Record<string, unknown>>();
    let cursor = '';
    for (;;) {
      const page = await this.call<{ changes: { record: Record<string, unknown> }[]; cursor: string; hasMore: boolean }>('GET', `/api/sync/pull?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, token);
      for (const change of page.changes) records.set(String(change.record.id), change.record);
      cursor = page.cursor;
      if (!page.hasMore) return records;
    }
  }
}

/** What a test can do to a phone's network. */
export interface Network {
  /** No answer at all (no signal). */
  down: boolean;
  /** The next n pushes reach the server (and commit) but their answers are lost on the way back. */
  losePushAnswers: number;
  /** Called before each request reaches the server. */
  beforeRequest?: (path: string, init: RequestInit) => Promise<void> | void;
  /** Called once the server has answered, before the answer reaches the phone (a slow way back). */
  beforeAnswer?: (path: string) => Promise<void> | void;
  /** Replaces the server's JSON answer on its way to the phone (a broken proxy, a wrong server). */
  rewriteAnswer?: (path: string, body: unknown) => unknown;
  /** Every request path, in order. */
  log: string[];
  /** The mutation ids of every push, in the order they were sent. */
  pushed: string[];
}

export class Phone {
  readonly network: Network = { down: false, losePushAnswers: 0, log: [], pushed: [] };
  readonly db: CongDanSoDb;
  readonly store: DexieSyncStore;
  readonly repository: Repository;
  readonly api: ApiClient;
  readonly engine: SyncEngine;
  private time = Date.parse('2026-11-22T03:00:00Z');

  constructor(server: CommuneServer, engineOptions: Partial<SyncEngineDeps> = {}) {
    this.db = openDatabase(`phone-${randomUUID()}`);
    this.store = createSyncStore(this.db, randomUUID);
    // Each save one second after the previous: clientTime orders them as a person would.
    this.repository = createRepository(this.db, { now: this.now, newId: randomUUID });
    const serverFetch = injectFetch(server.app);
    const network = this.network;
    const fetch: FetchLike = async (url, init = {}) => {
      const path = new URL(url).pathname;
      if (network.down) throw new TypeError('Failed to fetch');
      network.log.push(path);
      if (path === '/api/sync/push') network.pushed.push(...JSON.parse(bodyText(init.body)).mutations.map((m: { id: string }) => m.id));
      await network.beforeRequest?.(path, init);
      const response = await serverFetch(url, init);
      await network.beforeAnswer?.(path);
      if (path === '/api/sync/push' && network.losePushAnswers > 0) {
        network.losePushAnswers -= 1;
        throw new TypeError('network connection lost');
      }
      if (network.rewriteAnswer) {
        const body = network.rewriteAnswer(path, await response.json());
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      }
      return response;
    };
    this.api = createApiClient({ fetch, baseUrl: 'http://commune.test', getToken: async () => (await this.store.getSession())?.token ?? null });
    this.engine = new SyncEngine({ store: this.store, api: this.api, clock: this.now, ...engineOptions });
  }

  now = (): Date => {
    this.time += 1000;
    return new Date(this.time);
  };

  signIn(account: { username: string; password: string }): Promise<SignInResult> {
    return signIn({ api: this.api, store: this.store, clock: this.now }, { ...account, deviceName: 'test phone' });
  }

  async saveHousehold(villageId: string, fields: Partial<HouseholdFields> = {}, members: MemberDraft[] = [member()], id?: string): Promise<string> {
    return this.repository.saveHousehold({ id, villageId, fields: householdFields(fields), members });
  }

  /** Edits one member of a household, keeping everything else as stored on this phone. */
  async editMember(householdId: string, memberId: string, changes: Partial<MemberDraft>): Promise<void> {
    const household = (await this.db.households.get(householdId))!;
    const members = (await this.db.persons.where('householdId').equals(householdId).toArray()).filter((p) => !p.deleted);
    const drafts = members.map(({ id, villageId: _v, version: _ver, deleted: _d, updatedAt: _u, householdId: _h, ...fields }) => ({ id, ...fields, ...(id === memberId ? changes : {}) }));
    const { id, villageId, version: _ver, deleted: _d, updatedAt: _u, ...fields } = household;
    await this.repository.saveHousehold({ id, villageId, fields, members: drafts });
  }

  pendingCount(): Promise<number> {
    return this.db.outbox.where('state').equals('pending').count();
  }
}

export function householdFields(overrides: Partial<HouseholdFields> = {}): HouseholdFields {
  return { address: 'Xóm Đông, số 12', headName: 'Nguyễn Văn An', business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Nguyễn Văn An', ...overrides };
}

export function member(overrides: Partial<MemberDraft> = {}): MemberDraft {
  return {
    fullName: 'Trần Thị Bình', birthYear: 1985, sex: 'female', relation: 'head', residency: 'permanent', vneid: 'level1',
    digitalSignature: 'none', healthBook: false, paymentAccount: true, usesCashless: false, smartphone: 'own', digitalSkills: 'none',
    onlinePublicServices: false, ...overrides,
  };
}
