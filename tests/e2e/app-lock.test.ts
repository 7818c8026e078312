// The app lock in Chromium: the PIN is set after the first sign-in; after the idle minutes (clock moved
// on with Playwright's fake clock) the app asks for it; wrong PINs count down; five lock the app until
// the member signs in online again — and the household recorded before is still there, unsent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import vi from '../../src/i18n/locales/vi.json';
import { launchChromium, newPhone, startCommuneServer, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { RegisterApp } from './pages/RegisterApp';
import { SyncPhone } from './pages/SyncPhone';

describe('app lock', () => {
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

  it('asks for the PIN when idle, locks out after five wrong PINs, and an online sign-in opens it again', async () => {
    context = await newPhone(browser);
    const page = await context.newPage();
    const phone = new SyncPhone(page, server.url);
    await phone.open('/');
    await waitForServiceWorkerControl(page);
    await phone.signIn(server.members[0]); // sets the PIN when asked
    await context.setOffline(true);
    const app = new RegisterApp(page, server.url);
    await app.goTo('Hộ dân');
    await app.addHousehold({ headName: 'Mùa A Dình', address: 'Bản Dưới' }, [{ fullName: 'Mùa A Dình', birthYear: 1990, sex: 'Nam', relation: 'Chủ hộ' }]);
    const unsent = await phone.unsentCount();
    expect(unsent).toBe(2);

    // Time under the app's control from here; reloading puts its timers on the fake clock.
    await page.clock.install();
    await page.goto(`${server.url}/`);
    await page.getByTestId('household-list').waitFor();
    await page.clock.fastForward('04:00');
    expect(await page.getByTestId('lock-unlock').count()).toBe(0);
    await page.clock.fastForward('01:30');
    await page.getByTestId('lock-unlock').waitFor();

    const enter = async (pin: string) => {
      await page.getByTestId('lock-pin').fill(pin);
      await page.getByTestId('lock-submit').click();
    };
    await enter('0000');
    await page.getByText(vi.lock.wrongPin.replace('{{left}}', '4')).waitFor();
    await enter(phone.pin);
    await page.getByTestId('lock-unlock').waitFor({ state: 'detached' });

    await page.clock.fastForward('05:30');
    await page.getByTestId('lock-unlock').waitFor();
    for (let i = 0; i < 4; i += 1) await enter('1111');
    await enter('1111');
    await page.getByTestId('lock-lockedOut').waitFor();
    expect(await phone.unsentCount()).toBe(unsent);

    // Back online, the member signs in with the password: the app opens, the work is still there.
    await context.setOffline(false);
    await page.getByTestId('lock-sign-in').click();
    await phone.signIn(server.members[0]);
    await app.goTo('Hộ dân');
    await page.getByTestId('household-list').waitFor();
    expect(await page.getByTestId('lock-lockedOut').count()).toBe(0);
    expect(await app.householdNames()).toContain('Mùa A Dình');
  });
});
