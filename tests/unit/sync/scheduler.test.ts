// When the engine runs by itself: exponential backoff with full jitter after failures (here: the phone's
// network is cut while the real server waits), back to normal after a success, every 5 minutes online.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/sync/backoff';
import { PERIODIC_SYNC_MS, SyncScheduler, type Timers } from '../../../src/sync/scheduler';
import { CommuneServer, Phone } from './harness';

/** Timers the test fires by hand, in the order of their due time. */
class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  set = (callback: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return id;
  };
  clear = (handle: unknown) => {
    this.pending.delete(handle as number);
  };
  /** Delays of the timers waiting now, shortest first. */
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms).sort((a, b) => a - b);
  }
  /** Fires the timer with this delay. */
  fire(ms: number): void {
    const [id, timer] = [...this.pending.entries()].find(([, t]) => t.ms === ms)!;
    this.pending.delete(id);
    timer.callback();
  }
}

describe('backoffDelay', { timeout: 30_000 }, () => {
  it('doubles its bound from 5 s up to 5 minutes, with full jitter and a 1 s floor', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => Math.round(backoffDelay(n, top) / 1000))).toEqual([5, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(backoffDelay(4, () => 0.5)).toBe(20_000);
    expect(backoffDelay(3, () => 0)).toBe(DEFAULT_BACKOFF.minMs);
  });
});

describe('SyncScheduler', { timeout: 30_000 }, () => {
  let server: CommuneServer;
  beforeAll(async () => {
    server = await CommuneServer.start();
  }, 60_000);
  afterAll(() => server.close());

  it('retries with growing delays while the network is down, then returns to the 5-minute rhythm', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    await phone.saveHousehold(village.id);
    const timers = new ManualTimers();
    let online = true;
    const scheduler = new SyncScheduler({ engine: phone.engine, timers, random: () => 0.5, now: () => 0, isOnline: () => online });

    phone.network.down = true;
    expect(await scheduler.start()).toMatchObject({ kind: 'failed', code: 'NETWORK' });
    expect(timers.delays()).toEqual([2_500, PERIODIC_SYNC_MS]);
    expect(phone.engine.status.get()).toMatchObject({ phase: 'error', errorCode: 'NETWORK', retryAt: 2_500 });

    const seen: number[] = [];
    for (const expected of [5_000, 10_000, 20_000]) {
      const retry = timers.delays()[0];
      seen.push(retry);
      timers.fire(retry);
      await waitUntil(() => timers.delays()[0] === expected);
    }
    expect(seen).toEqual([2_500, 5_000, 10_000]);
    expect(await phone.pendingCount()).toBe(2);

    // The periodic timer does not pile a run on top of a waiting retry, nor run offline.
    online = false;
    phone.engine.status.update({ phase: 'offline' });
    timers.fire(PERIODIC_SYNC_MS);
    expect(timers.delays()).toEqual([20_000, PERIODIC_SYNC_MS]);

    // Known to be offline: a failed run sets no retry timer of its own (the `online` event will come).
    await scheduler.trigger();
    expect(timers.delays()).toEqual([PERIODIC_SYNC_MS]);

    // Signal back: a trigger (the `online` event) runs at once and succeeds.
    online = true;
    phone.network.down = false;
    expect(await scheduler.trigger()).toMatchObject({ kind: 'done', sent: 2 });
    expect(timers.delays()).toEqual([PERIODIC_SYNC_MS]);
    // The next failure starts from the first delay again.
    phone.network.down = true;
    await scheduler.trigger();
    expect(timers.delays()).toEqual([2_500, PERIODIC_SYNC_MS]);
    scheduler.stop();
    expect(timers.delays()).toEqual([]);
  });

  it('does not retry by itself what only a person can fix (expired sign-in)', async () => {
    const village = await server.createVillage();
    const account = await server.createUser('member', [village.id]);
    const phone = new Phone(server);
    await phone.signIn(account);
    await phone.store.markSessionExpired('UNAUTHENTICATED');
    const timers = new ManualTimers();
    const scheduler = new SyncScheduler({ engine: phone.engine, timers, random: () => 0.5, now: () => 0, isOnline: () => true });
    expect(await scheduler.start()).toMatchObject({ kind: 'failed', code: 'UNAUTHENTICATED' });
    expect(timers.delays()).toEqual([PERIODIC_SYNC_MS]);
    scheduler.stop();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
