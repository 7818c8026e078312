// A phone's sync travels compressed, in real Chromium against the real server: the first download comes
// gzip-compressed, and a backlog of unsent changes goes up gzip-compressed (CompressionStream), also as
// the first request after the app starts again (the phone remembers that the server reads gzip).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhone, startCommuneServer, storeUnsentCreations, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { SyncPhone } from './pages/SyncPhone';

describe('a phone syncing over a weak link', () => {
  let browser: Browser;
  let server: RunningCommuneServer;
  let context: BrowserContext;
  let page: Page;
  let phone: SyncPhone;
  /** Content-Encoding of every sync request the phone sent and every sync answer it got, in order. */
  const pushed: (string | null)[] = [];
  const pulled: (string | null)[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer();
    // The village on the server: one household of 30 people, entered at the office.
    const householdId = randomUUID();
    const clientTime = new Date(Date.now() - 3_600_000).toISOString();
    const person = (i: number) => ({
      id: randomUUID(), entity: 'person', recordId: randomUUID(), villageId: server.villageId, op: 'upsert', baseVersion: 0, clientTime,
      fields: { householdId, fullName: `Lò Thị Hoa ${i + 1}`, birthYear: 1960 + i, sex: 'female', relation: 'other', residency: 'permanent', vneid: 'none', digitalSignature: 'none',
        healthBook: false, paymentAccount: false, usesCashless: false, smartphone: 'none', digitalSkills: 'none', onlinePublicServices: false },
    });
    await server.api(server.members[0], 'POST', '/api/sync/push', {
      protocolVersion: 1,
      deviceId: 'office-tablet',
      mutations: [
        { id: randomUUID(), entity: 'household', recordId: householdId, villageId: server.villageId, op: 'upsert', baseVersion: 0, clientTime,
          fields: { address: 'Bản Mòng', headName: 'Lò Văn Páo', business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Lò Văn Páo' } },
        ...Array.from({ length: 30 }, (_, i) => person(i)),
      ],
    });
    context = await newPhone(browser);
    page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes('/api/sync/push')) pushed.push(request.headers()['content-encoding'] ?? null);
    });
    page.on('response', async (response) => {
      if (response.url().includes('/api/sync/pull')) pulled.push((await response.allHeaders())['content-encoding'] ?? null);
    });
    phone = new SyncPhone(page, server.url);
    await phone.open('/');
    await waitForServiceWorkerControl(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('downloads the village gzip-compressed', async () => {
    expect(await phone.signIn(server.members[0])).toContain('31 bản ghi');
    expect(pulled.length).toBeGreaterThan(0);
    expect(pulled[0]).toBe('gzip');
  });

  it('sends a backlog of changes gzip-compressed, and the server applies them all', async () => {
    await storeUnsentCreations(page, server.villageId, 60, 7);
    expect(await phone.unsentCount()).toBe(60);
    await phone.syncNow();
    expect(await phone.unsentCount()).toBe(0);
    expect(pushed).toEqual(['gzip']);
  });

  it('after the app starts again, its first push is compressed too', async () => {
    await storeUnsentCreations(page, server.villageId, 60, 8);
    // A new start of the app: nothing learned in memory survives, only what IndexedDB keeps.
    await page.reload();
    await phone.syncNow();
    expect(await phone.unsentCount()).toBe(0);
    expect(pushed).toEqual(['gzip', 'gzip']);
  });
});
