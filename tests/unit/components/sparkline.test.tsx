// @vitest-environment jsdom
// The trend chart: one line through the months that have a figure, broken where a month has none (not
// dropped to 0 %), the target as a dashed line at its height, points at or above the target marked.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Sparkline } from '../../../src/features/trends/Sparkline';

afterEach(cleanup);

describe('Sparkline', () => {
  it('draws the months with a figure, breaks the line at a month without one, and marks the target', () => {
    render(
      <Sparkline
        label="VNeID"
        target={0.8}
        points={[
          { label: '09/2026', rate: 0.5 },
          { label: '10/2026', rate: 0.6 },
          { label: '11/2026', rate: null },
          { label: '12/2026', rate: 0.9 },
        ]}
      />,
    );
    const chart = screen.getByRole('img', { name: 'VNeID' });
    expect(chart.querySelectorAll('path.spark-line')).toHaveLength(2);
    expect(chart.querySelectorAll('circle')).toHaveLength(3);
    expect(chart.querySelectorAll('circle.reached')).toHaveLength(1);
    expect([...chart.querySelectorAll('title')].map((t) => t.textContent)).toEqual(['09/2026: 50 %', '10/2026: 60 %', '12/2026: 90 %']);
    // Height 56, padding 4: a rate r sits at 4 + (1 − r) × 48; the target 80 % at 13.6.
    const target = chart.querySelector('line.spark-target')!;
    expect(Number(target.getAttribute('y1'))).toBeCloseTo(13.6);
    expect(Number(chart.querySelector('circle.reached')!.getAttribute('cy'))).toBeCloseTo(8.8);
  });
});
