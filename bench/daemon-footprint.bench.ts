// Issue 6, scenario 5: the daemon's footprint. Two measurements, of different things:
// - synthetic, 10,000 tenants: a child process holding what `tiered run` holds for a tier of
//   that size (daemon-footprint-child.ts), no AWS: moto cannot hold 10,000 tenants' resources
//   in a bench's time. RSS after GC between passes is the target's figure.
// - real, at the largest tier built (1,000 tenants at scale 1): the `tiered run` subprocess
//   scenario 2 left converged on moto, its RSS and its CPU over a window that is idle and
//   checked to have been (idle-window.ts), read from /proc.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { manifestSet } from '../test/support/manifest-builder.js';
import { keepDaemon, keptDaemon, startBenchDaemon, stopKeptDaemon, type BenchDaemon } from './bench-daemon.js';
import { idleWindow, type IdleWindow } from './idle-window.js';
import type { FootprintRun } from './daemon-footprint-child.js';
import { median, round, type BenchModule } from './figure.js';
import { builtMotoTier } from './moto-tier.js';
import { writeTierFiles } from './tier-files.js';
import { DOWNSTREAM, tenantName } from './tier-workload.js';

const execFileAsync = promisify(execFile);
const CHILD = fileURLToPath(new URL('./daemon-footprint-child.js', import.meta.url));
const SYNTHETIC_TENANTS = 10_000;
const IDLE_WINDOW_MS = 20_000;
/** Longer than the lease's renewal interval (8.5 s at the default 30 s lease), so the settle
 * period sees a renewal go by and nothing else. */
const SETTLE_MS = 10_000;
/** A pass of the whole tier takes about a minute at 1,000 tenants without the latency model. */
const QUIET_WITHIN_MS = 5 * 60_000;
const RSS_TARGET_MB = 300;
/** "~0": under 1% of one core. */
const IDLE_CPU_TARGET = 0.01;

/** Route 53 holds at most 100 weighted records a name, so one tier has at most 100 infra groups
 * of 50 tenants: 10,000 tenants x 2 clusters are 2 tiers of 10 cells of 10 infra groups. */
export const SYNTHETIC_TIERS = 2;

/** Child processes per figure: RSS after GC moves by +-15 MB from run to run (when V8 last
 * collected, what its unmapper has given back), so the figures are medians of 5, as scenario 4's. */
const SYNTHETIC_RUNS = 5;

