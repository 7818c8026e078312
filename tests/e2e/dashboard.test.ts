// Issue 4 in real Chromium against the real commune server: the commune officer signs in, sees every
// village side by side with the commune total (the server's figures), sorts them, downloads the monthly
// report and reads it back with exceljs; a village dashboard on the phone, computed from the synced
// records, shows exactly what GET /api/indicators says — for the officer and for a village head.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_KEYS } from '../../src/shared/indicators';
import { previousMonth } from '../../src/shared/months';
import { todayInVietnam } from '../../src/shared/dates';
import { edgeDataset } from '../integration/helpers/indicator-dataset';
import { launchChromium, newPhone, startCommuneServer, type RunningCommuneServer } from './harness';
import { CommuneDashboard, type ScreenFigures } from './pages/CommuneDashboard';
import { SyncPhone } from './pages/SyncPhone';

interface IndicatorJson {
  key: string;
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface IndicatorsJson {
  asOf: string;
  indicators: IndicatorJson[];
  villages: { villageId: string; name: string; indicators: IndicatorJson[] }[];
}

const fractions = (values: IndicatorJson[]): ScreenFigures => Object.fromEntries(values.map((v) => [v.key, `${v.numerator}/${v.denominator}`]));

describe('commune dashboard and monthly report', () => {
  let browser: Browser;
  let server: RunningCommuneServer;
  const contexts: BrowserContext[] = [];
  let officer: SyncPhone;
  let dashboard: CommuneDashboard;
  let secondVillageId: string;
  const pageErrors: string[] = [];

  async function phone(): Promise<SyncPhone> {
    const context = await newPhone(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return new SyncPhone(page, server.url);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer('Thôn Đoàn Kết');
    secondVillageId = (await server.api<{ id: string }>(server.admin, 'POST', '/api/admin/villages', { name: 'Thôn Hạnh Phúc', expectedHouseholds: 40 })).id;
    // Two villages of different sizes with every edge of the indicator definitions, pushed as phones do.
    const data = edgeDataset(server.villageId, secondVillageId);
    await server.api(server.admin, 'POST', '/api/sync/push', { protocolVersion: 1, deviceId: 'office-pc', mutations: [...data.villageA, ...data.villageB] });
    officer = await phone();
    expect(await officer.signIn(server.admin)).toMatch(/bản ghi/);
    dashboard = new CommuneDashboard(officer.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the officer sees both villages side by side with the commune total, as the server counts them', async () => {
    await officer.goTo('Chỉ số');
    await dashboard.waitForTable();
    const api = await server.api<IndicatorsJson>(server.admin, 'GET', '/api/indicators');
    expect(api.asOf).toBe(todayInVietnam());
    expect(await dashboard.villageNames()).toEqual(['Thôn Đoàn Kết', 'Thôn Hạnh Phúc']);
    expect(await dashboard.totalFigures()).toEqual(fractions(api.indicators));
    for (const village of api.villages) expect(await dashboard.villageFigures(village.villageId)).toEqual(fractions(village.indicators));
    expect(await officer.page.getByTestId('commune-total').textContent()).toContain('%');
  });

  it('sorting by an indicator puts the village furthest from its target first', async () => {
    const api = await server.api<IndicatorsJson>(server.admin, 'GET', '/api/indicators');
    await dashboard.sortBy('Sổ sức khỏe điện tử');
    const byRate = [...api.villages].sort((a, b) => (a.indicators[2].rate ?? 2) - (b.indicators[2].rate ?? 2)).map((v) => v.name);
    expect(await dashboard.villageNames()).toEqual(byRate);
  });

  it('the monthly report downloads, opens with exceljs and holds the server figures; the download is logged', async () => {
    const month = previousMonth(todayInVietnam().slice(0, 7));
    const download = await dashboard.downloadFullReport();
    expect(download.suggestedFilename()).toBe(`bao-cao-cong-dan-so-${month}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Cần hỗ trợ']);
    const sheet = workbook.getWorksheet('Tổng hợp')!;
    expect(sheet.getCell('A1').value).toBe(`BÁO CÁO CHỈ SỐ CÔNG DÂN SỐ THÁNG ${month.slice(5)}/${month.slice(0, 4)}`);
    expect((sheet.getRow(5).values as unknown[]).slice(1, 5)).toEqual(['Đơn vị', 'Mã chỉ số', 'Chỉ số', 'Số đạt']);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).toISOString().slice(0, 10);
    const api = await server.api<IndicatorsJson>(server.admin, 'GET', `/api/indicators?asOf=${lastDay}`);
    const totalRows = INDICATOR_KEYS.map((_, i) => sheet.getRow(6 + i).values as unknown[]);
    expect(totalRows.map((r) => [r[2], r[4], r[5]])).toEqual(api.indicators.map((v) => [v.key, v.numerator, v.denominator]));
    const log = await server.api<{ entries: { username: string; action: string; detail: { month: string } }[] }>(server.admin, 'GET', '/api/admin/data-access-log');
    expect(log.entries[0]).toMatchObject({ username: 'admin', action: 'report.monthly.followUp', detail: { month } });
  });

  it('the officer raises a target; the server and every dashboard use it', async () => {
    await officer.goTo('Chỉ số');
    await officer.page.getByTestId('edit-targets').click();
    await officer.page.getByTestId('target-vneid_level2').fill('90');
    await officer.page.getByTestId('target-health_book').fill('120');
    expect(await officer.page.getByTestId('save-targets').isDisabled()).toBe(true);
    await officer.page.getByText('Nhập một tỷ lệ từ 0 đến 100 (%).').waitFor();
    await officer.page.getByTestId('target-health_book').fill('72,5');
    await officer.page.getByTestId('save-targets').click();
    await officer.page.getByText('Đã lưu.', { exact: false }).waitFor();
    const targets = await server.api<{ targets: Record<string, number> }>(server.admin, 'GET', '/api/targets');
    expect([targets.targets.vneid_level2, targets.targets.health_book, targets.targets.smartphone]).toEqual([0.9, 0.725, 0.8]);
  });

  it('offline, the commune dashboard shows the figures last fetched and says so', async () => {
    await officer.goTo('Chỉ số');
    await dashboard.waitForTable();
    const shown = await dashboard.totalFigures();
    await officer.page.context().setOffline(true);
    await officer.goTo('Hộ dân');
    await officer.goTo('Chỉ số');
    await officer.page.getByText('Đang xem số liệu đã lưu trên máy.', { exact: false }).waitFor();
    expect(await dashboard.totalFigures()).toEqual(shown);
    await officer.page.context().setOffline(false);
  });

  it("a village opened from the commune shows the phone's own count, equal to the server's", async () => {
    await officer.goTo('Chỉ số');
    await dashboard.openVillage('Thôn Hạnh Phúc');
    const api = await server.api<IndicatorsJson>(server.admin, 'GET', `/api/indicators?villageId=${secondVillageId}`);
    expect(await dashboard.villageDashboardFigures()).toEqual(fractions(api.indicators));
    await officer.page.getByTestId('village-follow-up').click();
    await officer.page.getByTestId('followup-list').getByText('Vũ Văn Bảy').waitFor();
  });

  it("a village head's dashboard after sync equals /api/indicators", async () => {
    const head = await phone();
    await head.signIn(server.head);
    await head.goTo('Chỉ số');
    const api = await server.api<IndicatorsJson>(server.head, 'GET', '/api/indicators');
    expect(await new CommuneDashboard(head.page).villageDashboardFigures()).toEqual(fractions(api.indicators));
    // The commune's new target reached the head's phone.
    await head.page.locator('[data-indicator=vneid_level2]').getByText('Chỉ tiêu 90%').waitFor();
    // Offline, the dashboard opens again with the last known target.
    await head.page.context().setOffline(true);
    await head.goTo('Hộ dân');
    await head.goTo('Chỉ số');
    await head.page.locator('[data-indicator=vneid_level2]').getByText('Chỉ tiêu 90%').waitFor();
    // A village head has no commune dashboard in the navigation.
    expect(await head.page.getByRole('navigation').getByRole('link', { name: 'Chỉ số' }).getAttribute('href')).toBe('/dashboard');
    expect(pageErrors).toEqual([]);
  });
});
