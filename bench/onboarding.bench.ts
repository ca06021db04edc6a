// Issue 6, scenario 2: onboarding one tenant in daemon mode. `tiered run` watches a manifest
// directory of the built tier (100 tenants on a backend of its own, then the shared tier of
// scenarios 1 and 3); once it is converged, the proxy's rate model goes on, the counters are
// reset and one new tenant file is written. The pass that file triggers is measured: its reads
// (they must not grow with the tier), its mutating calls against the minimum for one tenant,
// and the time from the write to the last mutating call, from the proxy's call log.
import { writeFile } from 'node:fs/promises';
import type { ManifestSet } from '../src/desired/model.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { place } from '../src/desired/placement/placement.js';
import { keepDaemon, startBenchDaemon, untilConverged, type BenchDaemon } from './bench-daemon.js';
import { listCounts } from './cold-converge.bench.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { builtMotoTier, perOperation, runPass, startMotoTier, type MotoTier } from './moto-tier.js';
import { LATENCY, LATENCY_MS, RATE_LIMITS } from './rate-model.js';
import { coldConvergeCalls, shapeOf, total, type OperationCounts } from './read-floor.js';
import { tenantFile, tenantPath } from './tier-files.js';
import { CELLS, INFRA_GROUPS_PER_CELL } from './tier-workload.js';

const SMALL_TIER = 100;
const NEW_TENANT = 'new-tenant';
const READ_TARGET = 20;
const LATENCY_TARGET_MS = 5000;
/** benchTier's cap: 50 tenants an infra group, 0 headroom. */
const CAPACITY = CELLS * INFRA_GROUPS_PER_CELL * 50;

interface Onboarded {
  readonly present: number;
  readonly newTenant: string;
  /** AWS calls of the pass, the lease table's apart. */
  readonly reads: OperationCounts;
  readonly mutating: OperationCounts;
  readonly leaseReads: OperationCounts;
  readonly leaseWrites: OperationCounts;
  readonly minimum: OperationCounts;
  readonly writeToLastMutationMs: number;
  readonly writeToConvergedMs: number;
  readonly refused: number;
}

/** The creates one new tenant needs (read-floor.ts), from the desired topology of `set`. */
function minimumFor(set: ManifestSet, tenant: string): OperationCounts {
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS, { instanceId: 'tiered' });
  return coldConvergeCalls(shapeOf({ ...desired, resources: desired.resources.filter((r) => r.owner.tenant === tenant) }));
}

async function onboardOne(daemon: BenchDaemon, set: ManifestSet): Promise<Onboarded> {
  const proxy = daemon.tier.local.proxy;
  const before = await daemon.process.status();
  const newTenant = NEW_TENANT;
  const added: ManifestSet = { ...set, tenants: [...set.tenants, { ...(set.tenants[0] as ManifestSet['tenants'][number]), name: newTenant }] };
  proxy.setRateLimits(RATE_LIMITS);
  proxy.setFaults(LATENCY);
  proxy.resetCounters();
  const writtenAt = Date.now();
  try {
    await writeFile(tenantPath(daemon.dir, newTenant), tenantFile(added.tenants.at(-1) as ManifestSet['tenants'][number]));
    await untilConverged(daemon, (s) => s.inForce !== before.inForce);
  } finally {
    proxy.setRateLimits([]);
    proxy.clearFaults();
  }
  const convergedAt = Date.now();
  daemon.tenants += 1;
  const mutatingCalls = proxy.calls({ mutating: true }).filter((c) => c.service !== 'dynamodb' && (c.outcome === 'ok' || c.outcome === 'error'));
  const lastMutation = Math.max(...mutatingCalls.map((c) => c.at));
  const refused = proxy.counters().filter((r) => r.outcome === 'rate-limited').reduce((n, r) => n + r.count, 0);
  return {
    present: set.tenants.length,
    newTenant,
    reads: perOperation(daemon.tier, { mutating: false, notService: 'dynamodb' }),
    mutating: perOperation(daemon.tier, { mutating: true, notService: 'dynamodb' }),
    leaseReads: perOperation(daemon.tier, { mutating: false, service: 'dynamodb' }),
    leaseWrites: perOperation(daemon.tier, { mutating: true, service: 'dynamodb' }),
    minimum: minimumFor(added, newTenant),
    writeToLastMutationMs: lastMutation - writtenAt,
    writeToConvergedMs: convergedAt - writtenAt,
    refused,
  };
}

