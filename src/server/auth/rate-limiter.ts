// Fixed-window counter of failed logins per key (client IP + username). Kept in memory on purpose: losing
// it on restart only forgives a few attempts, and it needs no database write per failure. One instance
// per server (no module state), with an injected clock so tests control time.

export interface RateLimitOptions {
  /** Failed attempts allowed per window. */
  max: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: RateLimitOptions = { max: 10, windowMs: 15 * 60 * 1000 };

export class FailureRateLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait before trying again, or 0 when the key may try now. */
  retryAfterSeconds(key: string): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    const elapsed = this.now() - window.start;
    if (elapsed >= this.options.windowMs) {
      this.windows.delete(key);
      return 0;
    }
    return window.failures >= this.options.max ? Math.ceil((this.options.windowMs - elapsed) / 1000) : 0;
  }

  /**
   * Takes one attempt: the seconds to wait when the key has none left, else 0 with the attempt counted as
   * a failure until `recordSuccess` says otherwise. Counted before the password is checked, in the same
   * synchronous step as the check: a thousand logins sent at once would otherwise all pass the check
   * while the first is still hashing, and each get a guess.
   */
  takeAttempt(key: string): number {
    const wait = this.retryAfterSeconds(key); // also drops an expired window
    if (wait > 0) return wait;
    const window = this.windows.get(key) ?? { start: this.now(), failures: 0 };
    window.failures += 1;
    this.windows.set(key, window);
    if (this.windows.size > 100_000) this.dropExpired();
    return 0;
  }

  recordSuccess(key: string): void {
    this.windows.delete(key);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.options.windowMs) this.windows.delete(key);
    }
  }
}
