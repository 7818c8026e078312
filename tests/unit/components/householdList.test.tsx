// @vitest-environment jsdom
// The household list as a person uses it: type without accents, tap a filter, see the right households.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { initI18n } from '../../../src/i18n';
import { repository } from '../../../src/db/appRepository';
import { HouseholdListScreen } from '../../../src/features/households/HouseholdListScreen';
import { VillageDataContext, VillageDataProvider } from '../../../src/db/villageData';
import { db } from '../../../src/db/appDb';
import { loadVillageData, loadVillageHouseholds } from '../../../src/db/villageLive';
import { ChoiceButtons } from '../../../src/ui/ChoiceButtons';
import { memberDraft } from '../../fixtures/records';

const village = { id: 'village-1', name: 'Thôn Đông', expectedHouseholds: 10 };

function member(fullName: string, complete: boolean) {
  return memberDraft({ fullName, ...(complete ? { vneid: 'level2', paymentAccount: true, smartphone: 'own', digitalSkills: 'attended' } : {}) });
}

async function addHousehold(headName: string, complete: boolean, consentGiven: boolean, villageId = village.id) {
  await repository.saveHousehold({
    villageId,
    fields: { headName, address: 'Xóm Trên', business: 'none', acceptsCashless: false, consentGiven, ...(consentGiven ? { consentAt: '2026-11-01', consentBy: headName } : {}) },
    members: [member(headName, complete)],
  });
}

beforeAll(async () => {
  initI18n('vi');
  await addHousehold('Nguyễn Văn Bình', true, true);
  await addHousehold('Đặng Thị Hòa', false, true);
  await addHousehold('Trần Văn An', false, false);
});
afterEach(cleanup);

/** The list has its members read: badges shown, filters applied. */
const whole = () => waitFor(() => expect(screen.getByTestId('household-list').getAttribute('aria-busy')).toBe('false'));
const listed = () => within(screen.getByTestId('household-list')).queryAllByRole('link').map((link) => link.querySelector('.list-title')?.textContent);

