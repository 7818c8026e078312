// Importing a village's household list (issue 5): [IM1]–[IM8] of docs/api.md, on the real server.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Village } from '../../src/shared/types';
import { IMPORT_COLUMNS } from '../../src/server/import/columns';
import { backends } from './helpers/backends';
import { encodeWindows1258, person, toCsv, toXlsx, upload, type Row } from './helpers/import-files';
import { mutation, newHousehold, newPerson } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

let tag = 0;

describe.each(backends)('household import on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  /** Two fresh villages per test, so tests stay apart on one server. */
  async function villages(): Promise<{ east: Village; west: Village }> {
    tag += 1;
    const east = (await server.request('POST', '/api/admin/villages', { token: server.adminToken, body: { name: `Thôn Đông ${tag}`, code: `D${tag}`, expectedHouseholds: 10 } })).body;
    const west = await server.createVillage(`Thôn Tây ${tag}`, 10);
    return { east, west };
  }

  async function countRecords(village: Village) {
    const [households] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM households WHERE village_id = $1`, [village.id]);
    const [persons] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE village_id = $1`, [village.id]);
    return { households: households.n, persons: persons.n };
  }

  /** A realistic list: three good households and one mistake of each kind the issue names. */
  function listWithMistakes(east: Village, west: Village): Row[] {
    return [
      person({ household_key: 'H001', village: east.name, address: 'Số 12 đường trục thôn', head_name: 'Nguyễn Văn An', phone: '0912345678', business: 'retail', accepts_cashless: 'có', person_name: 'Nguyễn Văn An', birth_year: '1975', birth_date: '07/03/1975', sex: 'male', relation: 'head', vneid: 'level2', health_book: '1', payment_account: '1', uses_cashless: 'x', smartphone: 'own', digital_skills: 'attended', online_public_services: 'Có' }),
      person({ household_key: 'H001', village: east.name, person_name: 'Trần Thị Bình', birth_year: '1980', sex: 'Nữ', relation: 'spouse', vneid: 'level1', payment_account: 'không', smartphone: 'shared' }),
      // Village by name without accents or case; a 14-year-old by birth year.
      person({ household_key: 'H002', village: east.name.toLowerCase().replace('ô', 'o').replace('Đ', 'd').replace('đ', 'd'), address: 'Xóm Giữa', head_name: 'Lê Văn Cường', business: 'retail', accepts_cashless: '0', person_name: 'Lê Văn Cường', birth_year: '2012', sex: 'male', relation: 'head', vneid: 'level2', health_book: 'có' }),
      person({ household_key: 'H003', village: 'Thôn Bắc', address: 'Đồi', head_name: 'Phạm Văn Dũng', person_name: 'Phạm Văn Dũng', birth_year: '1960', sex: 'male', relation: 'head' }),
      person({ household_key: 'H004', village: west.name, address: 'Bãi', head_name: 'Hoàng Văn Em', person_name: 'Hoàng Văn Em', birth_year: '1890', sex: 'male', relation: 'head' }),
      person({ household_key: 'H005', village: west.name, address: 'Bến', head_name: 'Vũ Thị Gấm', person_name: 'Vũ Thị Gấm', birth_year: '1970', sex: 'female', relation: 'head', vneid: 'lv2' }),
      // Village by its code.
      person({ household_key: 'H006', village: east.code!, address: 'Cầu', head_name: 'Đỗ Văn Hải', person_name: '', birth_year: '1988', sex: 'male', relation: 'head' }),
      person({ household_key: 'H007', village: east.name, address: 'Chợ', head_name: 'Bùi Văn Khoa', person_name: 'Bùi Văn Khoa', birth_year: '1966', sex: 'male', relation: 'head' }),
      person({ household_key: 'H007', village: west.name, person_name: 'Bùi Thị Lan', birth_year: '1968', sex: 'female', relation: 'spouse' }),
      person({ household_key: 'H008', village: west.name, address: 'Ngã ba', head_name: 'Đinh Thị Dung', business: 'retail', accepts_cashless: '1', person_name: 'Đinh Thị Dung', birth_year: '1990', sex: 'female', relation: 'head', residency: 'temporary', vneid: 'level2_pending', digital_signature: 'remote', health_book: '1', payment_account: '1', uses_cashless: '1', smartphone: 'own', digital_skills: 'certified', online_public_services: '1' }),
    ];
  }

  it('[IM1][IM2] a list with mistakes: one precise error per problem, the faulty households rejected whole, the rest imported', async () => {
    const { east, west } = await villages();
    const answer = await upload(server, toCsv(listWithMistakes(east, west), ';'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: false, households: 3, persons: 4, rejectedHouseholds: 5 });
    const problems = answer.body.rejected.map((r: { row: number; household_key: string; errors: { column: string; code: string }[] }) => [r.row, r.household_key, r.errors.map((e) => `${e.column}:${e.code}`)]);
    expect(problems).toEqual([
      [5, 'H003', ['village:unknown_village']],
      [6, 'H004', ['birth_year:birth_year_out_of_range']],
      [7, 'H005', ['vneid:invalid_value']],
      [8, 'H006', ['person_name:required']],
      [10, 'H007', ['village:household_key_other_village']],
    ]);
    for (const rejected of answer.body.rejected) expect(rejected.errors[0].message).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
    expect(answer.body.rejected[2].errors[0].message).toContain('level2');
    // Nothing of a rejected household was written, not even H007's valid first row.
    expect(await countRecords(east)).toEqual({ households: 2, persons: 3 });
    expect(await countRecords(west)).toEqual({ households: 1, persons: 1 });
    const [bình] = await server.db.query<Record<string, unknown>>(`SELECT sex, relation, payment_account, vneid FROM persons WHERE full_name = 'Trần Thị Bình' AND village_id = $1`, [east.id]);
    expect(bình).toEqual({ sex: 'female', relation: 'spouse', payment_account: false, vneid: 'level1' });
    const [an] = await server.db.query<Record<string, unknown>>(`SELECT birth_date::text AS birth_date, online_public_services FROM persons WHERE full_name = 'Nguyễn Văn An'AND village_id = $1`, [east.id]);
    expect(an).toEqual({ birth_date: '1975-03-07', online_public_services: true });
  });

  it('[IM2] a village name two villages answer to (accents and case aside) is refused on its row; the village code is taken', async () => {
    tag += 1;
    const create = (name: string, code: string) => server.request('POST', '/api/admin/villages', { token: server.adminToken, body: { name, code, expectedHouseholds: 10 } });
    const first = (await create(`Thôn Mới ${tag}`, `M${tag}A`)).body as Village;
    const second = (await create(`THON MOI ${tag}`, `M${tag}B`)).body as Village;
    const row = (key: string, village: string) => person({ household_key: key, village, address: 'Xóm Bãi', head_name: 'Lường Văn Tâm', person_name: 'Lường Văn Tâm', birth_year: '1980', sex: 'male', relation: 'head' });

    // A third village whose code is the first's name, and a fourth whose code differs from the second's only in case.
    await create(`Thôn Khác ${tag}`, `Thôn Mới ${tag}`);
    await create(`Thôn Thứ Tư ${tag}`, `m${tag}b`);

    const answer = await upload(server, toCsv([row('A1', `thôn mới ${tag}`), row('A2', `M${tag}A`), row('A3', `M${tag}B`)], ';'));

    expect(answer.status).toBe(200);
    expect(answer.body.rejected.map((r: { household_key: string; errors: { column: string; code: string }[] }) => [r.household_key, r.errors.map((e) => `${e.column}:${e.code}`)])).toEqual([
      ['A1', ['village:ambiguous_village']],
      ['A3', ['village:ambiguous_village']],
    ]);
    expect(answer.body.rejected[0].errors[0].message).toContain('mã riêng của thôn');
    expect(await countRecords(first)).toEqual({ households: 1, persons: 1 });
    expect(await countRecords(second)).toEqual({ households: 0, persons: 0 });
  });

  it('[IM3] after an import /api/indicators gives the figures the file implies (worked out by hand)', async () => {
    const { east, west } = await villages();
    await upload(server, toCsv(listWithMistakes(east, west)));
    const figures = async (village: Village) => {
      const answer = await server.request('GET', `/api/indicators?asOf=2026-11-30&villageId=${village.id}`, { token: server.adminToken });
      return Object.fromEntries(answer.body.indicators.map((i: { key: string; numerator: number; denominator: number }) => [i.key, [i.numerator, i.denominator]]));
    };
    // East: An (51), Bình (46), Cường (14 by birth year). H001 retail accepting cashless, H002 retail not.
    expect(await figures(east)).toEqual({
      vneid_level2: [2, 3], digital_signature: [0, 2], health_book: [2, 3], payment_account: [1, 2], cashless_household: [1, 2],
      business_cashless: [1, 2], smartphone: [1, 2], digital_skills: [1, 2], online_public_services: [1, 2], digital_citizen: [1, 2],
      household_coverage: [0, 10],
    });
    // West: only Dung (36, temporary); level2 pending is not level 2, so not a digital citizen.
    expect(await figures(west)).toEqual({
      vneid_level2: [0, 1], digital_signature: [1, 1], health_book: [1, 1], payment_account: [1, 1], cashless_household: [1, 1],
      business_cashless: [1, 1], smartphone: [1, 1], digital_skills: [1, 1], online_public_services: [1, 1], digital_citizen: [0, 1],
      household_coverage: [0, 10],
    });
  });

  it('[IM4] a dry run answers the same and writes nothing; importing twice creates no duplicates; a phone pulls the households', async () => {
    const { east, west } = await villages();
    const file = toCsv(listWithMistakes(east, west));
    const dry = await upload(server, file, { dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, households: 3, persons: 4, created: { households: 3, persons: 4 } });
    expect(await countRecords(east)).toEqual({ households: 0, persons: 0 });
    const [{ n: historyBefore }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM record_history WHERE village_id = $1`, [east.id]);
    expect(historyBefore).toBe(0);

    const first = await upload(server, file);
    expect(first.body).toMatchObject({ households: 3, persons: 4, created: { households: 3, persons: 4 }, updated: { households: 0, persons: 0 } });
    const again = await upload(server, file);
    expect(again.body).toMatchObject({ households: 3, persons: 4, created: { households: 0, persons: 0 }, updated: { households: 0, persons: 0 }, warnings: [] });

    expect(await countRecords(east)).toEqual({ households: 2, persons: 3 });

    // A list whose office corrected a birth year (an accent alone still matches): the row would add a
    // second person; the check says so.
    const renamed = listWithMistakes(east, west).map((row) => (row.person_name === 'Trần Thị Bình' ? { ...row, birth_year: String(Number(row.birth_year) + 1) } : row));
    const check = await upload(server, toCsv(renamed), { dryRun: true });
    const renamedRow = renamed.findIndex((row) => row.person_name === 'Trần Thị Bình') + 2;
    expect(check.body.warnings).toEqual([{ row: renamedRow, household_key: 'H001', code: 'possible_duplicate', already: 'Trần Thị Bình (1980)', message: expect.stringContaining('Trần Thị Bình (1980)') }]);
    expect(check.body.created).toEqual({ households: 0, persons: 1 });

    // A corrected list updates the household in place: a new version that phones pull.
    const corrected = listWithMistakes(east, west).map((row) => (row.person_name === 'Trần Thị Bình' ? { ...row, vneid: 'level2' } : row));
    const third = await upload(server, toCsv(corrected));
    expect(third.body).toMatchObject({ created: { households: 0, persons: 0 }, updated: { households: 0, persons: 1 } });
    expect(await countRecords(east)).toEqual({ households: 2, persons: 3 });

    const member = await server.createUser('member', [east.id]);
    const { changes } = await server.pullAll(member.token);
    // A person a phone deletes is not brought back by importing the same list again.
    const cường = changes.find((c) => c.entity === 'person' && c.record.fullName === 'Lê Văn Cường')!.record;
    await server.pushOk(member.token, [mutation({ entity: 'person', recordId: cường.id, villageId: east.id, op: 'delete', baseVersion: cường.version })]);
    const afterDeletion = (await upload(server, toCsv(corrected))).body;
    expect(afterDeletion).toMatchObject({ created: { households: 0, persons: 0 }, updated: { households: 0, persons: 0 } });
    // The row is not counted as imported, and its warning says why and what to do.
    const cuongRow = corrected.findIndex((row) => row.person_name === 'Lê Văn Cường') + 2;
    expect(afterDeletion.warnings).toEqual([expect.objectContaining({ row: cuongRow, household_key: 'H002', code: 'deleted_on_server', already: 'Lê Văn Cường (2012)', message: expect.stringContaining('thêm lại trên điện thoại') })]);
    expect(afterDeletion.persons).toBe(third.body.persons - 1);
    const [{ n: alive }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE village_id = $1 AND NOT deleted`, [east.id]);
    expect(alive).toBe(2);
    const names = changes.filter((c) => c.entity === 'person').map((c) => [c.record.fullName, c.record.version, (c.record as { vneid?: string }).vneid]);
    expect(names.sort()).toEqual([['Lê Văn Cường', 1, 'level2'], ['Nguyễn Văn An', 1, 'level2'], ['Trần Thị Bình', 2, 'level2']]);
    const households = changes.filter((c) => c.entity === 'household').map((c) => c.record);
    expect(households.map((h) => h.headName).sort()).toEqual(['Lê Văn Cường', 'Nguyễn Văn An']);
    // An imported household has no recorded consent: the phone shows it as such.
    expect(households.every((h) => 'consentGiven' in h && h.consentGiven === false)).toBe(true);
  });

  it('[IM4] a person a team moved to another household on a phone is not imported again into the old one; the check says where they are', async () => {
    const { east, west } = await villages();
    const file = toCsv(listWithMistakes(east, west));
    await upload(server, file);
    // A team split a son off into his own household on a phone: the old list does not bring him back
    // into the first one (he would be counted twice), and says where he is.
    const [h002] = await server.db.query<{ id: string }>(`SELECT id FROM households WHERE village_id = $1 AND import_key = 'H002'`, [east.id]);
    const [son] = await server.db.query<{ id: string; full_name: string; birth_year: number; version: number }>(
      `SELECT id, full_name, birth_year, version FROM persons WHERE household_id = $1`, [h002.id]);
    const teamToken = (await server.createUser('member', [east.id])).token;
    const ownHousehold = newHousehold(east.id, { headName: 'Hộ tách mới' });
    await server.pushOk(teamToken, [ownHousehold, mutation({ entity: 'person', recordId: son.id, villageId: east.id, baseVersion: son.version, fields: { householdId: ownHousehold.recordId } })]);
    const afterMove = await upload(server, file, { dryRun: true });
    expect(afterMove.body.created).toEqual({ households: 0, persons: 0 });
    expect(afterMove.body.warnings).toEqual([expect.objectContaining({ household_key: 'H002', code: 'moved_by_team', already: `${son.full_name} (${son.birth_year})`, message: expect.stringContaining('Hộ tách mới') })]);
  });

  it('[IM4] a move between two households of the list is seen too; a namesake a phone added elsewhere is not taken for a moved person', async () => {
    const { east, west } = await villages();
    const file = toCsv(listWithMistakes(east, west));
    await upload(server, file);
    const [h001, h002] = await Promise.all(['H001', 'H002'].map(async (key) => (await server.db.query<{ id: string }>(`SELECT id FROM households WHERE village_id = $1 AND import_key = $2`, [east.id, key]))[0].id));
    const [binh] = await server.db.query<{ id: string; version: number }>(`SELECT id, version FROM persons WHERE household_id = $1 AND full_name = 'Trần Thị Bình'`, [h001]);
    const team = (await server.createUser('member', [east.id])).token;
    await server.pushOk(team, [mutation({ entity: 'person', recordId: binh.id, villageId: east.id, baseVersion: binh.version, fields: { householdId: h002 } })]);
    const moved = await upload(server, file, { dryRun: true });
    expect(moved.body.created).toEqual({ households: 0, persons: 0 });
    expect(moved.body.warnings).toContainEqual(expect.objectContaining({ household_key: 'H001', code: 'moved_by_team', already: 'Trần Thị Bình (1980)', message: expect.stringContaining('Lê Văn Cường') }));

    // A namesake a phone added in H002 is not someone the list brought: a new household of the list with
    // a person of the same name and year is imported (a different person), with no moved_by_team warning.
    const listed = toCsv([person({ household_key: 'S001', village: east.name, address: 'Xóm Mới', head_name: 'Lò Văn Sinh', person_name: 'Lò Văn Sinh', birth_year: '1990', sex: 'male', relation: 'head' })]);
    const sinh = newPerson(east.id, h002, { fullName: 'Lò Văn Sinh', birthYear: 1990 });
    await server.pushOk(team, [sinh]);
    const answer = await upload(server, listed, { dryRun: true });
    expect(answer.body.created).toEqual({ households: 1, persons: 1 });
    expect(answer.body.warnings).toEqual([]);
  });

  it('[IM4] a corrected list that leaves the phone or the birth date empty clears them; a file without those columns, or with them blank in every row, does not; a team\'s value stays', async () => {
    const { east, west } = await villages();
    // The list knows phones and birth dates (H007 and Bùi Văn Khoa carry one): An's are taken out.
    const known = (row: Row) => (row.person_name === 'Bùi Văn Khoa' ? { ...row, phone: '0911222333', birth_date: '02/02/1966' } : row);
    await upload(server, toCsv(listWithMistakes(east, west).map(known)));
    const cleared = listWithMistakes(east, west).map(known).map((row) => (row.person_name === 'Nguyễn Văn An' ? { ...row, phone: '', birth_date: '' } : row));
    const withoutColumns = (rows: Row[]) => {
      const columns = IMPORT_COLUMNS.filter((column) => column !== 'phone' && column !== 'birth_date');
      return [columns.join(','), ...rows.map((row) => columns.map((column) => row[column] ?? '').join(','))].join('\r\n');
    };
    const an = async () => (await server.db.query<{ phone: string | null; birth_date: unknown }>(
      `SELECT h.phone, p.birth_date FROM persons p JOIN households h ON h.id = p.household_id WHERE p.village_id = $1 AND p.full_name = 'Nguyễn Văn An'`, [east.id]))[0];
    const noColumns = await upload(server, withoutColumns(cleared));
    expect(noColumns.body).toMatchObject({ updated: { households: 0, persons: 0 } });
    expect((await an()).phone).toBe('0912345678');
    // The template's optional columns left blank in every row: a list that does not know them.
    const blank = listWithMistakes(east, west).map((row) => ({ ...row, phone: '', birth_date: '' }));
    expect((await upload(server, toCsv(blank))).body).toMatchObject({ updated: { households: 0, persons: 0 } });
    expect((await an()).phone).toBe('0912345678');
    expect((await upload(server, toCsv(cleared))).body).toMatchObject({ updated: { households: 1, persons: 1 } });
    expect(await an()).toEqual({ phone: null, birth_date: null });

    // A phone number a team recorded on a phone is newer than the list: an empty cell does not clear it.
    const [household] = await server.db.query<{ id: string; version: number }>(`SELECT id, version FROM households WHERE village_id = $1 AND import_key = 'H001'`, [east.id]);
    const team = (await server.createUser('member', [east.id])).token;
    await server.pushOk(team, [mutation({ entity: 'household', recordId: household.id, villageId: east.id, baseVersion: household.version, fields: { phone: '0987654321' } })]);
    expect((await upload(server, toCsv(cleared))).body).toMatchObject({ updated: { households: 0, persons: 0 }, keptFromTeams: 1 });
    expect((await an()).phone).toBe('0987654321');
  });

  it('[IM4][DS2] an old list that still holds someone erased on request: the check says so on their row', async () => {
    const { east, west } = await villages();
    const list = toCsv(listWithMistakes(east, west));
    await upload(server, list);
    const [binh] = await server.db.query<{ id: string }>(`SELECT id FROM persons WHERE village_id = $1 AND full_name = 'Trần Thị Bình'`, [east.id]);
    expect((await server.request('POST', `/api/persons/${binh.id}/erase`, { token: server.adminToken })).status).toBe(200);
    const check = await upload(server, list, { dryRun: true });
    const row = listWithMistakes(east, west).findIndex((r) => r.person_name === 'Trần Thị Bình') + 2;
    expect(check.body.warnings).toEqual([expect.objectContaining({ row, household_key: 'H001', code: 'erased_in_household', already: '1' })]);
    expect(check.body.created).toEqual({ households: 0, persons: 1 });
  });

  it('[IM4] a list imported under the wrong village, then corrected: the check says the same people are already in the other village', async () => {
    const { east, west } = await villages();
    const key = `K${tag}`;
    const rows = (village: Village) => [
      person({ household_key: key, village: village.name, address: 'Xóm Trại', head_name: 'Mai Văn Tú', person_name: 'Mai Văn Tú', birth_year: '1971', sex: 'male', relation: 'head' }),
      person({ household_key: key, village: village.name, person_name: 'Mai Thị Hoa', birth_year: '1999', sex: 'female', relation: 'child' }),
    ];
    await upload(server, toCsv(rows(east)));
    const check = await upload(server, toCsv(rows(west)), { dryRun: true });
    expect(check.body.warnings).toEqual([
      expect.objectContaining({ row: 2, household_key: key, code: 'same_people_other_village', already: `${east.name}: Mai Văn Tú (1971), Mai Thị Hoa (1999)`, message: expect.stringContaining(`xoá hộ ở ${east.name}`) }),
    ]);
    // Another household under the same key in another village (villages number their own) is no news.
    const other = [person({ household_key: key, village: west.name, address: 'Bến', head_name: 'Lý Văn Sơn', person_name: 'Lý Văn Sơn', birth_year: '1980', sex: 'male', relation: 'head' })];
    expect((await upload(server, toCsv(other), { dryRun: true })).body.warnings).toEqual([]);
  });

  it('[IM4] a person entered twice on a phone, the copy then deleted: a corrected list updates the living one', async () => {
    const { east, west } = await villages();
    await upload(server, toCsv(listWithMistakes(east, west)));
    const [binh] = await server.db.query<{ household_id: string; full_name: string; birth_year: number }>(`SELECT household_id, full_name, birth_year FROM persons WHERE village_id = $1 AND full_name = 'Trần Thị Bình'`, [east.id]);
    const team = (await server.createUser('member', [east.id])).token;
    const copy = newPerson(east.id, binh.household_id, { fullName: binh.full_name, birthYear: binh.birth_year });
    await server.pushOk(team, [copy]);
    await server.pushOk(team, [mutation({ entity: 'person', recordId: copy.recordId, villageId: east.id, op: 'delete', baseVersion: 1 })]);
    const corrected = listWithMistakes(east, west).map((row) => (row.person_name === 'Trần Thị Bình' ? { ...row, vneid: 'level2' } : row));
    expect((await upload(server, toCsv(corrected))).body).toMatchObject({ created: { households: 0, persons: 0 }, updated: { households: 0, persons: 1 } });
    const living = await server.db.query<{ vneid: string }>(`SELECT vneid FROM persons WHERE village_id = $1 AND full_name = 'Trần Thị Bình' AND NOT deleted`, [east.id]);
    expect(living).toEqual([{ vneid: 'level2' }]);
  });

  it('[IM4] importing an old list again leaves what the teams recorded on phones since; a corrected cell the list set last is still taken', async () => {
    const { east, west } = await villages();
    const list = listWithMistakes(east, west);
    await upload(server, toCsv(list));
    const member = await server.createUser('member', [east.id]);
    const { changes } = await server.pullAll(member.token);
    const an = changes.find((c) => c.entity === 'person' && c.record.fullName === 'Nguyễn Văn An')!.record;
    const binh = changes.find((c) => c.entity === 'person' && c.record.fullName === 'Trần Thị Bình')!.record;
    // The team helps Bình to VNeID level 2 and records that An now shares a smartphone.
    await server.pushOk(member.token, [
      mutation({ entity: 'person', recordId: binh.id, villageId: east.id, baseVersion: binh.version, fields: { vneid: 'level2' } }),
      mutation({ entity: 'person', recordId: an.id, villageId: east.id, baseVersion: an.version, fields: { smartphone: 'shared' } }),
    ]);

    // The office imports its old list again, with one correction of its own (An's VNeID).
    const corrected = list.map((row) => (row.person_name === 'Nguyễn Văn An' ? { ...row, vneid: 'level1' } : row));
    const again = await upload(server, toCsv(corrected));
    expect(again.body).toMatchObject({ updated: { households: 0, persons: 1 }, keptFromTeams: 2 });
    const after = (await server.pullAll(member.token)).changes;
    const now = (id: string) => after.filter((c) => c.record.id === id).at(-1)!.record as unknown as Record<string, unknown>;
    expect(now(binh.id)).toMatchObject({ vneid: 'level2' });
    expect(now(an.id)).toMatchObject({ vneid: 'level1', smartphone: 'shared' });
  });

  it('[IM5] a CSV saved by an old Excel (Windows-1258), or UTF-8 mangled through Windows-1252, is refused with how to save it as UTF-8', async () => {
    const { east } = await villages();
    const rows = [person({ household_key: 'K1', village: east.code!, address: 'Ben song', head_name: 'Nguyễn Văn Đô', person_name: 'Nguyễn Văn Đô', birth_year: '1970', sex: 'male', relation: 'head' })];
    const cp1258 = encodeWindows1258(toCsv(rows, ',', false));
    const refused = await upload(server, cp1258);
    expect([refused.status, refused.body.error.code]).toEqual([400, 'IMPORT_NOT_UTF8']);
    expect(refused.body.error.message).toContain('CSV UTF-8');
    const mangled = Buffer.from(new TextDecoder('windows-1252').decode(Buffer.from(toCsv(rows), 'utf8')), 'utf8');
    const refusedToo = await upload(server, mangled);
    expect([refusedToo.status, refusedToo.body.error.code]).toEqual([400, 'IMPORT_NOT_UTF8']);
    expect(await countRecords(east)).toEqual({ households: 0, persons: 0 });
    // The same list saved as UTF-8 (without a BOM) is read correctly.
    const fine = await upload(server, toCsv(rows, ',', false));
    expect(fine.body).toMatchObject({ households: 1, persons: 1, rejected: [] });
    const [stored] = await server.db.query<{ full_name: string }>(`SELECT full_name FROM persons WHERE village_id = $1`, [east.id]);
    expect(stored.full_name).toBe('Nguyễn Văn Đô');
  });

  it('[IM6] an XLSX list (dates typed as Excel dates, a phone number that lost its 0), by raw body and by multipart form', async () => {
    const { east } = await villages();
    const rows = [
      person({ household_key: 'X1', village: east.name, address: 'Xóm Mới', head_name: 'Ksor H\'Thoan', phone: '912345678', person_name: 'Ksor H\'Thoan', birth_year: '1992', birth_date: '1992-05-17', sex: 'female', relation: 'head' }),
      person({ household_key: 'X1', village: east.name, person_name: 'Ksor Y Bhin', birth_year: '2015', sex: 'male', relation: 'child' }),
    ];
    const xlsx = await toXlsx(rows, (column, value) => (column === 'birth_date' && value ? new Date(`${value}T00:00:00Z`) : column === 'phone' && value ? Number(value) : column === 'birth_year' ? Number(value) : value));
    const answer = await upload(server, xlsx, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(answer.body).toMatchObject({ households: 1, persons: 2, rejected: [] });
    const [household] = await server.db.query<{ phone: string }>(`SELECT phone FROM households WHERE village_id = $1`, [east.id]);
    expect(household.phone).toBe('0912345678');
    const [thoan] = await server.db.query<{ birth_date: string }>(`SELECT birth_date::text AS birth_date FROM persons WHERE full_name = 'Ksor H''Thoan'`);
    expect(thoan.birth_date).toBe('1992-05-17');

    const boundary = '----cds-test-boundary';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-sach.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      xlsx,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const viaForm = await upload(server, multipart, { contentType: `multipart/form-data; boundary=${boundary}` });
    expect(viaForm.body).toMatchObject({ households: 1, persons: 2, created: { households: 0, persons: 0 } });
  });

  it('[IM7] the template (XLSX and CSV) has the Vietnamese headers and an example that imports as it is', async () => {
    const csv = await server.app.inject({ method: 'GET', url: '/api/import/template.csv', headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFMã hộ (household_key),Thôn (village)')).toBe(true);
    const xlsx = await server.app.inject({ method: 'GET', url: '/api/import/template.xlsx', headers: { authorization: `Bearer ${server.adminToken}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(1).getCell(8).value).toBe('Họ và tên (person_name)');
    expect(workbook.worksheets[0].getRow(2).getCell(8).value).toBe('Nguyễn Văn An');
    // The example names "Thôn Đông": once the commune has it, the template itself imports.
    const existing = (await server.request('GET', '/api/villages', { token: server.adminToken })).body.villages.find((v: Village) => v.name === 'Thôn Đông');
    if (!existing) await server.createVillage('Thôn Đông', 5);
    const answer = await upload(server, xlsx.rawPayload, { dryRun: true, contentType: 'application/octet-stream' });
    // Its guide sheet is no list: nothing is said about it.
    expect(answer.body).toMatchObject({ households: 1, persons: 2, rejected: [], sheetsNotRead: [] });
  });

  it('[IM6] a workbook with one sheet per village: the first is read, and the answer names the other lists, not read', async () => {
    const { east, west } = await villages();
    const workbook = new ExcelJS.Workbook();
    const sheetOf = (name: string, rows: Row[]) => {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(IMPORT_COLUMNS.map((column) => column));
      for (const row of rows) sheet.addRow(IMPORT_COLUMNS.map((column) => row[column] ?? ''));
    };
    sheetOf(east.name, [person({ household_key: 'S1', village: east.name, address: 'Xóm 1', head_name: 'Hà Văn Một', person_name: 'Hà Văn Một', birth_year: '1970', sex: 'male', relation: 'head' })]);
    sheetOf(west.name, [person({ household_key: 'S2', village: west.name, address: 'Xóm 2', head_name: 'Hà Văn Hai', person_name: 'Hà Văn Hai', birth_year: '1971', sex: 'male', relation: 'head' })]);
    workbook.addWorksheet('Ghi chú').addRow(['Danh sách do trưởng thôn lập tháng 10']);
    const answer = await upload(server, Buffer.from(await workbook.xlsx.writeBuffer()), { dryRun: true, contentType: 'application/octet-stream' });
    expect(answer.body).toMatchObject({ households: 1, persons: 1, sheetsNotRead: [west.name] });
  });

  it.each(['text/x-csv', 'text/comma-separated-values', 'application/csv'])('[IM1] a CSV sent as %s (what some file pickers name it) is read', async (contentType) => {
    const { east } = await villages();
    const answer = await upload(server, toCsv([person({ household_key: `MIME-${contentType}`, village: east.name, address: 'Xóm Giữa', head_name: 'Lò Văn Minh', person_name: 'Lò Văn Minh', birth_year: '1990', sex: 'male', relation: 'head' })]), { dryRun: true, contentType });
    expect([answer.status, answer.body.households]).toEqual([200, 1]);
  });

  it('[IM8] only the commune administrator imports; a file without the required columns is refused', async () => {
    const { east } = await villages();
    const head = await server.createUser('village_head', [east.id]);
    const refused = await upload(server, toCsv([]), { token: head.token });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const noColumns = await upload(server, 'ten,tuoi\r\nAn,30\r\n');
    expect([noColumns.status, noColumns.body.error.code]).toEqual([400, 'IMPORT_COLUMNS_MISSING']);
    expect(noColumns.body.error.fields).toMatchObject({ household_key: 'validation.required', person_name: 'validation.required' });
  });

  it('[IM1] a damaged file with a NUL character in a cell is refused as unreadable, also on a dry run, and writes nothing', async () => {
    const { east, west } = await villages();
    const damaged = listWithMistakes(east, west).map((row, index) => (index === 0 ? { ...row, household_key: 'H\u0000001', person_name: 'Nguyễn\u0000 Văn An' } : row));
    for (const dryRun of [true, false]) {
      const answer = await upload(server, toCsv(damaged), { dryRun });
      expect([answer.status, answer.body.error?.code]).toEqual([400, 'IMPORT_UNREADABLE']);
    }
    expect(await countRecords(east)).toEqual({ households: 0, persons: 0 });
  });
});