async function syntheticRuns(): Promise<FootprintRun[]> {
  const builder = manifestSet();
  const perTier = SYNTHETIC_TENANTS / SYNTHETIC_TIERS;
  for (let t = 1; t <= SYNTHETIC_TIERS; t++) {
    const tier = `tier-${t}`;
    builder.tier(tier, { downstreams: [DOWNSTREAM], limits: { tenantsPerInfraGroup: 50, headroomPercent: 0 } });
    for (let c = 1; c <= perTier / 500; c++) builder.layout(tier, { [`cell-${c}`]: Array.from({ length: 10 }, (_, g) => `ig-${g + 1}`) });
    for (let i = 0; i < perTier; i++) builder.tenant(`${tenantName(i)}-${t}`, { tier, clusters: 2 });
  }
  const dir = await mkdtemp(join(tmpdir(), 'tiered-footprint-'));
  try {
    await writeTierFiles(dir, builder.build());
    const out: FootprintRun[] = [];
    // Not execFileSync: local AWS's proxy runs in this process, and a blocked event loop leaves
    // the daemon's lease renewals unanswered until the lease expires; taking it again starts a
    // full pass, which would fall in the idle window.
    for (let i = 0; i < SYNTHETIC_RUNS; i++) {
      const { stdout, stderr } = await execFileAsync(process.execPath, ['--expose-gc', CHILD, dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      if (stderr !== '') process.stderr.write(stderr);
      out.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as FootprintRun);
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function realDaemon(): Promise<BenchDaemon> {
  const kept = keptDaemon();
  if (kept !== undefined) return kept;
  const tier = await builtMotoTier();
  const daemon = await startBenchDaemon(tier, tier.set);
  keepDaemon(daemon);
  return daemon;
}

export const footprintBench: BenchModule = {
  title: 'Scenario 5: daemon footprint (tiered run: RSS, idle CPU)',
  async run() {
    const runs = await syntheticRuns();
    const synthetic = runs[0] as FootprintRun;
    const inPassRssMb = median(runs.map((r) => r.inPassRssMb));
    const betweenRssMb = median(runs.map((r) => r.betweenRssMb));
    const each = (pick: (r: FootprintRun) => number): string => `median of ${runs.length} child processes (${runs.map((r) => round(pick(r))).join(', ')})`;
    const daemon = await realDaemon();
    let idle: IdleWindow;
    try {
      idle = await idleWindow(daemon, { settleMs: SETTLE_MS, windowMs: IDLE_WINDOW_MS, quietWithinMs: QUIET_WITHIN_MS });
    } finally {
      // Measured: the scenarios after this one measure CPU, and a daemon left running would
      // spend it on its resyncs.
      await stopKeptDaemon();
    }
    for (const line of idle.before) console.log(`  daemon before the idle window: ${line}`);
    const { start, end, windowMs, leaseReads, leaseWrites } = idle;
    const idleCpuMs = end.cpuMs - start.cpuMs;
    const idleShare = idleCpuMs / windowMs;
    const label = `${synthetic.tenants / 1000}k-tenants`;
    const real = `${daemon.tenants}-tenants`;
    return [
      {
        name: `footprint.synthetic.${label}.rss-in-pass`,
        value: round(inPassRssMb),
        unit: 'MB',
        target: `< ${RSS_TARGET_MB} MB`,
        met: inPassRssMb < RSS_TARGET_MB,
        note: `${each((r) => r.inPassRssMb)}; synthetic, no AWS: a child process loading what tiered run loads (src/cli/run.ts: the AWS SDK clients, pino, the HTTP server), holding both tiers' passes at once (--concurrency 4 runs them side by side): the manifests loaded from ${synthetic.tenants} tenant files in ${SYNTHETIC_TIERS} tiers, the synthetic live state (${synthetic.liveResources} resources), the desired topology and the plan (${synthetic.actions} actions), after GC; JS heap ${round(synthetic.inPassHeapMb)} MB; peak RSS ${round(Math.max(...runs.map((r) => r.peakRssMb)))} MB also counts building the synthetic live state from a first compile, which the daemon never makes`,
      },
      {
        name: `footprint.synthetic.${label}.rss-between-passes`,
        value: round(betweenRssMb),
        unit: 'MB',
        target: `< ${RSS_TARGET_MB} MB`,
        met: betweenRssMb < RSS_TARGET_MB,
        note: `${each((r) => r.betweenRssMb)}; the same child a second after the passes (a pass drops the live state, topology and plan; the daemon keeps the manifests, the status store and the placement hints), after GC; JS heap ${round(synthetic.betweenHeapMb)} MB`,
      },
      {
        name: `footprint.real.${real}.rss`,
        value: round(end.rssMb),
        unit: 'MB',
        target: `< ${RSS_TARGET_MB} MB`,
        met: end.rssMb < RSS_TARGET_MB,
        note: `the tiered run subprocess against moto, converged on ${daemon.tenants} tenants (after scenario 2's passes), idle; /proc VmRSS, no forced GC; ${round(start.rssMb)} MB at the window's start`,
      },
      {
        name: `footprint.real.${real}.idle-cpu`,
        value: round(idleShare * 100, 2),
        unit: '% of a core',
        target: `~0 (< ${IDLE_CPU_TARGET * 100}%)`,
        met: idleShare < IDLE_CPU_TARGET,
        note: `${round(idleCpuMs)} ms of CPU (user + system, /proc/<pid>/stat, 10 ms ticks) over ${round(windowMs / 1000)} s; the window opened once /status showed no pass running, queued or waiting, no resync due before it closes, and the proxy had counted nothing but the lease table's upkeep (renewals, heartbeats, scans) for ${SETTLE_MS / 1000} s (${round(idle.waitedMs / 1000)} s of waiting); checked after: no pass started, no AWS call but the lease table's upkeep, nothing in the daemon's log (else the bench fails instead); /status not polled during it${idle.before.length > 0 ? `; the daemon meanwhile: ${idle.before.join('; ')}` : ''}`,
      },
      {
        name: `footprint.real.${real}.idle-lease-calls`,
        value: leaseReads + leaseWrites,
        unit: 'calls',
        target: 'measured (leader election on: the lease renewed and the heartbeat written while idle)',
        met: true,
        note: `over the ${round(windowMs / 1000)} s idle window: ${leaseReads} lease reads (balancing's scans of the table), ${leaseWrites} lease writes (renewals and heartbeats), no other AWS call`,
      },
    ];
  },
};
