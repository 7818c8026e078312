// @vitest-environment jsdom
// « Đổi mã PIN » in Settings clears the PIN: the gate over the app asks for a new one at once, on the same
// screen, instead of keeping the old PIN it read at the last navigation.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { AppLockGate } from '../../../src/app/AppLockGate';
import { db } from '../../../src/db/appDb';
import { LOCK_KEY, loadLock, saveLock } from '../../../src/db/appLockStore';
import { SYNC_META_KEYS } from '../../../src/db/syncMeta';
import { initI18n } from '../../../src/i18n';
import { NO_LOCK } from '../../../src/lock/lockState';

beforeAll(async () => {
  initI18n('vi');
  await db.meta.put({
    key: SYNC_META_KEYS.session,
    value: { token: 't', user: { id: 'u', username: 'lan', role: 'member', communeId: 'c', villageIds: [] }, expired: false, loggedInAt: '2026-11-20T01:00:00Z' },
  });
  await db.meta.put({ key: LOCK_KEY, value: { ...NO_LOCK, pin: 'salt:hash-of-old-pin' } });
});
afterEach(cleanup);

describe('the app lock gate', () => {
  it('asks for a new PIN as soon as the stored PIN is cleared, without a navigation', async () => {
    render(<AppLockGate />);
    // A PIN is set and the phone is not idle: nothing over the app.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('lock-setPin')).toBeNull();
    await saveLock(db, { ...(await loadLock(db)), pin: null });
    expect(await screen.findByTestId('lock-setPin')).toBeTruthy();
  });
});
