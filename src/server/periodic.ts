// A check the server runs by itself: once at start (it may have been off when it was due) and then at
// each interval, one at a time. The work catches its own errors (a failed check is retried at the next).
// Stopping waits for a check in progress, so the database can close after it.

export interface PeriodicCheck {
  /** The check in progress (or the last one): tests and shutdown wait for it. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function runPeriodically(check: () => Promise<void>, intervalMs: number): PeriodicCheck {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const next = () => {
    if (!stopped) running = running.then(check);
  };
  next();
  const timer = setInterval(next, intervalMs);
  timer.unref();
  return {
    idle: () => running,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
