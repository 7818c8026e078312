// @vitest-environment jsdom
// The header as a team member reads it: unsent count, sending progress, the last sync in Vietnam's
// time, "not signed in" with a way to sign in, and errors that say what to do.
import 'fake-indexeddb/auto';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppHeader } from '../../../src/app/AppHeader';
import { db } from '../../../src/db/appDb';
import { SYNC_META_KEYS } from '../../../src/db/syncMeta';
import { initI18n } from '../../../src/i18n';
import { appSync } from '../../../src/sync/appSync';
import { IDLE_STATUS } from '../../../src/sync/status';
import type { StoredSession } from '../../../src/sync/session';

const session: StoredSession = {
  token: 't',
  user: { id: 'u1', username: 'thanhvien', role: 'member', communeId: 'c1', villageIds: ['v1'] },
  expired: false,
  loggedInAt: '2026-11-22T01:00:00Z',
};

beforeAll(() => {
  initI18n('vi');
});
beforeEach(async () => {
  await Promise.all([db.meta.clear(), db.outbox.clear()]);
  appSync.status.update(IDLE_STATUS);
});
afterEach(cleanup);

const village = { id: 'v1', name: 'Thôn Đông', expectedHouseholds: null };

describe('AppHeader', () => {
  it('before sign-in: everything is on the phone, and a link to sign in', async () => {
    render(<AppHeader village={village} />);
    const login = await screen.findByTestId('header-login');
    expect(login.textContent).toBe('Chưa đăng nhập · Đăng nhập');
    expect(login.getAttribute('href')).toBe('/login');
    expect(screen.getByTestId('unsent-badge').textContent).toBe('Đã lưu trên máy');
  });

  it('signed in: unsent and rejected counts, the last sync as "14:05 22/11", and progress while sending', async () => {
    await db.meta.bulkPut([
      { key: SYNC_META_KEYS.session, value: session },
      { key: SYNC_META_KEYS.lastSyncAt, value: '2026-11-22T07:05:00.000Z' },
    ]);
    const entry = { entity: 'person' as const, recordId: 'p', villageId: 'v1', op: 'upsert' as const, baseVersion: 0, fields: {}, clientTime: '2026-11-22T07:00:00Z' };
    await db.outbox.bulkAdd([
      { ...entry, mutationId: 'm1', state: 'pending' },
      { ...entry, mutationId: 'm2', state: 'pending' },
      { ...entry, mutationId: 'm3', state: 'parked', error: { code: 'RECORD_DELETED', message: '' } },
    ]);
    render(<AppHeader village={village} />);
    expect((await screen.findByTestId('last-sync')).textContent).toBe('Gửi lần cuối: 14:05 22/11');
    expect((await screen.findByText('2 thay đổi chưa gửi')).getAttribute('data-testid')).toBe('unsent-badge');
    expect(screen.getByTestId('parked-badge').textContent).toBe('1 bị từ chối');
    expect(screen.queryByTestId('header-login')).toBeNull();

    act(() => appSync.status.update({ phase: 'pushing', sent: 1, toSend: 2 }));
    expect(screen.getByTestId('unsent-badge').textContent).toBe('Đang gửi 1/2');
    act(() => appSync.status.update({ phase: 'pulling', received: 500 }));
    expect(screen.getByTestId('unsent-badge').textContent).toBe('Đang nhận 500 bản ghi');
    act(() => appSync.status.update({ phase: 'offline', errorCode: 'NETWORK' }));
    expect(screen.getByTestId('sync-error').textContent).toBe('Không kết nối được máy chủ của xã. Dữ liệu vẫn lưu trên máy và sẽ tự gửi khi có mạng.');
  });

  it('a refused sign-in says why and leads to the login screen; an unknown code still gets a message', async () => {
    await db.meta.put({ key: SYNC_META_KEYS.session, value: { ...session, expired: true, expiredCode: 'DEVICE_REVOKED' } });
    render(<AppHeader village={village} />);
    const error = await screen.findByTestId('sync-error');
    expect(error.textContent).toContain('Quyền truy cập của điện thoại này đã bị thu hồi');
    expect(error.getAttribute('href')).toBe('/login');

    await act(() => db.meta.put({ key: SYNC_META_KEYS.session, value: session }));
    act(() => appSync.status.update({ phase: 'error', errorCode: 'A_CODE_FROM_A_NEWER_SERVER' as never }));
    expect((await screen.findByTestId('sync-error')).textContent).toBe('Có lỗi chưa rõ nguyên nhân. Ứng dụng sẽ tự thử lại; dữ liệu vẫn lưu trên máy.');
  });
});
