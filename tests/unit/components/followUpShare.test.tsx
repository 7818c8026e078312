// @vitest-environment jsdom
// The follow-up list's « Chia sẻ » sends only households that consented, so it is not offered under the
// "Chưa đồng ý" filter, where every household lacks consent and the shared text would be empty.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { db } from '../../../src/db/appDb';
import { repository } from '../../../src/db/appRepository';
import { VillageDataProvider } from '../../../src/db/villageData';
import FollowUpScreen from '../../../src/features/followup/FollowUpScreen';
import { initI18n } from '../../../src/i18n';
import type { Village } from '../../../src/shared/types';
import { memberDraft } from '../../fixtures/records';

const village: Village = { id: 'village-share', name: 'Thôn Nam', expectedHouseholds: 10 };

beforeAll(async () => {
  initI18n('vi');
  await db.villages.put(village);
  await repository.saveHousehold({
    villageId: village.id,
    fields: { headName: 'Lò Văn Sáng', address: 'Bản Mạ', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Lò Văn Sáng', vneid: 'none' })],
  });
});
afterEach(cleanup);

describe('sharing the follow-up list', () => {
  it('is offered for the gaps, not under "Chưa đồng ý"', async () => {
    render(<VillageDataProvider villageId={village.id}><FollowUpScreen village={village} /></VillageDataProvider>);
    await screen.findByTestId('followup-count');
    expect(screen.queryByTestId('share-followup')).not.toBeNull();
    fireEvent.click(screen.getByTestId('filter-no-consent'));
    expect(screen.queryByTestId('share-followup')).toBeNull();
  });
});
