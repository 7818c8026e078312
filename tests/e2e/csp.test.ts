// The app works under the server's strict Content-Security-Policy (src/server/http/security-headers.ts):
// served by the real commune server, a member signs in, records a household, visits every tab, syncs,
// reloads through the service worker — and Chromium reports not one CSP violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhone, startCommuneServer, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { RegisterApp } from './pages/RegisterApp';
import { SyncPhone } from './pages/SyncPhone';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe('strict Content-Security-Policy', () => {
  let browser: Browser;
  let server: RunningCommuneServer;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the whole app runs with no violation reported', async () => {
    context = await newPhone(browser);
    // Registered before any page script: every violation of every document of this phone is kept.
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    const page: Page = await context.newPage();
    const consoleViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) consoleViolations.push(message.text());
    });
    const headers = (await page.goto(`${server.url}/`))!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    await waitForServiceWorkerControl(page);

    const phone = new SyncPhone(page, server.url);
    await phone.signIn(server.members[0]);
    const app = new RegisterApp(page, server.url);
    await app.addHousehold({ headName: 'Lò Văn Páo', address: 'Bản Trên' }, [{ fullName: 'Lò Văn Páo', birthYear: 1970, sex: 'Nam', relation: 'Chủ hộ' }]);
    for (const tab of ['Cần hỗ trợ', 'Chỉ số', 'Cài đặt', 'Hộ dân'] as const) {
      await phone.goTo(tab);
      await page.waitForLoadState('networkidle');
    }
    await phone.goTo('Cài đặt');
    await phone.syncNow();
    expect(await phone.unsentCount()).toBe(0);
    // A fresh start of the app, from the service worker's cache, under the same policy.
    await page.goto(`${server.url}/`);
    await page.getByTestId('household-list').waitFor();

    const violations = await page.evaluate(() => window.cspViolations ?? []);
    expect(violations).toEqual([]);
    expect(consoleViolations).toEqual([]);
  });
});
