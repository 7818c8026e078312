// A team that started before it had accounts: it made its own village on the phone and recorded
// households there. After signing in, that village is one the server does not know, so nothing of it can
// be sent (and the phone cannot sign out). Settings offers to move its work into one of the account's
// villages; the next sync sends it. Real Chromium, the real commune server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newPhone, startCommuneServer, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { RegisterApp } from './pages/RegisterApp';
import { SyncPhone } from './pages/SyncPhone';

describe('a village made on the phone', () => {
  let browser: Browser;
  let server: RunningCommuneServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer('Thôn Nà Khoang');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('its households move into the account\'s village and reach the server', async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    const register = new RegisterApp(page, server.url);
    await register.open('/');
    await waitForServiceWorkerControl(page);
    await register.createLocalVillage('Thôn tự đặt', 40);
    await register.addHousehold({ headName: 'Lò Văn Nọi', address: 'Bản Khoang' }, [{ fullName: 'Lò Văn Nọi', birthYear: 1979, sex: 'Nam', relation: 'Chủ hộ' }]);

    const phone = new SyncPhone(page, server.url);
    await phone.signIn(server.members[0]);
    await phone.goTo('Cài đặt');
    const banner = page.getByText(/Thôn tự đặt.*thôn tạo trên máy/);
    await banner.waitFor();
    expect(await page.getByTestId('move-village-target').inputValue()).toBe(server.villageId);
    await page.getByTestId('move-village').click();
    expect(await page.getByText('Mọi hộ, người và lần thăm của « Thôn tự đặt » sẽ thuộc « Thôn Nà Khoang »').count()).toBe(1);
    await page.getByRole('button', { name: 'Chuyển', exact: true }).click();

    await banner.waitFor({ state: 'detached' });
    await expect.poll(async () => page.getByTestId('settings-unsent').textContent(), { timeout: 30_000 }).toMatch(/^0 /);
    const pulled = await server.api<{ changes: { entity: string; record: { villageId: string; headName?: string; fullName?: string } }[] }>(server.admin, 'GET', '/api/sync/pull');
    const moved = pulled.changes.filter((change) => change.record.headName === 'Lò Văn Nọi' || change.record.fullName === 'Lò Văn Nọi');
    expect(moved.map((change) => [change.entity, change.record.villageId])).toEqual([
      ['household', server.villageId],
      ['person', server.villageId],
    ]);
    await context.close();
  });
});
