// How long to wait before trying again after a failed sync: exponential growth with "full jitter"
// (a random delay between 0 and the exponential bound), so a village's phones that lost the signal
// together do not all knock on the commune server at the same second when it returns.

export interface BackoffPolicy {
  /** Bound of the first retry. */
  baseMs: number;
  /** The bound never grows past this. */
  maxMs: number;
  /** Never retry sooner than this (a storm of instant retries helps nobody). */
  minMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000, minMs: 1_000 };

/** Delay before retry number `attempt` (1 = the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const bound = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.max(policy.minMs, Math.floor(random() * bound));
}
