// Figures of the built app in headless Chromium: offline cold start, saving a household, search and
// the village dashboard with 50,000 people on the phone, JS heap. Times are taken inside the page
// (performance.now and DOM observers), so the driver's round trips are not counted.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newPhone, serveBuiltApp, waitForHouseholdListRead, waitForServiceWorkerControl } from '../e2e/harness';
import { RegisterApp } from '../e2e/pages/RegisterApp';
import { median, percentile, round } from './stats';

/**
 * Records when the household list first shows a household, from the page's time origin, and says so on
 * the console: the driver waits for that message instead of polling with waitForFunction, whose injected
 * script ran 40–60 ms on the throttled main thread inside the measured window.
 */
const LIST_SHOWN_MESSAGE = 'cds:list-shown';
const MARK_LIST_SHOWN = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="household-list"] li')) {
      window.__listShownAt = performance.now();
      observer.disconnect();
      console.log('${LIST_SHOWN_MESSAGE}');
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function seedDemo(page: Page, url: string, households: number): Promise<void> {
  await page.goto(`${url}/settings?demo=${households}`);
  await page.getByTestId('demo-custom').click();
  await page.getByText('Đã tạo thôn mẫu').waitFor({ timeout: 600_000 });
}

async function coldStartMs(context: BrowserContext, url: string, cpuSlowdown: number): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  await page.addInitScript(MARK_LIST_SHOWN);
  const shown = page.waitForEvent('console', { predicate: (message) => message.text() === LIST_SHOWN_MESSAGE, timeout: 60_000 });
  await page.goto(url);
  await shown;
  const ms = await page.evaluate(() => (window as unknown as { __listShownAt: number }).__listShownAt);
  await page.close();
  return ms;
}

/**
 * In-page measuring helpers, as plain JavaScript: functions compiled by tsx would carry helper calls
 * (esbuild's __name) that do not exist in the page.
 */
const PAGE_HELPERS = `
  window.__cdsUntil = (condition) => new Promise((resolve) => {
    const check = () => (condition() ? resolve() : requestAnimationFrame(check));
    check();
  });
  window.__cdsSetInput = (input, text) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  // Edits the open household's note and saves: ms from the tap to "saved" on screen.
  window.__cdsSave = async (text) => {
    const input = [...document.querySelectorAll('label')].find((l) => l.textContent.startsWith('Ghi chú')).control;
    window.__cdsSetInput(input, text);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const start = performance.now();
    document.querySelector('[data-testid="save-household"]').click();
    await window.__cdsUntil(() => [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent.includes('Đã lưu trên máy.')));
    return performance.now() - start;
  };
  // Types a query: ms until the list shows that query's results.
  window.__cdsSearch = async (text) => {
    const input = document.querySelector('input[type="search"]');
    const count = document.querySelector('[data-testid="household-count"]');
    const start = performance.now();
    window.__cdsSetInput(input, text);
    await window.__cdsUntil(() => count.dataset.query === text);
    return performance.now() - start;
  };
  // From a tap on "Chỉ số" to the indicators on screen.
  window.__cdsDashboard = async () => {
    const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.includes('Chỉ số'));
    const start = performance.now();
    link.click();
    await window.__cdsUntil(() => document.querySelector('[data-testid="fraction-digital_citizen"]'));
    return performance.now() - start;
  };
`;

const saveOnceMs = (page: Page, note: string): Promise<number> => page.evaluate(`window.__cdsSave(${JSON.stringify(note)})`);
const searchMs = (page: Page, query: string): Promise<number> => page.evaluate(`window.__cdsSearch(${JSON.stringify(query)})`);

async function dashboardMs(page: Page): Promise<number> {
  const ms = await page.evaluate<number>('window.__cdsDashboard()');
  await page.getByRole('navigation').getByRole('link', { name: 'Hộ dân' }).click();
  await page.getByTestId('household-list').waitFor();
  return ms;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return round(usedSize / 1e6, 1);
}

export interface BrowserFigures {
  coldStartMs: number;
  coldStartThrottledMs: number;
  saveP50Ms: number;
  saveP95Ms: number;
  /** The repository's part: validation and the IndexedDB transaction (User Timing "cds:save-household"). */
  writeP50Ms: number;
  writeP95Ms: number;
  searchMedianMs: number;
  searchMaxMs: number;
  dashboardMs: number;
  heapMb: number;
  peopleOnPhone: number;
}

export async function measureBrowser(browser: Browser, options: { people: number; runs: number }): Promise<BrowserFigures> {
  const server = await serveBuiltApp();
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_HELPERS);
    await page.goto(server.url);
    await waitForServiceWorkerControl(page);
    await new RegisterApp(page, server.url).createLocalVillage('Thôn Đo Đạc', 300);
    // A working village of 300 households for the cold start and the form.
    await seedDemo(page, server.url, 300);
    await context.setOffline(true);
    const cold = [];
    const coldThrottled = [];
    for (let i = 0; i < options.runs; i++) {
      cold.push(await coldStartMs(context, server.url, 1));
      coldThrottled.push(await coldStartMs(context, server.url, 4));
    }

    await page.goto(server.url);
    await page.getByTestId('household-list').locator('a').first().click();
    await page.getByTestId('save-household').waitFor();
    const saves = [];
    for (let i = 0; i < options.runs * 6; i++) saves.push(await saveOnceMs(page, `Ghi chú lần ${i}`));
    const writes = await page.evaluate<number[]>(`performance.getEntriesByName('cds:save-household').map((entry) => entry.duration)`);
    await context.setOffline(false);

    // One village of `people` people on the phone.
    const households = Math.round(options.people / 3.4);
    await seedDemo(page, server.url, households);
    await page.goto(server.url);
    // The whole village read (the list shows the households' names before their members): searches and
    // the dashboard are measured on the data a team member works with.
    await waitForHouseholdListRead(page, 120_000);
    const searches = [];
    for (const query of ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', 'nguyen v', 'nguyen van', 'nguyen van a', 'tran', 'tran thi', 'hoa']) {
      searches.push(await searchMs(page, query));
    }
    await searchMs(page, '');
    const dashboards = [];
    for (let i = 0; i < options.runs; i++) dashboards.push(await dashboardMs(page));
    const heap = await heapMb(page);
    const peopleOnPhone = await page.evaluate<number>(`new Promise((resolve) => {
      const open = indexedDB.open('cong-dan-so');
      open.onsuccess = () => {
        const count = open.result.transaction('persons').objectStore('persons').count();
        count.onsuccess = () => resolve(count.result);
      };
    })`);
    return {
      coldStartMs: round(median(cold)),
      coldStartThrottledMs: round(median(coldThrottled)),
      saveP50Ms: round(percentile(saves, 50)),
      saveP95Ms: round(percentile(saves, 95)),
      writeP50Ms: round(percentile(writes, 50)),
      writeP95Ms: round(percentile(writes, 95)),
      searchMedianMs: round(median(searches)),
      searchMaxMs: round(Math.max(...searches)),
      dashboardMs: round(median(dashboards)),
      heapMb: heap,
      peopleOnPhone,
    };
  } finally {
    await context.close();
    await server.close();
  }
}
