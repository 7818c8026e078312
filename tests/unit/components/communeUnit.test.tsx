// @vitest-environment jsdom
// A ward's or special zone's screens say "Toàn phường" / "Toàn đặc khu", not "Toàn xã": the word comes from
// the commune's official name kept with the session (shared/communeUnit.ts, the reports' rule, whose
// test checks it against all 3,321 official names: tests/unit/report-labels.test.ts).
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../src/db/appDb';
import { SYNC_META_KEYS } from '../../../src/db/syncMeta';
import { useCommuneUnitWord } from '../../../src/features/commune/useCommuneUnitWord';
import '../../../src/features/indicators/indicatorsI18n';
import { initI18n } from '../../../src/i18n';

function Total() {
  const { t } = useTranslation();
  return <p data-testid="total">{t('commune.total', useCommuneUnitWord())}</p>;
}

const signedIn = (communeName?: string | null) =>
  db.meta.put({
    key: SYNC_META_KEYS.session,
    value: { token: 't', user: { id: 'u', username: 'lan', role: 'commune_admin', communeId: 'c', villageIds: [] }, expired: false, loggedInAt: '2026-11-20T01:00:00Z', ...(communeName === undefined ? {} : { communeName }) },
  });

beforeAll(() => initI18n('vi'));
afterEach(cleanup);

describe('the commune-level unit on screen', () => {
  it.each([
    ['Phường Ba Đình', 'Toàn phường'],
    ['Đặc khu Phú Quốc', 'Toàn đặc khu'],
  ])('%s → %s', async (name, shown) => {
    await signedIn(name);
    render(<Total />);
    await screen.findByText(shown);
  });

  it('a commune (or one not named yet) stays "Toàn xã"', async () => {
    for (const name of ['Xã Đăk Hà', null, undefined]) {
      await signedIn(name);
      const shown = render(<Total />);
      // Let the session's live query answer before looking.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(screen.getByTestId('total').textContent).toBe('Toàn xã');
      shown.unmount();
    }
  });
});
