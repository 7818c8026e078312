// The monthly report: the workbook read back with exceljs holds the hand-worked figures under Vietnamese
// headers, the follow-up sheet only for the commune administrator (logged), the summary CSV in UTF-8 with
// a BOM. [RP1]–[RP5] of docs/api.md.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { INDICATOR_KEYS } from '../../src/shared/indicators';
import type { Village } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { EDGE_COMMUNE, edgeDataset, EDGE_VILLAGE_A, EDGE_VILLAGE_B, EDGE_VILLAGE_C, type Fractions } from './helpers/indicator-dataset';
import { takeSnapshot } from '../../src/server/indicators/snapshots';
import { newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

const SUMMARY_HEADERS = ['Đơn vị', 'Mã chỉ số', 'Chỉ số', 'Số đạt', 'Tổng số', 'Tỷ lệ', 'Chỉ tiêu', 'Còn thiếu để đạt chỉ tiêu'];
const TARGETS = [0.8, 0.2, 0.7, 0.8, 0.7, 0.98, 0.8, 1, 0.85, 1, 1];

/** The summary rows of one unit as the sheet must hold them: numbers, rate as a number, target, gap. */
function unitRows(unit: string, fractions: Fractions): unknown[][] {
  return INDICATOR_KEYS.map((key, i) => {
    const [numerator, denominator] = fractions[key];
    const missing = Math.max(0, Math.ceil(TARGETS[i] * denominator - 1e-9) - numerator);
    return [unit, key, expect.any(String), numerator, denominator, denominator === 0 ? null : numerator / denominator, TARGETS[i], missing];
  });
}

/** The summary sheet of the edge dataset at 30/11 (helpers/indicator-dataset.ts), headers first. */
function edgeSummary(): unknown[][] {
  return [
    SUMMARY_HEADERS,
    ...unitRows('Toàn xã (Xã Đăk Hà)', EDGE_COMMUNE),
    ...unitRows('Thôn A Đông', EDGE_VILLAGE_A),
    ...unitRows('Thôn B Tây', EDGE_VILLAGE_B),
    ...unitRows('Thôn C Mới', EDGE_VILLAGE_C),
  ];
}

async function download(server: TestServer, url: string, token?: string) {
  const response = await server.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload, json: () => response.json() };
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet, from: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = from; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    rows.push(Array.from(values, (v) => v ?? null));
  }
  return rows;
}

