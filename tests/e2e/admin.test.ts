// Issue 5 in real Chromium against the real commune server: the officer creates a village and a member in
// the admin screens and imports the village's list; the member signs in on a second phone, downloads the
// village, works offline and syncs; the officer sees the change in the audit trail, then revokes the
// member's phone, whose next sync says why it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhone, startCommuneServer, waitForServiceWorkerControl, type RunningCommuneServer } from './harness';
import { AdminPages } from './pages/AdminPages';
import ExcelJS from 'exceljs';
import { SyncPhone } from './pages/SyncPhone';
import { currentMonthInVietnam, formatMonthVi, previousMonth } from '../../src/shared/months';

const VILLAGE = 'Thôn Hợp Nhất';
const MEMBER = { username: 'lan.hopnhat', password: 'mat-khau-lan-123' };
const HEAD = 'Lò Văn Pá';
const LIST = [
  'household_key,village,address,head_name,phone,business,accepts_cashless,person_name,birth_year,birth_date,sex,relation,residency,vneid,digital_signature,health_book,payment_account,uses_cashless,smartphone,digital_skills,online_public_services',
  `P01,${VILLAGE},Bản Hợp Nhất số 3,${HEAD},,none,0,${HEAD},1970,,male,head,permanent,level1,none,0,1,0,basic_phone,none,0`,
  `P01,${VILLAGE},,,,,,Lò Thị Xuân,1974,02/09/1974,female,spouse,permanent,none,none,0,0,0,none,none,0`,
].join('\r\n');

