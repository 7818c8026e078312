// Distance to a target, the same on every dashboard and in the report.
import type { IndicatorValue } from './indicators';

/** How many more (people or households) reach the target: ceil(target × denominator) − numerator, ≥ 0. */
export function missingToTarget(value: Pick<IndicatorValue, 'numerator' | 'denominator' | 'target'>): number {
  // 1e-9: 0.8 × 25 is 20.000000000000004 in floating point, which must not round up to 21.
  return Math.max(0, Math.ceil(value.target * value.denominator - 1e-9) - value.numerator);
}
