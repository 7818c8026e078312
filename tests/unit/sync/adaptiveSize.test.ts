// The request size that follows the link: grows on quick answers, shrinks on slow ones and after a 413.
import { describe, expect, it } from 'vitest';
import { AdaptiveSize } from '../../../src/sync/adaptiveSize';

const LIMITS = { start: 500, min: 100, max: 2000 };

describe('AdaptiveSize', () => {
  it('doubles while answers are quick, up to the maximum', () => {
    const size = new AdaptiveSize(LIMITS);
    expect(size.current).toBe(500);
    size.observe(200);
    expect(size.current).toBe(1000);
    size.observe(200);
    size.observe(200);
    expect(size.current).toBe(2000);
  });

  it('halves after a slow answer, down to the minimum, and keeps its size in between', () => {
    const size = new AdaptiveSize(LIMITS);
    size.observe(3000);
    expect(size.current).toBe(500);
    size.observe(9000);
    expect(size.current).toBe(250);
    size.observe(9000);
    size.observe(9000);
    expect(size.current).toBe(100);
  });

  it('a fixed size never adapts to timing', () => {
    const size = new AdaptiveSize(LIMITS, 3);
    size.observe(10);
    size.observe(60_000);
    expect(size.current).toBe(3);
  });

  it('after a 413 the next request is half of the refused one and never grows past it again', () => {
    const size = new AdaptiveSize(LIMITS, 1500);
    size.tooBig(1001);
    expect(size.current).toBe(501);
    const growing = new AdaptiveSize(LIMITS);
    growing.tooBig(500);
    growing.observe(10);
    expect(growing.current).toBe(250);
    growing.tooBig(1);
    expect(growing.current).toBe(1);
  });

  it('a slow answer after a 413 stays under the size the 413 left, even below the minimum', () => {
    const size = new AdaptiveSize(LIMITS);
    size.tooBig(50);
    expect(size.current).toBe(25);
    size.observe(9000);
    expect(size.current).toBe(25);
  });

  it('when one item was too big on its own, the size from before the 413s comes back', () => {
    const size = new AdaptiveSize(LIMITS);
    size.observe(10);
    expect(size.current).toBe(1000);
    size.tooBig(1000);
    size.tooBig(500);
    size.tooBig(1);
    expect(size.current).toBe(1);
    size.oneWasTooBig();
    expect(size.current).toBe(1000);
    size.observe(10);
    expect(size.current).toBe(2000);
  });
});
