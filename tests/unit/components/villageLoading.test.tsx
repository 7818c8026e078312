// @vitest-environment jsdom
// While a village is being read (a large one takes a second), the dashboard and the follow-up list say so
// instead of showing a title over an empty page; then they show the village.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { db } from '../../../src/db/appDb';
import { repository } from '../../../src/db/appRepository';
import { VillageDataProvider } from '../../../src/db/villageData';
import DashboardScreen from '../../../src/features/dashboard/DashboardScreen';
import FollowUpScreen from '../../../src/features/followup/FollowUpScreen';
import { initI18n } from '../../../src/i18n';
import vi from '../../../src/i18n/locales/vi.json';
import type { Village } from '../../../src/shared/types';
import { memberDraft } from '../../fixtures/records';

const village: Village = { id: 'village-1', name: 'Thôn Đông', expectedHouseholds: 10 };

beforeAll(async () => {
  initI18n('vi');
  await db.villages.put(village);
  await repository.saveHousehold({
    villageId: village.id,
    fields: { headName: 'Nguyễn Văn Bình', address: 'Xóm Trên', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Nguyễn Văn Bình' })],
  });
});
afterEach(cleanup);

describe('screens of a village being read', () => {
  it.each([
    ['the dashboard', () => <DashboardScreen village={village} />, 'indicator-list'],
    ['the follow-up list', () => <FollowUpScreen village={village} />, 'followup-count'],
  ])('%s says it is reading, then shows the village', async (_name, screenOf, shown) => {
    render(<VillageDataProvider villageId={village.id}>{screenOf()}</VillageDataProvider>);
    expect(screen.getByRole('status').textContent).toBe(vi.common.loading);
    await screen.findByTestId(shown);
    if (shown === 'indicator-list') await screen.findByTestId('rate-household_coverage');
    expect(screen.queryByText(vi.common.loading)).toBeNull();
  });
});
