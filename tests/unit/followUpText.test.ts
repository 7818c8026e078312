import { describe, expect, it } from 'vitest';
import { initI18n } from '../../src/i18n';
import { followUpList } from '../../src/shared/followup';
import { followUpText } from '../../src/features/followup/followUpText';
import { completePerson, household, lackingPerson } from '../fixtures/records';

describe('followUpText', () => {
  it('lists households with each person, age and gaps, in Vietnamese', () => {
    // Without a document (node): i18n only needs its resources here.
    globalThis.document ??= { documentElement: {} } as Document;
    const t = initI18n('vi').t;
    const list = followUpList(
      [household({ id: 'h1', headName: 'Nguyễn Văn An', address: 'Số 12, Xóm Trên' })],
      [completePerson({ householdId: 'h1', fullName: 'Nguyễn Văn An', birthYear: 1970, healthBook: false }), lackingPerson({ householdId: 'h1', fullName: 'Nguyễn Thị Dung', birthYear: 2020 })],
      '2026-11-22',
    );
    expect(followUpText(list, { t, asOf: '2026-11-22', villageName: 'Thôn Đông' })).toBe(
      ['Danh sách cần hỗ trợ – Thôn Đông – 22/11/2026', '', '1. Nguyễn Văn An – Số 12, Xóm Trên', '   • Nguyễn Văn An (56 tuổi): Sổ sức khỏe', '   • Nguyễn Thị Dung (6 tuổi): Sổ sức khỏe'].join('\n'),
    );
    expect(followUpText(list, { t, asOf: '2026-11-22', villageName: 'Thôn Đông', gap: 'healthBook' }).split('\n')[1]).toBe('Chỉ những người còn thiếu: Sổ sức khỏe');
  });

  it('leaves out households that have not consented, and says how many', () => {
    globalThis.document ??= { documentElement: {} } as Document;
    const t = initI18n('vi').t;
    const list = followUpList(
      [household({ id: 'h1', headName: 'Nguyễn Văn An' }), household({ id: 'h2', headName: 'Lò Văn Chưa', consentGiven: false })],
      [lackingPerson({ householdId: 'h1', fullName: 'Nguyễn Thị Dung', birthYear: 2020 }), lackingPerson({ id: 'p2', householdId: 'h2', fullName: 'Lò Thị Riêng', birthYear: 1990 })],
      '2026-11-22',
    );
    const text = followUpText(list, { t, asOf: '2026-11-22', villageName: 'Thôn Đông' });
    expect(text).toContain('Nguyễn Thị Dung');
    expect(text).not.toContain('Lò');
    expect(text.split('\n').at(-1)).toBe('(1 hộ chưa đồng ý cho ghi thông tin không có trong danh sách chia sẻ này.)');
  });
});
