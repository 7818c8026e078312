// Sync figures over loopback, in real Chromium with the real engine and server: a phone's first
// download of a whole commune (login, then the first pull into IndexedDB), then a push of 10,000 changes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { newPhone, storeUnsentCreations } from '../e2e/harness';
import { BENCH_ADMIN, type BenchServer } from './serverBench';

/** Logs in on a fresh phone and downloads everything the administrator sees; ms until it is stored. */
export async function browserFirstPullThenPush(
  browser: Browser,
  server: BenchServer,
  changes: number,
): Promise<{ pullMs: number; records: number; pullBytes: PullBytes; baselineMs: number; pushMs: number; sent: number }> {
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    const bytes = await countPullBytes(page);
    const ms = await signInAndDownload(page, BENCH_ADMIN);
    const records = await recordsOnPhone(page);
    const baselineMs = await dexieBulkPutBaseline(page);
    const push = await browserPush(page, server, changes);
    return { pullMs: ms, records, pullBytes: bytes.get(), baselineMs, pushMs: push.ms, sent: push.sent };
  } finally {
    await context.close();
  }
}

/** Signs in on the login screen and waits for the first download; ms from the tap until it is stored. */
async function signInAndDownload(page: Page, account: { username: string; password: string }): Promise<number> {
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  const start = Date.now();
  await page.getByTestId('login-submit').click();
  await page.getByTestId('first-pull-done').waitFor({ timeout: 900_000 });
  return Date.now() - start;
}

