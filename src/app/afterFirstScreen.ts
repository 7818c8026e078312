// Work that may wait until the first screen has shown: it runs once `shown` settles and the browser is
// idle, or after MAX_WAIT_MS whatever happens (a failed read, a screen that reads nothing), so it is
// delayed, never skipped.
const MAX_WAIT_MS = 3_000;
const IDLE_TIMEOUT_MS = 1_000;

export function afterFirstScreen(shown: Promise<unknown>, work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    work();
  };
  const whenIdle = () => {
    // Safari has no requestIdleCallback; a timeout lets the render and paint that the read started go first.
    if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(run, 50);
  };
  void shown.finally(whenIdle);
  setTimeout(run, MAX_WAIT_MS);
}
