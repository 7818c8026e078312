// Small statistics and machine facts for the benchmark's figures.
import os from 'node:os';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/**
 * A fixed single-thread workload (100,000 rows through JSON and a sort), median ms of 5. This machine's
 * speed drifts by a third within minutes and more between days; timed at the start and the end of a run,
 * it tells how fast the machine was, so runs of different days can be set side by side. Higher is slower.
 */
export function yardstickMs(runs = 5): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    let seed = 57;
    const rows = Array.from({ length: 100_000 }, (_, id) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return { id, name: `Nguyễn Văn ${seed.toString(36)}`, year: 1940 + (seed % 80) };
    });
    const copy = JSON.parse(JSON.stringify(rows)) as typeof rows;
    copy.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    times.push(performance.now() - start);
  }
  return round(median(times));
}

/** One measured figure beside its goal from budgets.md. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  /** true when the goal is met; absent when there is no goal. */
  withinGoal?: boolean;
  /** value of a plain baseline measured in the same run, and value / baseline. */
  baseline?: { name: string; value: number; ratio: number };
  note?: string;
  /** Each run's value when `value` is their median. */
  runs?: number[];
}
