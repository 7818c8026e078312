// The report files name indicators and gaps exactly as the app's screens do (vi.json), so an officer
// reading the workbook and a village head reading the phone see the same words.
import { describe, expect, it } from 'vitest';
import vi from '../../src/i18n/locales/vi.json';
import { readFileSync } from 'node:fs';
import { GAP_LABELS_VI, INDICATOR_LABELS_VI } from '../../src/server/reports/labels-vi';
import { unitWord } from '../../src/server/reports/monthly-report';

describe('report labels', () => {
  it('indicator names equal vi.json indicator.*', () => {
    expect(INDICATOR_LABELS_VI).toEqual(vi.indicator);
  });
  it('gap names equal vi.json gap.*', () => {
    expect(GAP_LABELS_VI).toEqual(vi.gap);
  });
  it('the commune-level unit is named as its official name says: xã, phường or đặc khu, for every one of the 3,321', () => {
    const provinces = JSON.parse(readFileSync(new URL('../../src/shared/data/vn-admin-units.json', import.meta.url), 'utf8')) as { communes: { name: string }[] }[];
    const words = new Map<string, number>();
    for (const { name } of provinces.flatMap((p) => p.communes)) {
      const word = unitWord(name);
      expect(name.toLowerCase().startsWith(`${word} `), name).toBe(true);
      words.set(word, (words.get(word) ?? 0) + 1);
    }
    expect(Object.fromEntries(words)).toEqual({ xã: 2611, phường: 697, 'đặc khu': 13 });
    expect(unitWord(null)).toBe('xã');
  });
});
