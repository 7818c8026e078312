// A new version of the app reaches a phone that has the old one: the service worker downloads it in the
// background, the app says so, and the new version runs only when the user taps "Cập nhật ngay" —
// with what they were typing kept.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newPhone, serveBuiltApp, waitForServiceWorkerControl } from './harness';
import { RegisterApp } from './pages/RegisterApp';

describe('app update', () => {
  let browser: Browser;
  let nextBuild: string;

  beforeAll(async () => {
    browser = await launchChromium();
    // A second build of the same sources differs by its build time, and so by its precache manifest.
    nextBuild = mkdtempSync(join(tmpdir(), 'cds-next-build-'));
    execFileSync('npx', ['vite', 'build', '--outDir', nextBuild, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'pipe' });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(nextBuild, { recursive: true, force: true });
  });

  it('offers the new version, and applies it only when the user asks, keeping the draft', async () => {
    const oldServer = await serveBuiltApp('dist');
    const phone = await newPhone(browser);
    const page = await phone.newPage();
    const app = new RegisterApp(page, oldServer.url);
    await app.open('/');
    await waitForServiceWorkerControl(page);
    await app.createLocalVillage('Thôn Đông', 50);
    await app.goTo('Cài đặt');
    const oldBuild = await page.getByTestId('app-version').getAttribute('data-built-at');
    await app.goTo('Hộ dân');
    await page.getByTestId('add-household').click();
    await page.getByLabel('Họ tên chủ hộ').fill('Phạm Thị Lan');

    // The commune server is updated: same address, new build.
    await oldServer.close();
    const newServer = await serveBuiltApp(nextBuild, oldServer.port);
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.getByText('Đã có phiên bản mới của ứng dụng.').waitFor({ timeout: 30_000 });
      // Nothing changes until the user chooses: the form is still there with what was typed.
      expect(await page.getByLabel('Họ tên chủ hộ').inputValue()).toBe('Phạm Thị Lan');

      await page.getByRole('button', { name: 'Cập nhật ngay' }).click();
      await page.getByText('Đã khôi phục thông tin đang nhập dở lần trước.').waitFor({ timeout: 30_000 });
      expect(await page.getByLabel('Họ tên chủ hộ').inputValue()).toBe('Phạm Thị Lan');
      await app.goTo('Cài đặt');
      const newBuild = await page.getByTestId('app-version').getAttribute('data-built-at');
      expect(newBuild).not.toBe(oldBuild);
    } finally {
      await newServer.close();
    }
  });
});
