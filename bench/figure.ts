// What a bench module reports, and the small measuring helpers they share.
import { performance } from 'node:perf_hooks';

export interface BenchFigure {
  /** Stable id, e.g. `placement.spread.10k-tenants.200-infra-groups`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target in words, e.g. `< 1000 ms`. */
  readonly target: string;
  readonly met: boolean;
  readonly note?: string;
}

/** A bench module: `bench/run.ts` lists them and runs each in turn. */
export interface BenchModule {
  readonly title: string;
  run(): Promise<BenchFigure[]>;
}

export interface Timing {
  /** Median wall time of the measured runs, ms. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median CPU time (user + system) of the measured runs, ms. */
  readonly cpuMs: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `fn` once to warm up, then `runs` times measured. */
export function measure(runs: number, fn: () => void): Timing {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { medianMs: median(wall), minMs: Math.min(...wall), maxMs: Math.max(...wall), cpuMs: median(cpu), runs };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
