// The phone's sync engine: sends the outbox, then fetches what changed on the server. One instance per
// database (the page makes one in appSync.ts, the service worker its own); every part it touches is
// injected, so tests run it against the real server in process and control the network and the clock.
//
// A run: 1. push pending entries of the signed-in user's villages, oldest first, in batches;
//        2. pull pages after the stored cursor until `hasMore` is false;
//        3. fetch the server's copy of records whose refused change was discarded on the phone;
//        4. remember when the run succeeded.
// A failure stops the run and keeps everything; the scheduler (scheduler.ts) decides when to retry.
import { MAX_MUTATIONS_PER_PUSH, MAX_RECORDS_PER_FETCH, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type MutationResult, type PullChange, type PushResponse } from '../shared/protocol';
import { isStorageFull } from '../db/storageErrors';
import { ApiFailure, type ApiClient } from './api';
import type { SyncErrorCode } from './errorCodes';
import { AdaptiveSize } from './adaptiveSize';
import { parsePullResponse, parseRecordsResponse } from './pullValidation';
import { SyncStatusStore } from './status';
import type { QueuedMutation, SyncStore } from './store';

// 500 changes (~0.5 MB) in the first request: few round trips for a big backlog, small enough to get
// through a weak 3G link. Then the size follows the link (adaptiveSize.ts): up to the 1,000 the server
// accepts while answers are quick, down to 50 when they are slow; a 413 halves it.
export const DEFAULT_PUSH_BATCH = 500;
const MIN_PUSH_BATCH = 50;
// Pull pages start at the protocol's default (500), grow up to the server's maximum (2,000: a commune of
// 60,000 records in 30 pages instead of 120) and shrink to 100 on a slow link.
const MIN_PULL_LIMIT = 100;

export interface SyncEngineDeps {
  store: SyncStore;
  api: Pick<ApiClient, 'push' | 'pull' | 'records' | 'me'>;
  clock: () => Date;
  status?: SyncStatusStore;
  /** A fixed push batch size (a 413 still halves it); by default it adapts to the link. */
  pushBatchSize?: number;
  /** A fixed pull page size; by default it adapts to the link (adaptiveSize.ts). */
  pullLimit?: number;
  /**
   * Runs `work` while no other context (another tab, the service worker) syncs the same database:
   * Web Locks in browsers. Within one context the engine already never runs twice at once.
   */
  withLock?: <T>(work: () => Promise<T>) => Promise<T>;
  /** navigator.onLine, to tell "offline" from "server unreachable". */
  isOnline?: () => boolean;
}

export type SyncOutcome =
  | { kind: 'done'; sent: number; parked: number; conflicts: number; received: number }
  | { kind: 'not-signed-in' }
  | { kind: 'failed'; code: SyncErrorCode; retryable: boolean; retryAfterMs: number | null };

export class SyncEngine {
  readonly status: SyncStatusStore;
  private running: Promise<SyncOutcome> | null = null;
  private queued: Promise<SyncOutcome> | null = null;
  /** Changes the last pull put back in the outbox after a restore of the server's database ([PL8]). */
  private recoveredAfterRestore = 0;

  constructor(private readonly deps: SyncEngineDeps) {
    this.status = deps.status ?? new SyncStatusStore();
  }

