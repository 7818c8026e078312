// Report months in Vietnam's calendar: the neighbours of a month across a year's turn, and the instant a
// month ends in Vietnam (which decides whether a snapshot holds the month's final figures).
import { describe, expect, it } from 'vitest';
import { monthEndInstant, nextMonth, previousMonth } from '../../src/shared/months';

describe('months', () => {
  it('steps across the turn of a year both ways', () => {
    expect([nextMonth('2025-12'), nextMonth('2026-01'), nextMonth('2026-09')]).toEqual(['2026-01', '2026-02', '2026-10']);
    expect([previousMonth('2026-01'), previousMonth('2026-10')]).toEqual(['2025-12', '2026-09']);
  });

  it('a month ends at midnight in Vietnam, 17:00 UTC on its last day', () => {
    expect(monthEndInstant('2026-11').toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(monthEndInstant('2026-12').toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(monthEndInstant('2028-02').toISOString()).toBe('2028-02-29T17:00:00.000Z');
  });
});
