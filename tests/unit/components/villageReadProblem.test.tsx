// @vitest-environment jsdom
// When the phone cannot read the chosen village, the member is told so in Vietnamese, with what to do,
// and the message goes away by itself once a retry reads the village.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { initI18n } from '../../../src/i18n';
import { repository } from '../../../src/db/appRepository';
import { db } from '../../../src/db/appDb';
import { VillageDataProvider } from '../../../src/db/villageData';
import { VillageReadProblem } from '../../../src/app/VillageReadProblem';
import { HouseholdListScreen } from '../../../src/features/households/HouseholdListScreen';
import { memberDraft } from '../../fixtures/records';

const VILLAGE = 'village-1';

beforeAll(async () => {
  initI18n('vi');
  await db.villages.put({ id: VILLAGE, name: 'Thôn Đông', expectedHouseholds: 10 });
  await repository.saveHousehold({
    villageId: VILLAGE,
    fields: { headName: 'Nguyễn Văn Bình', address: 'Xóm Trên', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Nguyễn Văn Bình' })],
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderVillage() {
  return render(
    <VillageDataProvider villageId={VILLAGE}>
      <VillageReadProblem />
      <HouseholdListScreen />
    </VillageDataProvider>,
  );
}

describe('a village the phone cannot read', () => {
  it('shows what happened and what to do, then clears itself when a retry reads the village', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // The members cannot be read: the list has the households' names alone.
    const failing = vi.spyOn(db.persons, 'where').mockImplementation(
      () => ({ equals: () => ({ toArray: () => Promise.reject(new Error('IndexedDB read failed')) }) }) as unknown as ReturnType<typeof db.persons.where>,
    );
    renderVillage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Không đọc được dữ liệu của thôn trên máy này');
    expect(alert.textContent).toContain('Đừng xoá dữ liệu của trình duyệt');
    expect(screen.getByTestId('village-read-reload').textContent).toBe('Tải lại ứng dụng');
    expect(screen.getByTestId('household-list').getAttribute('aria-busy')).toBe('true');

    // Storage works again: the watcher's own retry (0.5 s) reads the village and the message goes.
    failing.mockRestore();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 3000 });
    expect(screen.getByTestId('household-list').getAttribute('aria-busy')).toBe('false');
  });

  it('shows nothing when the village reads', async () => {
    renderVillage();
    await waitFor(() => expect(screen.getByTestId('household-list').getAttribute('aria-busy')).toBe('false'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
