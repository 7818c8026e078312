// A fault-injecting network between a phone's sync engine (src/sync/api.ts takes any fetch-like
// function) and the real server in process: requests lost on the way, answers lost after the server
// committed, requests delivered twice, and late copies that arrive after newer requests (reordering).
// Every decision comes from a seeded Prng, so a failing seed replays exactly.
import type { FetchLike } from '../../../src/sync/api';
import { bodyText } from '../../unit/sync/harness';
import type { Prng } from './prng';
import { sleep } from './server-process';

export interface FaultRates {
  dropRequest: number;
  dropAnswer: number;
  duplicate: number;
  /** A late copy of the request, delivered after a delay while newer requests go through. */
  lateCopy: number;
  maxDelayMs: number;
}

export interface FaultCounts {
  requests: number;
  droppedRequests: number;
  droppedAnswers: number;
  duplicatedRequests: number;
  lateCopies: number;
  delayed: number;
}

export class LossyNetwork {
  enabled = true;
  readonly counts: FaultCounts = { requests: 0, droppedRequests: 0, droppedAnswers: 0, duplicatedRequests: 0, lateCopies: 0, delayed: 0 };
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Distinct mutation ids sent per record: a record's version can never exceed this count. */
  readonly mutationsByRecord = new Map<string, Set<string>>();

  constructor(
    private readonly server: FetchLike,
    private readonly random: Prng,
    private readonly rates: FaultRates,
  ) {}

  get faults(): number {
    const c = this.counts;
    return c.droppedRequests + c.droppedAnswers + c.duplicatedRequests + c.lateCopies + c.delayed;
  }

  /** The fetch a phone uses. */
  readonly fetch: FetchLike = async (url, init) => {
    this.counts.requests += 1;
    this.notePush(url, init);
    if (!this.enabled) return this.server(url, init);
    const { random, rates, counts } = this;
    if (random.chance(rates.dropRequest)) {
      counts.droppedRequests += 1;
      throw new TypeError('Failed to fetch');
    }
    if (random.chance(rates.lateCopy)) {
      counts.lateCopies += 1;
      const delay = random.int(1, rates.maxDelayMs * 4);
      this.track(sleep(delay).then(() => this.server(url, init)));
    }
    if (random.chance(0.5)) {
      counts.delayed += 1;
      await sleep(random.int(0, rates.maxDelayMs));
    }
    if (random.chance(rates.duplicate)) {
      counts.duplicatedRequests += 1;
      // Both copies reach the server at about the same time; the phone sees one of the answers.
      const [first, second] = await Promise.all([this.server(url, init), this.server(url, init)]);
      return random.chance(0.5) ? first : second;
    }
    const response = await this.server(url, init);
    if (random.chance(rates.dropAnswer)) {
      counts.droppedAnswers += 1;
      throw new TypeError('network connection lost');
    }
    return response;
  };

  /** Waits for the late copies still on their way. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private notePush(url: string, init: RequestInit | undefined): void {
    if (!url.endsWith('/api/sync/push') || init?.body === undefined || init.body === null) return;
    // A large push arrives gzip-compressed (src/sync/api.ts).
    for (const mutation of (JSON.parse(bodyText(init.body)) as { mutations: { id: string; recordId: string }[] }).mutations) {
      const ids = this.mutationsByRecord.get(mutation.recordId) ?? new Set<string>();
      ids.add(mutation.id);
      this.mutationsByRecord.set(mutation.recordId, ids);
    }
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