describe.each(backends)('monthly report on $name', (backend) => {
  let server: TestServer;
  let villageB: Village;
  let headB: Awaited<ReturnType<TestServer['createUser']>>;

  beforeAll(async () => {
    server = await TestServer.start(backend);
    expect((await server.request('PUT', '/api/admin/commune', { token: server.adminToken, body: { code: '23500' } })).status).toBe(200);
    const villageA = await server.createVillage('Thôn A Đông', 10);
    villageB = (await server.request<Village>('POST', '/api/admin/villages', { token: server.adminToken, body: { name: 'Thôn B Tây' } })).body;
    await server.createVillage('Thôn C Mới', 5);
    headB = await server.createUser('village_head', [villageB.id]);
    const data = edgeDataset(villageA.id, villageB.id);
    await server.pushOk(server.adminToken, [...data.villageA, ...data.villageB]);
    // 10 December 2026 in Vietnam: November's report is at its last day, 30/11 = the edge dataset's date.
    server.clock.advance(Date.parse('2026-12-10T09:00:00+07:00') - server.clock.now().getTime());
  });
  afterAll(() => server?.close());

  it('[RP1] the summary sheet: title with commune and month, dd/mm/yyyy dates, Vietnamese headers, the hand-worked numbers', async () => {
    const file = await download(server, '/api/reports/monthly.xlsx?month=2026-11', server.adminToken);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers['content-disposition']).toBe('attachment; filename="bao-cao-cong-dan-so-2026-11.xlsx"');
    expect(file.headers['cache-control']).toBe('no-store');
    const workbook = await readWorkbook(file.bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Cần hỗ trợ']);
    const sheet = workbook.getWorksheet('Tổng hợp')!;
    expect(sheet.getCell('A1').value).toBe('BÁO CÁO CHỈ SỐ CÔNG DÂN SỐ THÁNG 11/2026');
    expect(sheet.getCell('A2').value).toBe('Xã Đăk Hà, Tỉnh Quảng Ngãi');
    expect(sheet.getCell('C3').value).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(sheet.getCell('C3').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('E3').value).toEqual(new Date('2026-12-10T00:00:00Z'));
    expect(sheetRows(sheet, 5)).toEqual(edgeSummary());
    expect(sheet.getCell('C6').value).toBe('VNeID mức 2 (từ 14 tuổi)');
    expect(sheet.getCell('F6').numFmt).toBe('0.0%');
  });

  it('[RP2] the follow-up sheet lists who still lacks what, by village and household, and its download is logged', async () => {
    const before = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries.length;
    const workbook = await readWorkbook((await download(server, '/api/reports/monthly.xlsx?month=2026-11', server.adminToken)).bytes);
    const sheet = workbook.getWorksheet('Cần hỗ trợ')!;
    const [header, ...rows] = sheetRows(sheet, 4);
    expect(header).toEqual(['STT', 'Thôn', 'Chủ hộ', 'Địa chỉ', 'Họ và tên', 'Năm sinh', 'Tuổi', 'Còn thiếu',
      'VNeID mức 2', 'Chữ ký số', 'Sổ sức khỏe', 'Tài khoản thanh toán', 'Điện thoại thông minh', 'Kỹ năng số', 'Dịch vụ công trực tuyến']);
    // A: a3, a4, a5, a6, a10 (a1 has everything, a2 at 13 lacks nothing counted, a12's household is deleted,
    // moved/deceased/deleted persons are not listed). B: all eight counted members lack something.
    expect(rows.map((r) => r[4])).toEqual(expect.arrayContaining(['Nguyễn Văn Ba', 'Nguyễn Văn Bốn', 'Trần Văn Năm', 'Trần Thị Sáu', 'Lê Văn Mười']));
    expect(rows).toHaveLength(13);
    expect(rows.filter((r) => r[1] === 'Thôn A Đông')).toHaveLength(5);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rows.find((r) => r[4] === 'Lê Văn Mười')).toEqual([
      expect.any(Number), 'Thôn A Đông', 'Nguyễn Văn An', 'Thôn Đông, số 12', 'Lê Văn Mười', 2008, 18,
      'VNeID mức 2, Sổ sức khỏe, Tài khoản thanh toán, Điện thoại thông minh, Kỹ năng số, Dịch vụ công trực tuyến',
      'x', null, 'x', 'x', 'x', 'x', 'x',
    ]);
    expect(rows.find((r) => r[4] === 'Đỗ Thị Hai')?.slice(5, 8)).toEqual([2013, 13, 'Sổ sức khỏe']);
    for (const absent of ['Nguyễn Văn Một', 'Nguyễn Thị Hai', 'Hoàng Thị Còn', 'Trần Văn Bảy', 'Trần Văn Tám', 'Trần Văn Chín']) {
      expect(rows.some((r) => r[4] === absent)).toBe(false);
    }

    const log = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries;
    expect(log).toHaveLength(before + 1);
    expect(log[0]).toMatchObject({
      username: 'admin',
      at: server.clock.now().toISOString(),
      action: 'report.monthly.followUp',
      detail: { month: '2026-11', asOf: '2026-11-30', villages: 3, persons: 13, format: 'xlsx' },
    });
  });

  it('[RP3] a village head gets the summary of their villages only; the follow-up sheet is refused; nothing is logged', async () => {
    const before = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries.length;
    const file = await download(server, '/api/reports/monthly.xlsx?month=2026-11', headB.token);
    const workbook = await readWorkbook(file.bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp']);
    expect(sheetRows(workbook.getWorksheet('Tổng hợp')!, 6)).toEqual([...unitRows('Tổng các thôn được giao', EDGE_VILLAGE_B), ...unitRows('Thôn B Tây', EDGE_VILLAGE_B)]);
    const refused = await download(server, '/api/reports/monthly.xlsx?month=2026-11&followUp=true', headB.token);
    expect(refused.status).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    // The administrator can also take the summary alone (to send upward): not personal data, not logged.
    const summaryOnly = await readWorkbook((await download(server, '/api/reports/monthly.xlsx?month=2026-11&followUp=false', server.adminToken)).bytes);
    expect(summaryOnly.worksheets.map((s) => s.name)).toEqual(['Tổng hợp']);
    const after = (await server.request('GET', '/api/admin/data-access-log', { token: server.adminToken })).body.entries.length;
    expect(after).toBe(before);
    const log = await server.request('GET', '/api/admin/data-access-log', { token: headB.token });
    expect(log.status).toBe(403);
  });

  it('[RP4] the CSV summary: UTF-8 with BOM, Vietnamese header, one line per unit and indicator', async () => {
    const file = await download(server, '/api/reports/monthly.csv?month=2026-11', server.adminToken);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Tháng,Số liệu đến ngày,Đơn vị,Mã chỉ số,Chỉ số,Số đạt,Tổng số,Tỷ lệ,Chỉ tiêu,Còn thiếu để đạt chỉ tiêu');
    expect(lines[1]).toBe('11/2026,30/11/2026,Toàn xã (Xã Đăk Hà),vneid_level2,VNeID mức 2 (từ 14 tuổi),5,14,0.357143,0.8,7');
    expect(lines).toContain('11/2026,30/11/2026,Thôn B Tây,household_coverage,Hộ đã được đến hỗ trợ,2,0,,1,0');
    expect(lines).toHaveLength(1 + 4 * 11 + 1); // header, 4 units × 11, final empty after CRLF
    expect(lines.at(-1)).toBe('');
  });

  it('[RP5] the running month is at today; a month not started, a malformed month and no token are refused', async () => {
    const current = await readWorkbook((await download(server, '/api/reports/monthly.xlsx?month=2026-12&followUp=false', server.adminToken)).bytes);
    expect(current.getWorksheet('Tổng hợp')!.getCell('C3').value).toEqual(new Date('2026-12-10T00:00:00Z'));
    const cases: [string, string | undefined, number, string][] = [
      ['/api/reports/monthly.xlsx?month=2027-01', server.adminToken, 400, 'MONTH_NOT_STARTED'],
      ['/api/reports/monthly.csv?month=2026-1', server.adminToken, 400, 'VALIDATION_FAILED'],
      ['/api/reports/monthly.xlsx', server.adminToken, 400, 'VALIDATION_FAILED'],
      ['/api/reports/monthly.xlsx?month=2026-11', undefined, 401, 'UNAUTHENTICATED'],
    ];
    for (const [url, token, status, code] of cases) {
      const answer = await download(server, url, token);
      expect([url, answer.status, answer.json().error.code]).toEqual([url, status, code]);
    }
  });

  // Last: it adds a household (and moves the clock on, then back).
  it('[RP6] a month that is over is reported from its month-end snapshot, not from today\'s records; an older month without one is 409 MONTH_NOT_KEPT', async () => {
    const [villageA] = (await server.request<{ villages: Village[] }>('GET', '/api/villages', { token: server.adminToken })).body.villages.filter((v) => v.name === 'Thôn A Đông');
    // November's snapshot, taken after it ended (as the server does by itself each month).
    expect((await server.request('POST', '/api/admin/snapshots?month=2026-11', { token: server.adminToken })).status).toBe(201);
    // In December a new family is recorded: it is December's, not November's.
    const household = newHousehold(villageA.id);
    await server.pushOk(server.adminToken, [household, newPerson(villageA.id, household.recordId, { fullName: 'Vi Văn Mới', birthYear: 1990 })]);
    const december10 = server.clock.now().getTime();
    server.clock.advance(Date.parse('2027-02-05T09:00:00+07:00') - december10);
    onTestFinished(() => server.clock.advance(december10 - server.clock.now().getTime()));

    const novemberFile = await download(server, '/api/reports/monthly.xlsx?month=2026-11', server.adminToken);
    expect(novemberFile.status, novemberFile.bytes.toString()).toBe(200);
    const november = await readWorkbook(novemberFile.bytes);
    const summary = november.getWorksheet('Tổng hợp')!;
    expect(sheetRows(summary, 5)).toEqual(edgeSummary());
    expect(summary.getCell('A4').value).toBe('Số liệu lấy từ bản lưu cuối tháng (lưu ngày 10/12/2026); chỉ tiêu là chỉ tiêu hiện hành.');
    // Who lacks what is known only as the records are now, and says so.
    expect(november.getWorksheet('Cần hỗ trợ')!.getCell('A2').value).toMatch(/^Theo dữ liệu ngày lập 05\/02\/2027, tuổi tính đến ngày 30\/11\/2026\./);
    // The CSV holds the same figures: the commune's VNeID line of [RP4], not counting the new family.
    const csv = (await download(server, '/api/reports/monthly.csv?month=2026-11', server.adminToken)).bytes.toString('utf8');
    expect(csv.slice(1).split('\r\n')[1]).toBe('11/2026,30/11/2026,Toàn xã (Xã Đăk Hà),vneid_level2,VNeID mức 2 (từ 14 tuổi),5,14,0.357143,0.8,7');
    // January has no snapshot yet, but is last month: counted from the records, the family included.
    const january = await readWorkbook((await download(server, '/api/reports/monthly.xlsx?month=2027-01&followUp=false', server.adminToken)).bytes);
    const januaryA = sheetRows(january.getWorksheet('Tổng hợp')!, 6).filter((row) => row[0] === 'Thôn A Đông');
    const novemberA = sheetRows(summary, 6).filter((row) => row[0] === 'Thôn A Đông');
    expect(januaryA.some((row, i) => row[4] !== novemberA[i][4])).toBe(true);
    expect(january.getWorksheet('Tổng hợp')!.getCell('A4').value).toBeNull();
    // December: over, older than last month, and no snapshot was kept of it.
    const december = await download(server, '/api/reports/monthly.csv?month=2026-12', server.adminToken);
    expect([december.status, december.json().error.code]).toEqual([409, 'MONTH_NOT_KEPT']);
    // October: over, older than last month, never kept.
    const october = await download(server, '/api/reports/monthly.xlsx?month=2026-10', server.adminToken);
    expect([october.status, october.json().error.code]).toEqual([409, 'MONTH_NOT_KEPT']);
    expect(october.json().error.message).toContain('không tính lại được');
    // Kept on its last morning only (too old now to be retaken): that is the best there is, and the
    // sheet says when it was taken.
    const [{ id: communeId }] = await server.db.query<{ id: string }>(`SELECT id FROM communes LIMIT 1`);
    await takeSnapshot(server.db, { communeId, month: '2026-10', asOf: '2026-10-31', takenBy: null, now: new Date('2026-10-31T10:00:00+07:00') });
    const keptLate = await download(server, '/api/reports/monthly.xlsx?month=2026-10&followUp=false', server.adminToken);
    expect(keptLate.status).toBe(200);
    expect((await readWorkbook(keptLate.bytes)).getWorksheet('Tổng hợp')!.getCell('A4').value).toContain('lưu ngày 31/10/2026');
  });
});
