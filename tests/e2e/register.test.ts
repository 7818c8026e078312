// Issue 2, shown in real Chromium: the app installs, works after a cold start with no network, keeps
// a household with four members across offline reloads, finds "Nguyễn" by typing "nguyen", and the
// follow-up list and dashboard follow every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, newPhone, serveBuiltApp, waitForServiceWorkerControl } from './harness';
import { RegisterApp } from './pages/RegisterApp';

// Birth years relative to the current year keep the ages (and so the expected figures) true in any year.
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));

describe('offline household register', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let phone: BrowserContext;
  let page: Page;
  let app: RegisterApp;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveBuiltApp();
    phone = await newPhone(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A cold start: the tab is closed and the app opened again from nothing but the service worker's cache. */
  async function coldStart(path = '/') {
    await page?.close();
    page = await phone.newPage();
    errors = collectErrors(page);
    app = new RegisterApp(page, server.url);
    await app.open(path);
  }

  it('installs: the service worker takes control and the manifest makes it installable', async () => {
    await coldStart();
    await waitForServiceWorkerControl(page);
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/', lang: 'vi' });
    expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await app.createLocalVillage('Thôn Đông', 120);
  });

  it('starts cold with no network and reaches the household list', async () => {
    await phone.setOffline(true);
    await coldStart();
    await page.getByRole('heading', { name: 'Hộ dân' }).waitFor();
    expect(await page.getByTestId('household-count').textContent()).toBe('0 / 0 hộ');
    expect(errors).toEqual([]);
  });

  it('shows the empty village on the dashboard before any household', async () => {
    await app.goTo('Chỉ số');
    await page.getByTestId('indicator-list').waitFor();
    expect(await app.fraction('vneid_level2')).toBe('0/0');
    expect(await app.fraction('household_coverage')).toBe('0/120');
    expect(await page.getByTestId('rate-vneid_level2').textContent()).toBe('—');
  });

  it('adds a household with four members offline', async () => {
    await app.goTo('Hộ dân');
    await app.addHousehold({ headName: 'Nguyễn Văn An', address: 'Số 12, Xóm Trên' }, [
      {
        fullName: 'Nguyễn Văn An', birthYear: YEAR - 56, sex: 'Nam', relation: 'Chủ hộ',
        choices: {
          'Tài khoản định danh VNeID': 'Mức 2 đã kích hoạt',
          'Điện thoại thông minh': 'Có máy riêng',
          'Kỹ năng số cơ bản': 'Có chứng nhận',
          'Có tài khoản thanh toán (ngân hàng, ví điện tử)': 'Có',
        },
      },
      { fullName: 'Trần Thị Bình', birthYear: YEAR - 54, sex: 'Nữ', relation: 'Vợ/chồng' },
      { fullName: 'Nguyễn Văn Cường', birthYear: YEAR - 14, sex: 'Nam', relation: 'Con' },
      { fullName: 'Nguyễn Thị Dung', birthYear: YEAR - 6, sex: 'Nữ', relation: 'Cháu' },
    ]);
    expect(page.url()).toMatch(/\/households\/[0-9a-f-]{36}$/);
    // One household and four people wait to be sent.
    expect(await app.unsentBadge()).toContain('5 thay đổi chưa gửi');
  });

  it('keeps the household across an offline cold start, and "nguyen" finds "Nguyễn"', async () => {
    await coldStart();
    await page.getByTestId('household-list').waitFor();
    expect(await app.householdNames()).toEqual(['Nguyễn Văn An']);
    await app.search('nguyen');
    expect(await app.householdNames()).toEqual(['Nguyễn Văn An']);
    // Members' names are searchable too, without accents: "binh" finds Trần Thị Bình's household.
    await app.search('tran thi binh');
    expect(await app.householdNames()).toEqual(['Nguyễn Văn An']);
    await app.search('hoang');
    expect(await app.householdNames()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lists who still lacks what, and the dashboard counts the household', async () => {
    await app.goTo('Cần hỗ trợ');
    await page.getByTestId('followup-list').waitFor();
    // The head has every pillar but still lacks the signature, the health book and public services.
    expect(await page.getByTestId('followup-count').textContent()).toBe('4 người ở 1 hộ');
    await page.getByRole('button', { name: 'VNeID mức 2' }).click();
    expect(await page.getByTestId('followup-list').locator('.person-name').allTextContents()).toEqual([
      expect.stringContaining('Trần Thị Bình'),
      expect.stringContaining('Nguyễn Văn Cường'),
    ]);

    await app.goTo('Chỉ số');
    expect(await app.fraction('vneid_level2')).toBe('1/3');
    expect(await app.fraction('digital_citizen')).toBe('1/2');
    // Payment accounts count from age 15: the 14-year-old is not in the denominator.
    expect(await app.fraction('payment_account')).toBe('1/2');
    expect(await app.fraction('health_book')).toBe('0/4');
    expect(await app.fraction('household_coverage')).toBe('0/120');
  });

  it('follows an edit and a visit: the follow-up list shrinks and the dashboard rises', async () => {
    await app.goTo('Hộ dân');
    await page.getByTestId('household-list').getByText('Nguyễn Văn An').click();
    await page.getByTestId('member-1').getByRole('button', { name: /Trần Thị Bình/ }).click();
    await app.chooseIn('Tài khoản định danh VNeID', 'Mức 2 đã kích hoạt');
    await app.save();
    await page.getByLabel('Hỗ trợ cho').selectOption({ label: 'Trần Thị Bình' });
    await page.getByRole('button', { name: 'VNeID', exact: true }).click();
    await page.getByTestId('add-visit').click();
    await page.getByTestId('visit-list').waitFor();

    await app.goTo('Cần hỗ trợ');
    await page.getByRole('button', { name: 'VNeID mức 2' }).click();
    expect(await page.getByTestId('followup-list').locator('.person-name').allTextContents()).toEqual([expect.stringContaining('Nguyễn Văn Cường')]);

    await app.goTo('Chỉ số');
    expect(await app.fraction('vneid_level2')).toBe('2/3');
    expect(await app.fraction('household_coverage')).toBe('1/120');
    expect(await app.unsentBadge()).toContain('7 thay đổi chưa gửi');
  });

  it('never loses what is typed: an unsaved form comes back after a reload', async () => {
    await app.goTo('Hộ dân');
    await page.getByTestId('add-household').click();
    await page.getByLabel('Họ tên chủ hộ').fill('Lê Thị Hoa');
    await page.waitForTimeout(100);
    await coldStart('/households/new');
    await page.getByText('Đã khôi phục thông tin đang nhập dở lần trước.').waitFor();
    expect(await page.getByLabel('Họ tên chủ hộ').inputValue()).toBe('Lê Thị Hoa');
  });

  it('refuses bad input with a clear message and saves nothing', async () => {
    await page.getByTestId('add-member').click();
    await page.getByLabel('Họ và tên').fill('Lê Thị Hoa');
    await page.getByLabel('Năm sinh').fill('1890');
    await page.getByTestId('save-household').click();
    await page.getByText('Năm sinh phải là số từ 1900 đến năm nay.').waitFor();
    await page.getByText('Chưa lưu được: còn thông tin chưa đúng').waitFor();
    await app.goTo('Hộ dân');
    expect(await app.householdNames()).toEqual(['Nguyễn Văn An']);
  });

  it('at 360 px wide every screen fits without sideways scrolling, and every touch target is at least 48 px (the stylesheet\'s --tap)', async () => {
    const screens: Array<[string, () => Promise<void>]> = [
      ['household list', () => app.goTo('Hộ dân')],
      ['household form', async () => {
        await page.getByTestId('household-list').getByText('Nguyễn Văn An').click();
        await page.getByTestId('member-1').getByRole('button', { name: /Trần Thị Bình/ }).click();
      }],
      ['follow-up list', () => app.goTo('Cần hỗ trợ')],
      ['dashboard', () => app.goTo('Chỉ số')],
      ['settings', () => app.goTo('Cài đặt')],
    ];
    for (const [name, open] of screens) {
      await open();
      await page.waitForTimeout(200);
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        if (document.documentElement.scrollWidth > window.innerWidth) found.push(`page ${document.documentElement.scrollWidth} px wide`);
        for (const element of document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, [role=button]')) {
          const box = element.getBoundingClientRect();
          if (box.width === 0 || box.height === 0) continue;
          // A checkbox inside its label: the label is what a finger hits.
          const target = element.matches('input[type=checkbox], input[type=radio]') && element.closest('label') ? element.closest('label')!.getBoundingClientRect() : box;
          if (target.height < 48 || target.width < 48) found.push(`${element.tagName} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(target.width)}×${Math.round(target.height)}`);
        }
        return found;
      });
      expect([name, problems]).toEqual([name, []]);
    }
  });

  it('shows whether the browser granted persistent storage', async () => {
    await app.goTo('Cài đặt');
    const text = await page.getByTestId('storage-persistence').textContent();
    expect(text).toMatch(/lưu bền vững/);
    await page.getByTestId('settings-unsent').waitFor();
    expect(await page.getByTestId('settings-unsent').textContent()).toBe('7 thay đổi chưa gửi');
    expect(errors).toEqual([]);
  });
});
