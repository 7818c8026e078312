// @vitest-environment jsdom
import 'fake-indexeddb/auto';
// A household's history in words, with its visits: each visit entry says it is a visit and of which day,
// and "for whom" reads as a member's name or "the whole household", never as a record id.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { initI18n } from '../../../src/i18n';
import type { HistoryEntry } from '../../../src/features/admin/adminApi';
import { HistoryList } from '../../../src/features/admin/HistoryList';
import { HouseholdHistory, householdEntrySubject } from '../../../src/features/households/HouseholdHistory';
import { db } from '../../../src/db/appDb';
import { SYNC_META_KEYS } from '../../../src/db/syncMeta';
import { completePerson, household, visit } from '../../fixtures/records';

beforeAll(() => initI18n('vi'));
afterEach(cleanup);

const cuc = completePerson({ fullName: 'Hà Thị Cúc' });
const onPhone = visit({ id: 'visit-1', visitedOn: '2026-11-18' });
const context = { household: household({ headName: 'Hà Văn Dũng' }), members: [cuc], visits: [onPhone] };

function entry(overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: 1, at: '2026-11-20T02:00:00.000Z', entity: 'visit', recordId: 'visit-1', householdId: 'h1', villageId: 'v1', version: 1, action: 'create',
    username: 'lan', deviceId: 'phone-lan-123456', clientTime: null, changes: [], ...overrides,
  };
}

function renderHistory(entries: HistoryEntry[]) {
  render(
    <HistoryList
      entries={entries}
      describe={(e) => householdEntrySubject(i18next.t, e, context)}
      personName={(id) => context.members.find((m) => m.id === id)?.fullName}
    />,
  );
  return screen.getAllByTestId('history-entry').map((element) => element.textContent ?? '');
}

describe('visits in a household\'s history', () => {
  it('a recorded visit is named by the day it recorded', () => {
    const [text] = renderHistory([entry({ changes: [{ field: 'visitedOn', old: null, new: '2026-11-17' }] })]);
    expect(text).toContain('Ghi lần thăm · lần thăm ngày 17/11/2026');
    expect(text).toContain('bởi lan');
  });

  it('an edit that kept the day is named by the visit on the phone; "for whom" is a name or the whole household', () => {
    const [edited, moved, forgotten] = renderHistory([
      entry({ id: 2, action: 'update', version: 2, changes: [{ field: 'personId', old: null, new: cuc.id }] }),
      entry({ id: 3, action: 'update', version: 3, changes: [{ field: 'personId', old: cuc.id, new: null }] }),
      entry({ id: 4, action: 'update', version: 4, recordId: 'visit-gone', changes: [{ field: 'personId', old: null, new: 'someone-not-listed' }] }),
    ]);
    expect(edited).toContain('Sửa lần thăm · lần thăm ngày 18/11/2026');
    expect(edited).toContain('Hỗ trợ cho: Cả hộ → Hà Thị Cúc');
    expect(moved).toContain('Hỗ trợ cho: Hà Thị Cúc → Cả hộ');
    expect(forgotten).toContain('Sửa lần thăm · lần thăm');
    expect(forgotten).toContain('Hỗ trợ cho: Cả hộ → một thành viên');
    expect(forgotten).not.toContain('someone-not-listed');
  });

  it('an erasure on request says so, without values', () => {
    const [text] = renderHistory([entry({ id: 5, action: 'erase', version: 3, deviceId: 'server', changes: [{ field: 'personId', old: null, new: null }] })]);
    expect(text).toContain('Bỏ tên và ghi chú của người đã xoá dữ liệu khỏi lần thăm');
    expect(text).toContain('trên máy chủ xã');
  });

  it('a change whose values were erased on request says so, not "whole household → whole household"', () => {
    const [text] = renderHistory([entry({ id: 6, action: 'update', version: 2, changes: [{ field: 'personId', old: null, new: null }, { field: 'note', old: null, new: null }] })]);
    expect(text).toContain('Hỗ trợ cho: (giá trị đã xoá theo yêu cầu của người dân)');
    expect(text).toContain('Ghi chú: (giá trị đã xoá theo yêu cầu của người dân)');
    expect(text).not.toContain('Cả hộ');
  });

  it('household and member entries keep their names', () => {
    expect(householdEntrySubject(i18next.t, entry({ entity: 'household', recordId: 'h1' }), context)).toBe('Hà Văn Dũng');
    expect(householdEntrySubject(i18next.t, entry({ entity: 'person', recordId: cuc.id }), context)).toBe('Hà Thị Cúc');
    expect(householdEntrySubject(i18next.t, entry({ entity: 'person', recordId: 'gone' }), context)).toBe('người đã xoá');
  });
});

describe('a member moved between households', () => {
  it('says "Hộ: một hộ khác → hộ này", not two record ids', () => {
    const [text] = renderHistory([entry({ entity: 'person', recordId: cuc.id, householdId: 'h1', action: 'update', changes: [{ field: 'householdId', old: 'h-old', new: 'h1' }] })]);
    expect(text).toContain('Hộ: một hộ khác → hộ này');
    expect(text).not.toContain('h-old');
  });
});

describe('personal data links for the commune office', () => {
  it('lists the members removed from the roster too (their data stays until erased)', async () => {
    await db.meta.put({ key: SYNC_META_KEYS.session, value: { token: 't', user: { id: 'u', username: 'canbo', role: 'commune_admin', communeId: 'c', villageIds: [] }, expired: false, loggedInAt: '2026-11-20T01:00:00Z' } });
    const removed = completePerson({ id: 'gone', fullName: 'Lò Văn Đi', deleted: true });
    render(<HouseholdHistory household={context.household} members={[cuc]} visits={[]} removedMembers={[removed]} />);
    expect((await screen.findByTestId('data-request-link-removed')).textContent).toContain('Lò Văn Đi');
    expect(screen.getAllByTestId('data-request-link').map((link) => link.textContent)).toEqual([expect.stringContaining('Hà Thị Cúc')]);
  });
});