  /**
   * Starts a run, or — when one is running — one more run right after it (a save made during a run is
   * then sent too). Never two at once; callers that ask meanwhile share the same next run.
   */
  sync(): Promise<SyncOutcome> {
    if (!this.running) {
      const lock = this.deps.withLock ?? ((work) => work());
      this.running = lock(() => this.runOnce()).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
  }

  private async runOnce(): Promise<SyncOutcome> {
    try {
      return await this.pushThenPull();
    } catch (error) {
      if (error instanceof ApiFailure) return this.failed(error);
      // A fault of this phone (e.g. the database refused a write): keep everything, try again later.
      // A full disk is said as such: the member can free space, which nothing else will.
      if (isStorageFull(error)) return this.failed(new ApiFailure(0, 'STORAGE_FULL'));
      console.error('sync failed', error);
      return this.failed(new ApiFailure(0, 'UNKNOWN'));
    }
  }

  private async pushThenPull(): Promise<SyncOutcome> {
    const { store } = this.deps;
    const session = await store.getSession();
    if (!session) {
      this.status.update({ phase: 'idle', errorCode: null, retryAt: null });
      return { kind: 'not-signed-in' };
    }
    if (session.expired) throw new ApiFailure(401, (session.expiredCode as SyncErrorCode | undefined) ?? 'UNAUTHENTICATED');
    // A session from before the commune's name was kept with it, or whose commune was named since in
    // Quản trị: ask once, for the screens' "Toàn xã / phường / đặc khu".
    if (!session.communeName) await this.learnCommuneName();
    this.status.update({ sent: 0, toSend: 0, received: 0, conflicts: 0, retryAt: null });
    // After a restore of the server's database the phone pulls first: what it sends back is decided
    // against what the restored server has (src/db/restoreRecovery.ts). [PU12]
    let recovering = await store.recoveringFromRestore();
    let pushed = { sent: 0, parked: 0, conflicts: 0 };
    if (!recovering) {
      try {
        pushed = await this.push(session.user.villageIds);
      } catch (error) {
        if (!(error instanceof ApiFailure && error.code === 'SERVER_RESTORED')) throw error;
        recovering = true;
      }
    }
    this.recoveredAfterRestore = 0;
    let received = await this.pull();
    if (recovering || this.recoveredAfterRestore > 0) {
      // After a restore of the server, the work only this phone still held was put back in the outbox:
      // it goes now, and the records come back with the versions the server gives them.
      const again = await this.push(session.user.villageIds);
      pushed = { sent: pushed.sent + again.sent, parked: pushed.parked + again.parked, conflicts: pushed.conflicts + again.conflicts };
      received += await this.pull();
    }
    await this.restoreDiscarded();
    await store.setLastSyncAt(this.deps.clock().toISOString());
    this.status.update({ phase: 'idle', errorCode: null });
    return { kind: 'done', ...pushed, received };
  }

  private async learnCommuneName(): Promise<void> {
    try {
      await this.deps.store.setCommuneName((await this.deps.api.me()).commune?.name ?? null);
    } catch {
      // Only words on a screen: the sync goes on, and the next one asks again.
    }
  }

  private async failed(error: ApiFailure): Promise<SyncOutcome> {
    // 401: the token is no longer valid. Nothing is deleted; the user signs in again and sync resumes.
    if (error.status === 401) await this.deps.store.markSessionExpired(error.code);
    const offline = error.code === 'NETWORK' && this.deps.isOnline?.() === false;
    this.status.update({ phase: offline ? 'offline' : 'error', errorCode: error.code });
    return { kind: 'failed', code: error.code, retryable: error.retryable || error.code === 'UNKNOWN' || error.code === 'STORAGE_FULL', retryAfterMs: error.retryAfterMs };
  }

  /**
   * Batches go out one at a time, in outbox order, each sent only after the answer to the one before
   * (the server applies them in that order). Everything else overlaps with the server's work: while
   * batch N is at the server, batch N+1 is read (the entries after N's last `seq`, since N's stay
   * pending until N's results are stored) and batch N-1's results are stored (one transaction). When
   * N's answer arrives, N+1 goes out at once and only then are N's results stored.
   *
   * Why this order: reading the next batch only after storing had begun made the read wait behind the
   * results' read-write transaction on the outbox (IndexedDB runs them in order), and waiting for the
   * previous results before sending put that transaction on the path too; between them they sat between
   * every answer and the next request. Reading ahead is safe because the outbox only grows meanwhile (a
   * save adds entries; nothing rewrites a pending one), so the batch read is what the outbox still holds.
   *
   * A batch's results are stored only after the batch before has committed. If storing fails after the
   * next batch was sent, the run fails; those entries are still pending and the next run sends them
   * again, answered `duplicate` with the version they produced ([PU2]), so nothing is lost or applied
   * twice.
   */
  private async push(villageIds: readonly string[]): Promise<{ sent: number; parked: number; conflicts: number }> {
    const { store, api } = this.deps;
    const deviceId = await store.deviceId();
    const cursor = await store.getCursor();
    const batchSize = new AdaptiveSize({ start: DEFAULT_PUSH_BATCH, min: MIN_PUSH_BATCH, max: MAX_MUTATIONS_PER_PUSH }, this.deps.pushBatchSize);
    let sent = 0;
    let parked = 0;
    let conflicts = 0;
    /** The last entry whose answer came back; a batch re-read after a 413 starts after it. */
    let afterSeq: number | undefined;
    /** The previous batch's results being stored, with the counts once they are. */
    const storing = new StoringBehind();
    const toSend = await store.countPending(villageIds);
    if (toSend > 0) this.status.update({ phase: 'pushing', sent, toSend });
    /** The batch after the one in flight, read ahead (a failed read is reported when it is awaited). */
    let next: Promise<QueuedMutation[]> = Promise.resolve([]);
    const readBatch = (after: number | undefined) => {
      const read = store.pendingBatch(villageIds, batchSize.current, after);
      read.catch(() => {});
      return read;
    };
    /** Sends a batch (nothing when it is empty) and starts reading the one after it. */
    const send = (batch: QueuedMutation[]) => {
      if (batch.length === 0) return null;
      const answer = timedRequest(batchSize, () => api.push(deviceId, batch.map((entry) => entry.mutation), cursor));
      next = readBatch(batch[batch.length - 1].seq);
      return { batch, answer };
    };
    /** One change the server refused the whole push for, parked with the code so the rest can go. */
    const parkAlone = async (entry: QueuedMutation, code: string) => {
      await storing.settle();
      await store.park(entry.seq, { code, message: '' });
      parked += 1;
      sent += 1;
    };
    let inFlight = send(await readBatch(afterSeq));
    try {
      while (inFlight) {
        const { batch } = inFlight;
        let response: PushResponse;
        try {
          response = await inFlight.answer;
        } catch (error) {
          // Too big for the server: halve the batch; a single mutation too big is parked so it cannot
          // block the ones behind it.
          if (error instanceof ApiFailure && error.status === 413) {
            if (batch.length > 1) {
              batchSize.tooBig(batch.length);
              inFlight = send(await readBatch(afterSeq));
              continue;
            }
            await parkAlone(batch[0], error.code);
            afterSeq = batch[0].seq;
            // The batch read ahead was read at size 1: read it again at the size from before the 413s.
            batchSize.oneWasTooBig();
            inFlight = send(await readBatch(afterSeq));
            continue;
          }
          // One mutation's content refused the whole push (text the server cannot store, saved before the
          // phone's forms refused it): it is parked with its reason, and the rest go on.
          const refused = error instanceof ApiFailure ? error.refusedMutationIndex : null;
          if (error instanceof ApiFailure && refused !== null && refused < batch.length) {
            await parkAlone(batch[refused], error.code);
            inFlight = send(await readBatch(afterSeq));
            continue;
          }
          throw error;
        }
        const results = matchResults(batch, response);
        afterSeq = batch[batch.length - 1].seq;
        // The server's next batch first, then this one's results: the phone stores while the server works.
        inFlight = send(await next);
        // In order: this batch's results are stored only once the batch before has committed (and a
        // failure there ends the run here).
        await storing.settle();
        await storing.handOver(
          store.applyPushResults(batch, results).then(async () => {
            sent += batch.length;
            parked += results.filter((r) => r.status === 'rejected').length;
            conflicts += results.filter((r) => r.status === 'conflict').length;
            // Saves made while sending join this run: the total grows with them.
            this.status.update({ phase: 'pushing', sent, toSend: sent + (await store.countPending(villageIds)), conflicts });
          }),
        );
      }
      await storing.settle();
    } catch (error) {
      // The run ends (and releases its lock) only once the results in hand are stored, or have failed,
      // and no request of it is still on its way (its answer is not used: those entries stay pending).
      await storing.drain();
      await (inFlight as { answer: Promise<PushResponse> } | null)?.answer.catch(() => {});
      throw error;
    }
    return { sent, parked, conflicts };
  }

  /**
   * [PL7] Records whose refused change was discarded on the phone still show it there; the server's
   * copy replaces it (unsent later changes stay on top). After the pull, so a record the pull brought is
   * asked for at the version the phone now has. This only corrects what the phone shows: an answer the
   * phone cannot use (no such route on an older server, a record its schemas refuse, any other refusal)
   * forgets them rather than failing every sync from now on. No answer, a server fault, an expired
   * session or an app too old still end the run, to be tried again.
   */
  private async restoreDiscarded(): Promise<void> {
    const { store, api } = this.deps;
    const wanted = await store.recordsToRefetch();
    for (let i = 0; i < wanted.length; i += MAX_RECORDS_PER_FETCH) {
      const asked = wanted.slice(i, i + MAX_RECORDS_PER_FETCH);
      let changes: PullChange[];
      try {
        changes = parseRecordsResponse(await api.records(asked));
      } catch (error) {
        if (!(error instanceof ApiFailure) || error.retryable || error.status === 401 || error.status === 426) throw error;
        changes = [];
      }
      await store.applyRefetched(changes, asked);
    }
  }

  /**
   * Pages are fetched one ahead and stored one behind: while page N is written to IndexedDB, page N+1 is
   * on its way from the server and its transaction is already open behind N's (the browser prepares its
   * records meanwhile). Storing stays in order, and each page is refused unless the stored cursor is the
   * one it follows, so a page that fails to commit can never leave a gap behind the next one.
   */
  private async pull(): Promise<number> {
    const { store, api } = this.deps;
    const pageSize = new AdaptiveSize({ start: PULL_DEFAULT_LIMIT, min: MIN_PULL_LIMIT, max: PULL_MAX_LIMIT }, this.deps.pullLimit);
    let run = await store.beginPull();
    let cursor = await store.getCursor();
    /** The cursor the database will hold once every page handed to the store has committed. */
    let stored = cursor;
    let received = 0;
    this.status.update({ phase: 'pulling', received });
    let restarted = false;
    // Fetched ahead, a page may fail while the page before is still being stored: handled when awaited.
    const fetchPage = (after: string | null, limit: number) => timedRequest(pageSize, () => api.pull(after, limit));
    /** The page being stored, at most one behind the page in hand. */
    const storing = new StoringBehind();
    let next = fetchPage(cursor, pageSize.current);
    try {
      for (;;) {
        let raw: unknown;
        try {
          raw = await next;
        } catch (error) {
          // A cursor the server no longer understands (e.g. its database was restored): start again from
          // the beginning once. Records are idempotent puts, and unsent edits are laid on top again.
          if (error instanceof ApiFailure && error.code === 'INVALID_CURSOR' && cursor !== null && !restarted) {
            restarted = true;
            cursor = null;
            next = fetchPage(cursor, pageSize.current);
            continue;
          }
          throw error;
        }
        // The next page is asked for before this one is validated (~10–30 ms for 2,000 records), which
        // would otherwise sit between every answer and the next request. Nothing of an unvalidated page
        // is used but its cursor, and a page that fails validation ends the run (the request ahead is
        // then dropped).
        const ahead = cursorAhead(raw);
        if (ahead !== null) next = fetchPage(ahead, pageSize.current);
        const page = parsePullResponse(raw);
        // [PL5] The user's villages changed: the server starts again from the beginning. Take the new
        // village list first, so records of villages no longer assigned are dropped (unsent work stays);
        // what the run remembers is then out of date, so a new run starts.
        if (page.reset) {
          await storing.settle();
          const me = await api.me();
          await store.replaceVillages(me.villages);
          await store.setCommuneName(me.commune?.name ?? null);
          // [PL8] The server's database was restored from a backup: what this phone holds newer than it
          // goes back to it (src/db/restoreRecovery.ts).
          run = await store.beginPull({ restored: page.restored === true });
        }
        if (page.hasMore && page.changes.length > 0 && page.cursor !== ahead) next = fetchPage(page.cursor, pageSize.current);
        // Started before the page before has committed (its transaction queues behind that one), and
        // refused if that one fails to commit: then the earlier failure is the one reported.
        const write = store.applyPullPage(page.changes, page.cursor, run, stored).then(() => {
          received += page.changes.length;
          this.status.update({ received });
        });
        stored = page.cursor;
        cursor = page.cursor;
        await storing.handOver(write);
        if (!page.hasMore) {
          await storing.settle();
          if (page.villages) await store.refreshVillages(page.villages);
          this.recoveredAfterRestore = await store.finishPull(run);
          return received;
        }
        // "More" with nothing in this page would loop for ever.
        if (page.changes.length === 0) {
          await storing.settle();
          throw new ApiFailure(200, 'BAD_RESPONSE');
        }
      }
    } catch (error) {
      // Let a page still being stored finish (or fail) before the run ends and releases its lock.
      await storing.drain();
      throw error;
    }
  }
}

/**
 * A request whose answer time sizes the next one (adaptiveSize.ts). Sent ahead of the moment its answer
 * is needed, so a failure is handled where it is awaited, never as an unhandled rejection.
 */
function timedRequest<T>(size: AdaptiveSize, request: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const answer = request().then((value) => {
    size.observe(Date.now() - started);
    return value;
  });
  answer.catch(() => {});
  return answer;
}

/**
 * The phone's write of the last answer (a pushed batch's results, a pulled page), kept one behind the
 * requests: the run goes on with the next request while it commits. Its failure surfaces where the run
 * waits for it, never as an unhandled rejection, and a run that ends on an error lets it finish first.
 */
class StoringBehind {
  private current: Promise<void> | null = null;

