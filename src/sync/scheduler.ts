// When the engine runs: on demand (app start, back online, the app coming to the front, a save, the
// "Đồng bộ ngay" button), every few minutes while online, and after a failure with exponential backoff.
// Timers and randomness are injected so tests can step through the schedule.
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { SyncOutcome } from './engine';
import type { SyncStatusStore } from './status';

export const PERIODIC_SYNC_MS = 5 * 60_000;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SchedulerDeps {
  engine: { sync(): Promise<SyncOutcome>; readonly status: SyncStatusStore };
  timers: Timers;
  random: () => number;
  now: () => number;
  isOnline: () => boolean;
  periodMs?: number;
  backoff?: BackoffPolicy;
}

export class SyncScheduler {
  /** Failed runs in a row; the next delay grows with it. */
  private failures = 0;
  private retryTimer: unknown = null;
  private periodicTimer: unknown = null;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): Promise<SyncOutcome> {
    this.stopped = false;
    this.armPeriodic();
    return this.trigger();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    if (this.periodicTimer !== null) this.deps.timers.clear(this.periodicTimer);
    this.periodicTimer = null;
  }

  /** Runs now (or right after the current run). A pending backoff retry is replaced by this run. */
  async trigger(): Promise<SyncOutcome> {
    this.clearRetry();
    const outcome = await this.deps.engine.sync();
    this.after(outcome);
    return outcome;
  }

  private after(outcome: SyncOutcome): void {
    if (outcome.kind !== 'failed' || !outcome.retryable) {
      // Success, not signed in, or a failure only a person can fix (sign in again, update the app):
      // no automatic retry; the usual triggers (start, online, focus, button) still run it.
      this.failures = 0;
      return;
    }
    this.failures += 1;
    // The browser knows it has no network at all: the `online` event will trigger the next run, so
    // waking the phone every few minutes for nothing would only drain its battery.
    if (this.stopped || !this.deps.isOnline()) return;
    const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(this.failures, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF));
    this.clearRetry();
    this.retryTimer = this.deps.timers.set(() => {
      this.retryTimer = null;
      void this.trigger();
    }, delay);
    this.deps.engine.status.update({ retryAt: this.deps.now() + delay });
  }

  /** Every few minutes while online: other phones' work arrives without anyone pressing a button. */
  private armPeriodic(): void {
    this.periodicTimer = this.deps.timers.set(() => {
      if (this.stopped) return;
      if (this.deps.isOnline() && this.retryTimer === null) void this.trigger();
      this.armPeriodic();
    }, this.deps.periodMs ?? PERIODIC_SYNC_MS);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.deps.timers.clear(this.retryTimer);
    this.retryTimer = null;
  }
}
