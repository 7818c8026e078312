// @vitest-environment jsdom
// The header warns on every screen when the browser has refused to protect the phone's storage and
// something is still unsent: that is when an eviction would lose work the server does not have.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { AppHeader } from '../../../src/app/AppHeader';
import { db } from '../../../src/db/appDb';
import { repository } from '../../../src/db/appRepository';
import { initI18n } from '../../../src/i18n';
import vi from '../../../src/i18n/locales/vi.json';
import { memberDraft } from '../../fixtures/records';

const VILLAGE = { id: 'village-1', name: 'Thôn Đông', expectedHouseholds: 10 };

beforeAll(() => initI18n('vi'));
beforeEach(async () => {
  await Promise.all([db.outbox.clear(), db.meta.clear(), db.households.clear(), db.persons.clear()]);
});
afterEach(cleanup);

const unsentHousehold = () =>
  repository.saveHousehold({
    villageId: VILLAGE.id,
    fields: { headName: 'Hà Văn Dũng', address: 'Bản Pục', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Hà Văn Dũng' })],
  });

describe('AppHeader', () => {
  it('storage not protected and work unsent: the warning shows, linking to the settings', async () => {
    await db.meta.put({ key: 'storagePersisted', value: 'denied' });
    await unsentHousehold();
    render(<AppHeader village={VILLAGE} />);
    const warning = await screen.findByTestId('storage-at-risk');
    expect(warning.textContent).toBe(vi.sync.atRisk);
    expect(warning.getAttribute('href')).toBe('/settings');
  });

  it('no warning with protected storage, or with nothing unsent', async () => {
    await db.meta.put({ key: 'storagePersisted', value: 'granted' });
    await unsentHousehold();
    const first = render(<AppHeader village={VILLAGE} />);
    await waitFor(() => expect(screen.getByTestId('unsent-badge').textContent).toContain('chưa gửi'));
    expect(screen.queryByTestId('storage-at-risk')).toBeNull();
    first.unmount();

    // Not protected: shown while something is unsent, gone once it is sent.
    await db.meta.put({ key: 'storagePersisted', value: 'denied' });
    render(<AppHeader village={VILLAGE} />);
    await screen.findByTestId('storage-at-risk');
    await db.outbox.clear();
    await waitFor(() => expect(screen.getByTestId('unsent-badge').textContent).toBe(vi.sync.allSaved));
    expect(screen.queryByTestId('storage-at-risk')).toBeNull();
  });
});