/** Households, persons and visits stored on the phone. */
function recordsOnPhone(page: Page): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    const open = indexedDB.open('cong-dan-so');
    open.onsuccess = () => {
      const tx = open.result.transaction(['households', 'persons', 'visits']);
      let total = 0, left = 3;
      for (const name of ['households', 'persons', 'visits']) {
        const count = tx.objectStore(name).count();
        count.onsuccess = () => { total += count.result; if (--left === 0) resolve(total); };
      }
      tx.oncomplete = () => open.result.close();
    };
  })`);
}

export interface PullBytes {
  /** Bytes of the pull answers as they crossed the network (compressed, headers included). */
  wire: number;
  /** Bytes of their JSON once decompressed. */
  json: number;
}

/**
 * Counts, through the DevTools protocol, the bytes of every pull answer the page receives from now on;
 * `link`: network conditions to emulate on the same session (weakLinkVillage).
 */
async function countPullBytes(page: Page, link?: typeof FAST_3G): Promise<{ get: () => PullBytes }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (link) await cdp.send('Network.emulateNetworkConditions', link);
  const pulls = new Set<string>();
  const total: PullBytes = { wire: 0, json: 0 };
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.request.url.includes('/api/sync/pull')) pulls.add(event.requestId);
  });
  cdp.on('Network.dataReceived', (event) => {
    if (pulls.has(event.requestId)) total.json += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (pulls.has(event.requestId)) total.wire += event.encodedDataLength;
  });
  return { get: () => ({ ...total }) };
}

/**
 * Chrome DevTools' "Fast 3G" preset (its figures: 1.6 Mbit/s down, 750 kbit/s up, 150 ms, each scaled as
 * DevTools does), a fair picture of a village's link on a good day.
 */
export const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9, uploadThroughput: ((750 * 1024) / 8) * 0.9 };

export interface WeakLinkRun {
  /** A member's first download of one village: ms from the tap to stored. */
  pullMs: number;
  records: number;
  bytes: PullBytes;
  /** Then 1,000 changes sent over the same link: ms until the outbox is empty (compressed runs only). */
  pushMs: number | null;
  pushed: number;
}

/**
 * A member of one village signs in on a fresh phone whose link is emulated as 3G (after the app
 * itself has loaded) and downloads the village; then sends 1,000 changes over the same link.
 * `compressed: false` is the baseline: the phone asks the server not to compress (`x-no-compression`,
 * honoured by @fastify/compress), so the same records travel as plain JSON.
 */
export async function weakLinkVillage(browser: Browser, server: BenchServer, compressed: boolean): Promise<WeakLinkRun> {
  // The second village: the first has the 10,000 changes of the commune push (browserFirstPullThenPush).
  const villageId = server.villageIds[1];
  const account = { username: `member-${Math.random().toString(36).slice(2, 10)}`, password: 'mat-khau-thanh-vien-bench' };
  await server.call('POST', '/api/admin/users', { ...account, role: 'member', villageIds: [villageId] });
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    if (!compressed) await context.setExtraHTTPHeaders({ 'x-no-compression': '1' });
    const bytes = await countPullBytes(page, FAST_3G);
    const pullMs = await signInAndDownload(page, account);
    const records = await recordsOnPhone(page);
    const push = compressed ? await browserPush(page, server, 1_000, villageId) : null;
    return { pullMs, records, bytes: bytes.get(), pushMs: push?.ms ?? null, pushed: push?.sent ?? 0 };
  } finally {
    await context.close();
  }
}

/**
 * The first pull's baseline, on the same phone right after it: the records it stored, read back (not
 * timed) and written by Dexie's `bulkPut` into an empty database with the same stores and indexes (read
 * from the phone's database), 2,000 per transaction (the largest pull page), one store after another.
 * What is left between the two is the network, the server, validation and the app's bookkeeping. Dexie
 * is loaded from its own package through the DevTools protocol, which the app's Content Security Policy
 * does not govern.
 */
async function dexieBulkPutBaseline(page: Page): Promise<number> {
  const dexieSource = readFileSync(createRequire(import.meta.url).resolve('dexie/dist/dexie.js'), 'utf8');
  await page.evaluate(dexieSource);
  // As the app does (src/db/database.ts): Dexie's debug mode is on by default on 127.0.0.1.
  await page.evaluate('Dexie.debug = false');
  return page.evaluate<number>(`(async () => {
    // Opened without a schema, Dexie reads the phone's stores and indexes from IndexedDB itself.
    const phone = new Dexie('cong-dan-so');
    await phone.open();
    const stores = {};
    const records = {};
    for (const name of ['households', 'persons', 'visits']) {
      const { primKey, indexes } = phone.table(name).schema;
      stores[name] = [primKey.src, ...indexes.map((index) => index.src)].join(', ');
      records[name] = await phone.table(name).toArray();
    }
    phone.close();
    await Dexie.delete('bench-baseline');
    const baseline = new Dexie('bench-baseline');
    baseline.version(1).stores(stores);
    await baseline.open();
    const started = performance.now();
    for (const name of Object.keys(stores)) {
      const table = baseline.table(name);
      for (let i = 0; i < records[name].length; i += 2000) {
        await baseline.transaction('rw', table, () => table.bulkPut(records[name].slice(i, i + 2000)));
      }
    }
    const ms = performance.now() - started;
    baseline.close();
    await Dexie.delete('bench-baseline');
    return ms;
  })()`);
}

/**
 * On the phone that just downloaded the commune: 10,000 new records with their outbox entries are
 * written straight into its IndexedDB (as if typed over days), then "Đồng bộ ngay"; ms from the first
 * push request (or the tap, if earlier) until the outbox is empty. The real engine, Chromium's IndexedDB and the real server over loopback HTTP.
 */
export async function browserPush(page: Page, server: BenchServer, changes: number, villageId = server.villageIds[0]): Promise<{ ms: number; sent: number }> {
  const sent = await storeUnsentCreations(page, villageId, changes, 991);
  await page.goto(`${server.url}/settings`);
  await page.evaluate('performance.setResourceTimingBufferSize(10000)');
  await page.getByTestId('sync-now').waitFor();
  const ms = await page.evaluate<number>(`(async () => {
    // One connection for all the polling: opening one per poll (every 25 ms) cost the page and the
    // browser's IndexedDB more CPU than the count itself, inside the measured time.
    const db = await new Promise((resolve) => {
      const open = indexedDB.open('cong-dan-so');
      open.onsuccess = () => resolve(open.result);
    });
    const outboxCount = () => new Promise((resolve) => {
      const count = db.transaction('outbox').objectStore('outbox').count();
      count.onsuccess = () => resolve(count.result);
    });
    const clicked = performance.now();
    document.querySelector('[data-testid="sync-now"]').click();
    while ((await outboxCount()) > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    db.close();
    // The app may have started sending on its own when the screen opened (it syncs when it starts with
    // unsent changes): the push is timed from whichever came first, that or the tap.
    const pushes = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/sync/push'));
    return performance.now() - Math.min(clicked, ...pushes.map((entry) => entry.startTime));
  })()`);
  return { ms, sent };
}
