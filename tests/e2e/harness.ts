// Shared setup of the browser tests: the built app (dist/) served on a loopback port, and Debian's
// Chromium driven by playwright-core (no browser download). Each test gets a fresh browser context,
// which is a fresh phone: empty IndexedDB, no service worker.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { creationMutations, syntheticVillages } from '../bench/syntheticCommune';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Serves a built app (dist/, built by `npm test` before the suites run) like the commune server serves
 * it. `port` pins the address, so a second build can be served at the same origin (an app update).
 */
export async function serveBuiltApp(outDir = 'dist', port = 0): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run \`npm run build\` first.`);
  const server: PreviewServer = await preview({
    build: { outDir },
    preview: { port, host: '127.0.0.1', strictPort: port !== 0 },
    logLevel: 'silent',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return { url: `http://127.0.0.1:${address.port}`, port: address.port, close: () => server.close() };
}

/** A phone-sized context (360 × 740, touch), as a team member's cheap Android phone. */
export async function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
}

/** Waits until the service worker controls the page, so that going offline keeps the app working. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
}

/**
 * Until the household list has the village's members: before that it shows the households' names alone
 * (badges empty, filters waiting, aria-busy).
 */
export async function waitForHouseholdListRead(page: Page, timeout?: number): Promise<void> {
  await page.locator('[data-testid="household-list"][aria-busy="false"]').waitFor({ timeout });
}

/** Collects page errors so a test can assert the app threw none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

export interface CommuneAccount {
  username: string;
  password: string;
}

export interface RunningCommuneServer {
  url: string;
  villageId: string;
  admin: CommuneAccount;
  members: [CommuneAccount, CommuneAccount];
  head: CommuneAccount;
  /** Calls the API as `account` (JSON in, JSON out); throws on an error status. */
  api<T = unknown>(account: CommuneAccount, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real commune server (buildServer on in-memory PGlite) serving dist/ on a loopback port, set up
 * through its own API: an administrator, one village, two member accounts and a village head.
 */
export async function startCommuneServer(villageName = 'Thôn Đoàn Kết'): Promise<RunningCommuneServer> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first.');
  const [{ buildServer }, { bootstrap }, { openPglite }] = await Promise.all([
    import('../../src/server/app'),
    import('../../src/server/bootstrap'),
    import('../../src/server/db/pglite'),
  ]);
  const db = await openPglite();
  const app = await buildServer({ db, distDir: resolve('dist') });
  const admin = { username: 'admin', password: 'mat-khau-quan-tri-1' };
  await bootstrap(db, { adminUsername: admin.username, adminPassword: admin.password });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('commune server has no port');
  const url = `http://127.0.0.1:${address.port}`;

  const tokens = new Map<string, string>();
  async function call<T>(token: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  async function api<T = unknown>(account: CommuneAccount, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    if (!tokens.has(account.username)) tokens.set(account.username, (await call<{ token: string }>(null, 'POST', '/api/auth/login', account)).token);
    return call<T>(tokens.get(account.username)!, method, path, body);
  }

  const village = await api<{ id: string }>(admin, 'POST', '/api/admin/villages', { name: villageName, expectedHouseholds: 120 });
  const account = async (username: string, role: 'member' | 'village_head') => {
    const created = { username, password: `mat-khau-${username}` };
    await api(admin, 'POST', '/api/admin/users', { ...created, role, villageIds: [village.id] });
    return created;
  };
  const members: [CommuneAccount, CommuneAccount] = [await account('thanhvien.a', 'member'), await account('thanhvien.b', 'member')];
  const head = await account('truongthon', 'village_head');
  return {
    url,
    villageId: village.id,
    admin,
    members,
    head,
    api,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/**
 * Writes `changes` new records of a synthetic village (households, members, visits) with their outbox
 * entries straight into the phone's IndexedDB, as if typed over days without signal; returns how many
 * entries the outbox got. The page must be on the app's origin.
 */
export async function storeUnsentCreations(page: Page, villageId: string, changes: number, seed: number): Promise<number> {
  const [village] = syntheticVillages([villageId], Math.max(1, Math.round(changes * 0.68)), seed);
  const mutations = creationMutations(village).slice(0, changes);
  // Each record by id with its store, looked up once per mutation (10,000 in the bench).
  const stored = new Map<string, { table: string; record: object }>();
  for (const [table, records] of [['households', village.households], ['persons', village.persons], ['visits', village.visits]] as const) {
    for (const record of records) stored.set(record.id, { table, record: { ...record, version: 0 } });
  }
  const rows = mutations.map((m) => stored.get(m.recordId)!);
  const outbox = mutations.map((m) => ({ mutationId: m.id, entity: m.entity, recordId: m.recordId, villageId: m.villageId, op: m.op, baseVersion: 0, fields: m.fields, clientTime: m.clientTime, state: 'pending' }));
  await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('cong-dan-so');
    open.onsuccess = () => {
      const tx = open.result.transaction(['households', 'persons', 'visits', 'outbox'], 'readwrite');
      for (const row of ${JSON.stringify(rows)}) tx.objectStore(row.table).put(row.record);
      for (const entry of ${JSON.stringify(outbox)}) tx.objectStore('outbox').add(entry);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  })`);
  return outbox.length;
}
