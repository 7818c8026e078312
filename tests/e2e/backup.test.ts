// Device backup, end to end in Chromium against the real server: a member records households with no
// network, exports the unsent changes to an encrypted file; at the office the administrator imports it
// (decrypted in the browser, sent through the normal push). The records appear once — also after a
// second import and after the phone itself syncs. A wrong passphrase is told plainly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import vi from '../../src/i18n/locales/vi.json';
import { launchChromium, newPhone, startCommuneServer, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { RegisterApp } from './pages/RegisterApp';
import { SyncPhone } from './pages/SyncPhone';

const PASSPHRASE = 'lúa chín vàng bản Mường';

describe('device backup: phone exports, office imports', () => {
  let browser: Browser;
  let server: RunningCommuneServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(): Promise<{ context: BrowserContext; page: Page; phone: SyncPhone }> {
    const context = await newPhone(browser);
    contexts.push(context);
    const page = await context.newPage();
    const phone = new SyncPhone(page, server.url);
    await phone.open('/');
    await waitForServiceWorkerControl(page);
    return { context, page, phone };
  }

  async function headNamesOnServer(): Promise<string[]> {
    const page = await server.api<{ changes: { entity: string; record: { headName?: string; deleted: boolean } }[] }>(server.admin, 'GET', '/api/sync/pull?limit=2000');
    return page.changes.filter((c) => c.entity === 'household').map((c) => c.record.headName!).sort();
  }

  async function importFile(page: Page, path: string, passphrase: string): Promise<string> {
    // A fresh Settings screen each time: the import panel opens from its button.
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('backup-import-open').click();
    await page.getByTestId('backup-file').setInputFiles(path);
    await page.getByTestId('backup-import-passphrase').fill(passphrase);
    await page.getByTestId('backup-import-submit').click();
    const outcome = page.getByTestId('backup-import-result').or(page.getByRole('alert'));
    await outcome.waitFor({ timeout: 60_000 });
    return (await outcome.textContent()) ?? '';
  }

  it('records made offline reach the server once through the file, and again only once', async () => {
    const { context, page, phone } = await open();
    await phone.signIn(server.members[0]);
    await context.setOffline(true);
    const app = new RegisterApp(page, server.url);
    await app.goTo('Hộ dân');
    await app.addHousehold({ headName: 'Giàng A Páo', address: 'Bản Cao' }, [{ fullName: 'Giàng A Páo', birthYear: 1979, sex: 'Nam', relation: 'Chủ hộ' }]);
    await app.goTo('Hộ dân');
    await app.addHousehold({ headName: 'Sùng Thị Mỷ', address: 'Bản Thấp' }, [{ fullName: 'Sùng Thị Mỷ', birthYear: 1988, sex: 'Nữ', relation: 'Chủ hộ' }]);
    const unsent = await phone.unsentCount();
    expect(unsent).toBe(4);

    // Export in Settings, still offline.
    await phone.goTo('Cài đặt');
    await page.getByTestId('backup-passphrase').fill(PASSPHRASE);
    await page.getByTestId('backup-confirm').fill(PASSPHRASE);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^cong-dan-so-sao-luu-\d{4}-\d{2}-\d{2}\.cdsbackup$/);
    const folder = mkdtempSync(join(tmpdir(), 'cds-backup-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, download.suggestedFilename());
    await download.saveAs(path);
    await page.getByText(vi.backup.done.replace('{{count}}', '4')).waitFor();
    expect(await phone.unsentCount()).toBe(4); // exporting deletes nothing

    // At the office.
    const office = await open();
    await office.phone.signIn(server.admin);
    expect(await importFile(office.page, path, 'mật khẩu sai hoàn toàn')).toBe(vi.backup.errors.WRONG_PASSPHRASE);
    expect(await headNamesOnServer()).toEqual([]);
    expect(await importFile(office.page, path, PASSPHRASE)).toContain('4 mới');
    expect(await headNamesOnServer()).toEqual(['Giàng A Páo', 'Sùng Thị Mỷ']);
    expect(await importFile(office.page, path, PASSPHRASE)).toContain('0 mới, 4 đã có trên máy chủ');
    expect(await headNamesOnServer()).toEqual(['Giàng A Páo', 'Sùng Thị Mỷ']);

    // The phone gets its network back and sends the same changes: duplicates, nothing doubled.
    await context.setOffline(false);
    await phone.syncNow();
    expect(await phone.unsentCount()).toBe(0);
    expect(await headNamesOnServer()).toEqual(['Giàng A Páo', 'Sùng Thị Mỷ']);
  });
});
