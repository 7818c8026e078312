// Sync figures over loopback, in real Chromium with the real engine and server: a phone's first
// download of a whole commune (login, then the first pull into IndexedDB), then a push of 10,000 changes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { newPhone } from '../e2e/harness';
import { BENCH_ADMIN, type BenchServer } from './serverBench';
import { creationMutations, syntheticVillages } from './syntheticCommune';

/** Logs in on a fresh phone and downloads everything the administrator sees; ms until it is stored. */
export async function browserFirstPullThenPush(
  browser: Browser,
  server: BenchServer,
  changes: number,
): Promise<{ pullMs: number; records: number; baselineMs: number; pushMs: number; sent: number }> {
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(BENCH_ADMIN.username);
    await page.getByTestId('login-password').fill(BENCH_ADMIN.password);
    const start = Date.now();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('first-pull-done').waitFor({ timeout: 900_000 });
    const ms = Date.now() - start;
    const records = await page.evaluate<number>(`new Promise((resolve) => {
      const open = indexedDB.open('cong-dan-so');
      open.onsuccess = () => {
        const tx = open.result.transaction(['households', 'persons', 'visits']);
        let total = 0, left = 3;
        for (const name of ['households', 'persons', 'visits']) {
          const count = tx.objectStore(name).count();
          count.onsuccess = () => { total += count.result; if (--left === 0) resolve(total); };
        }
      };
    })`);
    const baselineMs = await dexieBulkPutBaseline(page);
    const push = await browserPush(page, server, changes);
    return { pullMs: ms, records, baselineMs, pushMs: push.ms, sent: push.sent };
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
export async function browserPush(page: Page, server: BenchServer, changes: number): Promise<{ ms: number; sent: number }> {
  const [village] = syntheticVillages([server.villageIds[0]], Math.round(changes * 0.68), 991);
  const mutations = creationMutations(village).slice(0, changes);
  const records = [...village.households, ...village.persons, ...village.visits].map((r) => ({ ...r, version: 0 }));
  const table = (id: string) => (village.households.some((h) => h.id === id) ? 'households' : village.persons.some((p) => p.id === id) ? 'persons' : 'visits');
  const rows = mutations.map((m) => ({ table: table(m.recordId), record: records.find((r) => r.id === m.recordId) }));
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
  return { ms, sent: outbox.length };
}
