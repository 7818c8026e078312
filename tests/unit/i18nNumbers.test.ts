// @vitest-environment jsdom
// Counts in sentences follow the language (domain.md: numbers 1.234,5 in Vietnamese): i18next's number
// format in the locale files ("{{count, number}}"), so 7350 households read "7.350 hộ", not "7350 hộ".
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../../src/i18n';

describe('numbers in sentences', () => {
  it('are written the Vietnamese way in Vietnamese (7.350) and the English way in English (7,350)', async () => {
    initI18n('vi');
    expect(i18next.t('households.count', { shown: 120, total: 7350 })).toBe('120 / 7.350 hộ');
    expect(i18next.t('dashboard.missing', { count: 1200 })).toBe('còn thiếu 1.200 để đạt');
    expect(i18next.t('sync.unsentCount', { count: 10000 })).toBe('10.000 thay đổi chưa gửi');
    expect(i18next.t('auth.firstPullDone', { count: 74978 })).toContain('74.978 bản ghi');
    await i18next.changeLanguage('en');
    expect(i18next.t('sync.unsentCount', { count: 10000 })).toBe('10,000 changes not sent');
    expect(i18next.t('sync.unsentCount', { count: 1 })).toBe('1 change not sent');
    await i18next.changeLanguage('vi');
  });
});
