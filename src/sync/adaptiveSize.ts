// How much to put in one request on a link whose speed is not known: the pull's page size and the push's
// batch size. Big requests make a first sync fast (fewer round trips, fewer IndexedDB transactions); small
// ones get through a weak 3G link, where a request that fails must be made again whole. So the size
// starts at a default, doubles while answers come back quickly, up to what the server takes, and halves
// when one is slow.

/** An answer within this time may come from a request twice as big; one slower than SLOW_MS halves the next. */
const FAST_MS = 1_500;
const SLOW_MS = 6_000;

export interface SizeLimits {
  start: number;
  min: number;
  max: number;
}

export class AdaptiveSize {
  private size: number;
  private readonly min: number;
  /** What the server takes, or less once it refused a request as too big. */
  private ceiling: number;
  /** Size and ceiling before a run of 413s. */
  private beforeTooBig: { size: number; ceiling: number } | undefined;

  /** `fixed`: always this size (tests, or a caller that knows its link), except after `tooBig`. */
  constructor(limits: SizeLimits, private readonly fixed?: number) {
    this.size = fixed ?? limits.start;
    this.min = limits.min;
    this.ceiling = limits.max;
  }

  get current(): number {
    return this.size;
  }

  /** Time from sending a request to having its answer. */
  observe(ms: number): void {
    if (this.fixed !== undefined) return;
    if (ms < FAST_MS) this.size = Math.min(this.size * 2, this.ceiling);
    // Never above the ceiling, not even the minimum: a ceiling set by a 413 is below it only for a reason.
    else if (ms > SLOW_MS) this.size = Math.min(Math.max(Math.floor(this.size / 2), this.min), this.ceiling);
  }

  /**
   * The server refused a request of `sent` items as too big (413): the next is half of it, and the size
   * never grows back past that (it would only be refused again) until `oneWasTooBig`.
   */
  tooBig(sent: number): void {
    this.beforeTooBig ??= { size: this.size, ceiling: this.ceiling };
    this.size = Math.max(1, Math.ceil(sent / 2));
    this.ceiling = this.size;
  }

  /**
   * The 413s were one item too big on its own (it is set aside): the size and ceiling from before them
   * come back, so the rest does not go one item per request.
   */
  oneWasTooBig(): void {
    if (!this.beforeTooBig) return;
    ({ size: this.size, ceiling: this.ceiling } = this.beforeTooBig);
    this.beforeTooBig = undefined;
  }
}
