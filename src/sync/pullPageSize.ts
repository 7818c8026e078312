// How many records to ask for per pull page. Big pages make a first download fast (fewer requests and
// fewer IndexedDB transactions: a commune of 60,000 records in 30 pages instead of 120); small pages get
// through a weak 3G link, where a page that fails must be fetched again whole. So the size starts at the
// protocol's default and doubles while pages come back quickly, up to the server's maximum, and halves
// when one is slow.
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from '../shared/protocol';

/** A page answered within this time may be twice as big; one slower than SLOW_MS halves the next. */
const FAST_MS = 1_500;
const SLOW_MS = 6_000;
const MIN_LIMIT = 100;

export class PullPageSize {
  private size: number;

  /** `fixed`: always this size (tests, or a caller that knows its link). */
  constructor(private readonly fixed?: number) {
    this.size = fixed ?? PULL_DEFAULT_LIMIT;
  }

  get current(): number {
    return this.size;
  }

  /** Time from asking for a page to having it parsed. */
  observe(ms: number): void {
    if (this.fixed !== undefined) return;
    if (ms < FAST_MS) this.size = Math.min(this.size * 2, PULL_MAX_LIMIT);
    else if (ms > SLOW_MS) this.size = Math.max(Math.floor(this.size / 2), MIN_LIMIT);
  }
}