function figures(label: string, o: Onboarded): BenchFigure[] {
  const reads = total(o.reads);
  return [
    {
      name: `onboarding.${label}.read-calls`,
      value: reads,
      unit: 'calls',
      target: `<= ${READ_TARGET}`,
      met: reads <= READ_TARGET,
      note: `the pass the new tenant's file triggered, ${o.present} tenants in the tier before it: ${listCounts(o.reads) || 'none'}`,
    },
    {
      name: `onboarding.${label}.mutating-calls`,
      value: total(o.mutating),
      unit: 'calls',
      target: `= minimum for one tenant (${total(o.minimum)})`,
      met: listCounts(o.mutating) === listCounts(o.minimum),
      note: `measured: ${listCounts(o.mutating)}; minimum: ${listCounts(o.minimum)}`,
    },
    {
      name: `onboarding.${label}.lease-reads`,
      value: total(o.leaseReads),
      unit: 'calls',
      target: 'measured (leader election on; the lease table in moto)',
      met: true,
      note: `DynamoDB reads of the lease table from the file write to convergence: ${listCounts(o.leaseReads) || 'none'}; lease writes (renewals, heartbeats): ${listCounts(o.leaseWrites) || 'none'}; ${total(o.mutating)} mutating AWS calls in the pass`,
    },
    {
      name: `onboarding.${label}.write-to-last-mutation`,
      value: round(o.writeToLastMutationMs / 1000, 2),
      unit: 's',
      target: `<= ${LATENCY_TARGET_MS / 1000} s at ${LATENCY_MS} ms a call`,
      met: o.writeToLastMutationMs <= LATENCY_TARGET_MS,
      note: `from the file write to the last mutating call's answer (proxy call log); includes the directory source's 250 ms debounce; /status said converged after ${round(o.writeToConvergedMs / 1000, 2)} s (polled every 200 ms); ${o.refused} calls refused by the buckets`,
    },
  ];
}

/** The daemon on `tier`, with room for one more tenant: a tier at its capacity starts with one fewer. */
async function daemonWithRoom(tier: MotoTier): Promise<{ daemon: BenchDaemon; set: ManifestSet }> {
  const set = tier.tenants >= CAPACITY ? { ...tier.set, tenants: tier.set.tenants.slice(0, -1) } : tier.set;
  return { daemon: await startBenchDaemon(tier, set), set };
}

export const onboardingBench: BenchModule = {
  title: 'Scenario 2: onboarding one tenant (tiered run, a manifest file written)',
  async run() {
    const out: BenchFigure[] = [];
    const small = await startMotoTier(SMALL_TIER);
    try {
      const pass = await runPass(small, { apply: true });
      if (pass.apply?.converged !== true) throw new Error('bench: building the 100-tenant tier did not converge');
      const { daemon, set } = await daemonWithRoom(small);
      try {
        out.push(...figures(`into-${SMALL_TIER}`, await onboardOne(daemon, set)));
      } finally {
        await daemon.stop();
      }
    } finally {
      await small.stop();
    }

    const tier = await builtMotoTier();
    const { daemon, set } = await daemonWithRoom(tier);
    const full = set.tenants.length < tier.set.tenants.length;
    const onboarded = await onboardOne(daemon, set);
    keepDaemon(daemon);
    const label = `into-${tier.tenants}`;
    const measured = figures(label, onboarded).map((f) =>
      full ? { ...f, note: `${f.note}; the tier is full at ${CAPACITY} (50 an infra group: 100 target groups an ALB), so the daemon started on ${set.tenants.length} and the new tenant is the ${CAPACITY}th` } : f,
    );
    const smallReads = out.find((f) => f.name.endsWith('read-calls'))?.value ?? 0;
    const bigReads = total(onboarded.reads);
    out.push(...measured, {
      name: `onboarding.reads-independent-of-size`,
      value: bigReads - smallReads,
      unit: 'calls',
      target: `0 (reads into ${tier.tenants} - reads into ${SMALL_TIER})`,
      met: bigReads === smallReads,
      note: `${smallReads} at ${SMALL_TIER} tenants, ${bigReads} at ${tier.tenants}`,
    });
    return out;
  },
};