describe('HouseholdListScreen', () => {
  it('lists every household sorted by given name, and searches without accents', async () => {
    render(<VillageDataProvider villageId={village.id}><HouseholdListScreen /></VillageDataProvider>);
    expect(await screen.findByText('3 / 3 hộ')).toBeTruthy();
    expect(listed()).toEqual(['Trần Văn An', 'Nguyễn Văn Bình', 'Đặng Thị Hòa']);

    fireEvent.change(screen.getByLabelText('Tìm hộ dân'), { target: { value: 'dang thi hoa' } });
    expect(await screen.findByText('1 / 3 hộ')).toBeTruthy();
    expect(listed()).toEqual(['Đặng Thị Hòa']);
  });

  it('a household with a form typed and not saved says so in the list', async () => {
    const hoa = (await db.households.toArray()).find((h) => h.headName === 'Đặng Thị Hòa')!;
    localStorage.setItem(`cds.draft.household.${hoa.id}`, JSON.stringify({ values: { headName: 'Đặng Thị Hoà' }, base: null }));
    try {
      render(<VillageDataProvider villageId={village.id}><HouseholdListScreen /></VillageDataProvider>);
      await screen.findByText('3 / 3 hộ');
      const rows = within(screen.getByTestId('household-list')).getAllByRole('link');
      const marked = rows.filter((row) => row.textContent?.includes('Đang nhập dở, chưa lưu')).map((row) => row.querySelector('.list-title')?.textContent);
      expect(marked).toEqual(['Đặng Thị Hòa']);
    } finally {
      localStorage.clear();
    }
  });

  it('filters households lacking a pillar and households without consent', async () => {
    render(<VillageDataProvider villageId={village.id}><HouseholdListScreen /></VillageDataProvider>);
    await screen.findByText('3 / 3 hộ');
    await whole();
    fireEvent.click(screen.getByRole('button', { name: 'Còn thiếu trụ cột' }));
    expect(listed()).toEqual(['Trần Văn An', 'Đặng Thị Hòa']);
    fireEvent.click(screen.getByRole('button', { name: 'Chưa đồng ý' }));
    expect(listed()).toEqual(['Trần Văn An']);
  });

  it('updates by itself when a household is saved elsewhere', async () => {
    render(<VillageDataProvider villageId={village.id}><HouseholdListScreen /></VillageDataProvider>);
    await screen.findByText('3 / 3 hộ');
    await act(async () => addHousehold('Lê Thị Mai', true, true));
    expect(await screen.findByText('4 / 4 hộ')).toBeTruthy();
  });

  it('shows the names while the members are still read, without badges, and applies a filter once they are', async () => {
    await addHousehold('Phạm Văn Tú', true, true, 'village-3');
    await addHousehold('Lý Thị Yến', false, false, 'village-3');
    const householdsOnly = await loadVillageHouseholds(db, 'village-3');
    const { rerender } = render(<VillageDataContext.Provider value={householdsOnly}><HouseholdListScreen /></VillageDataContext.Provider>);
    expect(screen.getByText('2 / 2 hộ')).toBeTruthy();
    expect(listed()).toEqual(['Phạm Văn Tú', 'Lý Thị Yến']);
    expect(screen.getByTestId('household-list').getAttribute('aria-busy')).toBe('true');
    expect(screen.getByText(/Đang đọc thành viên các hộ/)).toBeTruthy();
    expect(screen.queryByText('1 người')).toBeNull();
    expect(screen.getAllByText('Chưa thăm')).toHaveLength(1); // the filter, no badge
    fireEvent.click(screen.getByRole('button', { name: 'Chưa đồng ý' }));
    expect(listed()).toHaveLength(2);

    rerender(<VillageDataContext.Provider value={await loadVillageData(db, 'village-3')}><HouseholdListScreen /></VillageDataContext.Provider>);
    await whole();
    expect(screen.queryByText(/Đang đọc thành viên các hộ/)).toBeNull();
    expect(listed()).toEqual(['Lý Thị Yến']);
    expect(screen.getAllByText('1 người')).toHaveLength(1);
  });

  it('shows the first screenful at once, then the whole page, each badge with its own count', async () => {
    for (let i = 0; i < 25; i++) await addHousehold(`Hộ Số ${String(i).padStart(2, '0')}`, i % 2 === 0, i % 3 !== 0, 'village-2');
    render(<VillageDataProvider villageId="village-2"><HouseholdListScreen /></VillageDataProvider>);
    expect(await screen.findByText('25 / 25 hộ')).toBeTruthy();
    await waitFor(() => expect(listed()).toHaveLength(25));
    expect(screen.getAllByText('1 người')).toHaveLength(25);
    expect(screen.getAllByText('1 người còn thiếu')).toHaveLength(12);
    expect(screen.getAllByText('Chưa đồng ý')).toHaveLength(9 + 1);
  });
});

describe('ChoiceButtons', () => {
  it('is a radio group of large buttons that reports the chosen value', () => {
    const chosen: string[] = [];
    render(
      <ChoiceButtons label="Điện thoại thông minh" value="none" onChange={(v) => chosen.push(v)}
        choices={[{ value: 'own', label: 'Có máy riêng', tone: 'good' }, { value: 'none', label: 'Không có' }]} />,
    );
    const group = screen.getByRole('radiogroup', { name: 'Điện thoại thông minh' });
    expect(within(group).getByRole('radio', { name: 'Không có' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(within(group).getByRole('radio', { name: 'Có máy riêng' }));
    expect(chosen).toEqual(['own']);
  });

  it('back from a household, the search and filter are as they were; another village starts afresh', async () => {
    const list = (villageId: string) => render(<VillageDataProvider villageId={villageId}><HouseholdListScreen villageId={villageId} /></VillageDataProvider>);
    const first = list(village.id);
    await whole();
    fireEvent.click(screen.getByRole('button', { name: 'Chưa đồng ý' }));
    fireEvent.change(screen.getByLabelText('Tìm hộ dân'), { target: { value: 'tran' } });
    await waitFor(() => expect(listed()).toEqual(['Trần Văn An']));
    first.unmount(); // a household opened

    const back = list(village.id);
    await whole();
    expect((screen.getByLabelText('Tìm hộ dân') as HTMLInputElement).value).toBe('tran');
    expect(screen.getByRole('button', { name: 'Chưa đồng ý' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(listed()).toEqual(['Trần Văn An']));
    back.unmount();

    list('village-other');
    expect((screen.getByLabelText('Tìm hộ dân') as HTMLInputElement).value).toBe('');
  });
});
