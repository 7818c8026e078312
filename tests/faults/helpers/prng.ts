// A small seeded random generator (mulberry32): a failing seed replays the same faults in the same order,
// so it can be pinned as a regression seed (architecture.md, practice 10).
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A deterministic UUID-shaped id, so a replayed seed makes the same records. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** The seeds a run uses: the pinned ones always, and more (from FAULTS_SEED or the clock) in the long run. */
export function seedsFor(pinned: readonly number[], fastCount: number, longCount: number): number[] {
  if (process.env.FAULTS_SEED) return [Number(process.env.FAULTS_SEED)];
  if (!isLongRun()) return pinned.slice(0, fastCount);
  const extra = Array.from({ length: Math.max(0, longCount - pinned.length) }, (_, i) => (Date.now() + i * 7919) >>> 0);
  return [...pinned, ...extra];
}

export function isLongRun(): boolean {
  return Boolean(process.env.FAULTS_LONG);
}