  /** Takes the newest write, then waits for the one before it (throwing that one's failure). */
  async handOver(write: Promise<void>): Promise<void> {
    write.catch(() => {});
    const previous = this.current;
    this.current = write;
    await previous;
  }

  /** Waits for the write in hand (throwing its failure). */
  async settle(): Promise<void> {
    const current = this.current;
    this.current = null;
    await current;
  }

  /** For a run ending on an error: lets the write in hand finish or fail, without throwing. */
  async drain(): Promise<void> {
    await this.current?.catch(() => {});
  }
}

/** The cursor of a raw pull answer that says more changes follow, or null. */
function cursorAhead(raw: unknown): string | null {
  const page = raw as { changes?: unknown; cursor?: unknown; hasMore?: unknown } | null;
  if (page === null || typeof page !== 'object' || page.hasMore !== true || typeof page.cursor !== 'string') return null;
  return Array.isArray(page.changes) && page.changes.length > 0 ? page.cursor : null;
}

/** One result per mutation, in order (protocol v1): anything else must not touch the outbox. */
function matchResults(batch: readonly QueuedMutation[], response: PushResponse): MutationResult[] {
  const results = response?.results;
  if (!Array.isArray(results) || results.length !== batch.length) throw new ApiFailure(200, 'BAD_RESPONSE');
  results.forEach((result, index) => {
    const known = result.status === 'applied' || result.status === 'duplicate' || result.status === 'conflict' || result.status === 'rejected';
    const versioned = result.status === 'rejected' || typeof result.version === 'number';
    if (result.id !== batch[index].mutation.id || !known || !versioned) throw new ApiFailure(200, 'BAD_RESPONSE');
  });
  return results;
}