describe('commune administration in the browser', () => {
  let browser: Browser;
  let server: RunningCommuneServer;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let officer: SyncPhone;
  let admin: AdminPages;
  let member: SyncPhone;

  async function openPhone(): Promise<SyncPhone> {
    const context = await newPhone(browser);
    contexts.push(context);
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const phone = new SyncPhone(page, server.url);
    await phone.open('/');
    await waitForServiceWorkerControl(page);
    return phone;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startCommuneServer();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the officer creates a village and a member, and imports the village\'s list after checking it', async () => {
    officer = await openPhone();
    await officer.signIn(server.admin);
    admin = new AdminPages(officer.page);
    // Set once for good: the choice is read back first, and "Chọn lại" saves nothing.
    const question = await admin.chooseCommune('51', '23500', true);
    expect(question).toContain('Lưu xã « Xã Đăk Hà », Tỉnh Quảng Ngãi (mã 23500)? Sau khi lưu không đổi được nữa.');
    expect(await officer.page.getByTestId('admin-commune').textContent()).toBe('Xã: Xã Đăk Hà, Tỉnh Quảng Ngãi (mã 23500).');
    // A misspelt village name is corrected in place.
    await admin.createVillage('Thôn Hợp Nhât', 40);
    await admin.renameVillage('Thôn Hợp Nhât', VILLAGE);
    await admin.createMember(MEMBER.username, MEMBER.password, VILLAGE);
    // A list without two required columns is refused whole, and the screen names them in words.
    const withoutColumns = LIST.replace(',birth_year,', ',').replace(',sex,', ',');
    const refusal = await admin.checkRefusedList('thieu-cot.csv', withoutColumns);
    expect(refusal).toContain('Tệp thiếu cột bắt buộc');
    expect(refusal).toContain('Cột còn thiếu: Năm sinh, Giới tính.');
    // A workbook with one sheet per village: only the first is read, and the screen names the others.
    const [header, ...rows] = LIST.split('\r\n').map((line) => line.split(','));
    const workbook = new ExcelJS.Workbook();
    for (const name of [VILLAGE, 'Thôn Khác']) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(header);
      for (const row of rows) sheet.addRow(row);
    }
    await admin.open('import');
    await officer.page.getByTestId('admin-import-file').setInputFiles({ name: 'ca-xa.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await officer.page.getByTestId('admin-import-check').click();
    expect(await officer.page.getByTestId('admin-import-sheets-not-read').textContent()).toContain('Các trang « Thôn Khác » cũng có danh sách nhưng chưa được nhập');
    const { check, imported } = await admin.importList('danh-sach.csv', LIST);
    expect(check).toContain('Sẽ nhập 1 hộ, 2 người');
    expect(imported).toContain('Đã nhập 1 hộ, 2 người');
  });

  it('before reporting, the officer recounts last month (work synced late), after being told what that includes', async () => {
    const lastMonth = previousMonth(currentMonthInVietnam());
    const label = `Tính lại tháng ${formatMonthVi(lastMonth)}`;
    await officer.page.getByRole('navigation').getByRole('link', { name: 'Chỉ số' }).click();
    await officer.page.getByRole('button', { name: label }).click();
    await officer.page.getByText('cũng gồm những thay đổi đã ghi từ đầu tháng này', { exact: false }).waitFor();
    const monthsBefore = (await server.api<{ months: { month: string }[] }>(server.admin, 'GET', '/api/indicators/trends?months=3')).months;
    expect(monthsBefore.map((m) => m.month)).not.toContain(lastMonth);
    await officer.page.getByTestId('report-recount-confirm').click();
    expect(await officer.page.getByTestId('report-recounted').textContent()).toContain(`Đã tính lại tháng ${formatMonthVi(lastMonth)}`);
    const monthsAfter = (await server.api<{ months: { month: string }[] }>(server.admin, 'GET', '/api/indicators/trends?months=3')).months;
    expect(monthsAfter.map((m) => m.month)).toContain(lastMonth);
  });

  it('the member signs in on a second phone and downloads the village; the imported household has no consent yet', async () => {
    member = await openPhone();
    expect(await member.signIn(MEMBER)).toContain('3 bản ghi');
    const row = member.page.getByTestId('household-list').getByRole('link', { name: new RegExp(HEAD) });
    await row.waitFor();
    await member.listRead();
    expect(await row.textContent()).toContain('Chưa đồng ý');
    await member.goTo('Cần hỗ trợ');
    await member.page.getByTestId('filter-no-consent').click();
    expect(await member.page.getByTestId('followup-list').textContent()).toContain(HEAD);
  });

  it('the member works offline, then syncs', async () => {
    await contexts[1].setOffline(true);
    await member.editMember(HEAD, HEAD, { 'Tài khoản định danh VNeID': 'Mức 2 đã kích hoạt' });
    expect(await member.unsentCount()).toBe(1);
    await contexts[1].setOffline(false);
    await member.syncNow();
    expect(await member.unsentCount()).toBe(0);
  });

  it('the officer sees the member\'s change in the audit trail: who, from which phone, old and new value', async () => {
    const entries = await admin.auditOf(MEMBER.username);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toContain('Sửa thông tin người');
    expect(entries[0]).toContain(`bởi ${MEMBER.username}`);
    expect(entries[0]).toContain('Tài khoản định danh VNeID: Mức 1 → Mức 2 đã kích hoạt');
    expect(entries[0]).toMatch(/máy [0-9a-f-]{8}/);
  });

  it('the member sees the household\'s change history on its screen (online)', async () => {
    await member.goTo('Hộ dân');
    await member.page.getByTestId('household-list').getByText(HEAD).click();
    await member.page.getByTestId('history-load').click();
    const history = (await member.page.getByTestId('history-list').textContent()) ?? '';
    expect(history).toContain('Tài khoản định danh VNeID: Mức 1 → Mức 2 đã kích hoạt');
    expect(history).toContain('nhập từ danh sách');
  });

  it('a resident asks to be erased: the officer prints what is recorded, erases it, and the member\'s phone drops the person', async () => {
    await officer.syncNow();
    await officer.open('/villages');
    await officer.page.getByRole('button', { name: new RegExp(VILLAGE) }).click();
    await officer.page.getByTestId('household-list').getByText(HEAD).click();
    await officer.page.getByTestId('data-request-link').filter({ hasText: 'Lò Thị Xuân' }).click();
    const record = officer.page.getByTestId('data-request-person');
    await record.waitFor();
    expect(await record.textContent()).toContain('02/09/1974');
    // The page also has the conflicts section (none here), and says what else the JSON file holds.
    expect(await officer.page.getByRole('heading', { name: 'Giá trị hai máy ghi khác nhau cùng lúc (0)' }).count()).toBe(1);
    expect(await officer.page.getByText('Tệp JSON có thêm 1 lần thay đổi như khi gửi lên máy chủ').count()).toBe(1);
    officer.page.once('dialog', (dialog) => void dialog.accept());
    await officer.page.getByTestId('data-request-erase').click();
    await officer.page.getByText('Đã xoá dữ liệu').waitFor();
    await member.syncNow();
    const persons = Object.values(await member.records('persons'));
    expect(persons.map((p) => p.fullName)).not.toContain('Lò Thị Xuân');
  });

  it('the officer revokes the member\'s phone: its next sync is refused and says why', async () => {
    await admin.revokePhones(MEMBER.username);
    await member.editMember(HEAD, HEAD, { 'Điện thoại thông minh': 'Có máy riêng' });
    // A saved change is sent at once when online: the refusal shows in the header, leading to sign-in.
    const refusal = member.page.getByTestId('sync-error').filter({ hasText: 'đã bị thu hồi' }).first();
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.getAttribute('href')).toBe('/login');
    // The change is kept on the phone for when the member signs in again.
    expect(await member.unsentCount()).toBe(1);
  });

  it('the officer makes the member the village head: the phone signs in again, sends what waited and can review changes', async () => {
    const notice = await admin.changeRole(MEMBER.username, 'Trưởng thôn');
    expect(notice).toContain(`« ${MEMBER.username} » nay là Trưởng thôn`);
    // The list is read again after the change.
    await officer.page.getByTestId(`admin-account-${MEMBER.username}`).locator('h3').filter({ hasText: 'Trưởng thôn' }).waitFor();
    const nav = member.page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Xem lại' }).count()).toBe(0);
    await member.signIn(MEMBER);
    await nav.getByRole('link', { name: 'Xem lại' }).waitFor();
    await member.syncNow();
    expect(await member.unsentCount()).toBe(0);
  });

  it('a household gives consent, then withdraws it: the office sees it under « Rút đồng ý », erases it whole, and the phone loses it', async () => {
    const consent = member.page.getByLabel('Hộ đã đồng ý cho ghi thông tin');
    const openHousehold = async () => {
      await member.goTo('Hộ dân');
      await member.page.getByTestId('household-list').getByText(HEAD).click();
    };
    await openHousehold();
    await consent.check();
    await member.page.getByTestId('save-household').click();
    await member.page.getByText('Đã lưu').first().waitFor();
    await member.syncNow();
    // The family withdraws: unticking says what it means.
    await openHousehold();
    await consent.uncheck();
    expect(await member.page.getByTestId('consent-withdrawal').textContent()).toContain('rút lại đồng ý');
    await member.page.getByTestId('save-household').click();
    await member.page.getByText('Đã lưu').first().waitFor();
    await member.syncNow();

    await admin.open('consent');
    const card = officer.page.getByTestId('admin-consent-household').filter({ hasText: HEAD });
    await card.waitFor();
    await card.getByTestId('admin-consent-erase').click();
    await card.getByTestId('admin-consent-erase-confirm').click();
    await officer.page.getByTestId('admin-consent-erased').waitFor();
    // The list is read again after the erase.
    await card.waitFor({ state: 'detached' });

    await member.syncNow();
    // Nothing of the household is left on the phone, tombstones included, nor anything waiting to be sent.
    const onPhone = JSON.stringify([await member.records('households'), await member.records('persons'), await member.records('visits')]);
    for (const secret of [HEAD, 'Lò Thị Xuân', 'Bản Hợp Nhất số 3']) expect([secret, onPhone.includes(secret)]).toEqual([secret, false]);
    expect(await member.unsentCount()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
