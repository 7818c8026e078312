// The report files name indicators and gaps exactly as the app's screens do (vi.json), so an officer
// reading the workbook and a village head reading the phone see the same words.
import { describe, expect, it } from 'vitest';
import vi from '../../src/i18n/locales/vi.json';
import { GAP_LABELS_VI, INDICATOR_LABELS_VI } from '../../src/server/reports/labels-vi';

describe('report labels', () => {
  it('indicator names equal vi.json indicator.*', () => {
    expect(INDICATOR_LABELS_VI).toEqual(vi.indicator);
  });
  it('gap names equal vi.json gap.*', () => {
    expect(GAP_LABELS_VI).toEqual(vi.gap);
  });
});
