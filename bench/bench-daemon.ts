// `tiered run` as the daemon-mode scenarios run it: a subprocess watching a manifest directory,
// pointed at a bench backend through AWS_ENDPOINT_URL (not --local: the bench owns the backend
// and its rate model), one replica with leader election on, as deployed (the default): its lease
// table lives in the bench's moto, so the lease reads and writes are counted with the rest.
// Scenario 2 leaves the daemon it ran at the shared tier's size running, so scenario 5 measures
// that same process idle.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { leaseTableClientOf } from '../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../src/controller/leases/lease-table.js';
import { DEFAULT_LEASE_TABLE } from '../src/controller/run-options.js';
import type { ManifestSet } from '../src/desired/model.js';
import { backendEnv, startDaemon, type DaemonProcess, type StatusJson } from '../test/support/daemon-process.js';
import type { MotoTier } from './moto-tier.js';
import { writeTierFiles } from './tier-files.js';
import { TIER } from './tier-workload.js';

export interface BenchDaemon {
  readonly process: DaemonProcess;
  readonly dir: string;
  readonly tier: MotoTier;
  /** Tenants in the manifests the daemon holds now. */
  tenants: number;
  stop(): Promise<void>;
}

/** A first full pass over 1,000 tenants takes about a minute against moto. */
const CONVERGE_MS = 15 * 60_000;

/** Writes `set` into a fresh directory and starts `tiered run` on it; resolves once converged. */
export async function startBenchDaemon(tier: MotoTier, set: ManifestSet): Promise<BenchDaemon> {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-bench-'));
  await writeTierFiles(dir, set);
  const factory = tier.freshFactory();
  try {
    await ensureLeaseTable(leaseTableClientOf(factory.clients({ region: 'us-east-1' }).dynamodb), DEFAULT_LEASE_TABLE, { pollMs: 100 });
  } finally {
    factory.destroy();
  }
  const process = startDaemon(['--manifests', dir, '--lease-table', DEFAULT_LEASE_TABLE], backendEnv(tier.local.endpoint));
  const daemon: BenchDaemon = {
    process,
    dir,
    tier,
    tenants: set.tenants.length,
    async stop() {
      await process.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await untilConverged(daemon, (s) => s.inForce !== null);
  } catch (error) {
    await daemon.stop();
    throw error;
  }
  return daemon;
}

/** Waits until /status says the tier converged on a revision that `also` accepts. */
export function untilConverged(daemon: BenchDaemon, also: (s: StatusJson) => boolean): Promise<StatusJson> {
  return daemon.process.until(
    'the tier converged',
    async () => {
      const s = await daemon.process.status();
      const tier = s.tiers[TIER];
      if (tier?.lastPass?.result === 'failed') throw new Error(`bench: a daemon pass failed: ${tier.errors.join('; ')}`);
      return s.converged && tier?.lastPass?.revision === s.inForce && also(s) ? s : undefined;
    },
    CONVERGE_MS,
  );
}

let kept: BenchDaemon | undefined;

export function keepDaemon(daemon: BenchDaemon): void {
  kept = daemon;
}

export function keptDaemon(): BenchDaemon | undefined {
  return kept;
}

export async function stopKeptDaemon(): Promise<void> {
  const d = kept;
  kept = undefined;
  await d?.stop();
}

export interface ProcessSample {
  readonly rssMb: number;
  /** user + system CPU time so far, ms. */
  readonly cpuMs: number;
}

/** RSS and CPU time of a process, from /proc (Linux). */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // Fields after the parenthesised command: utime and stime are the 12th and 13th, in ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: rssKb / 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS };
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS = 100;
