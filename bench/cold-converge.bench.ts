// Issue 6, scenario 3: cold converge of the whole tier (1,000 tenants at scale 1) from empty
// accounts, under the proxy's rate model (25 ms a call, per-account token buckets). Wall time
// against the floor the buckets set for the topology's minimum mutating calls (rate-model.ts:
// from the compiled topology and the limits, not from the calls tiered made); every mutating
// call against the minimum; no throttling error may reach the user (the SDK and the reconcilers
// absorb the refusals).
import { performance } from 'node:perf_hooks';
import type { DesiredResource, DesiredTopology } from '../src/desired/topology/resource.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { markBuilt, motoTier, perOperation, runPass, type MotoTier } from './moto-tier.js';
import { LATENCY, LATENCY_MS, minimumRateFloor, RATE_LIMITS, rateFloor } from './rate-model.js';
import { coldConvergeCalls, shapeOf, total, type OperationCounts } from './read-floor.js';

const THROTTLE_CODES = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded', 'TooManyRequestsException']);

export function listCounts(counts: OperationCounts): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}

/** moto's own time per call at this size: sequential look-ups by name, no latency, no limits. */
async function motoPerCallMs(tier: MotoTier, desired: DesiredTopology, calls = 40): Promise<number> {
  const first = (kind: DesiredResource['kind']) => desired.resources.find((r) => r.kind === kind);
  const tg = first('target-group');
  const cluster = first('ecs-cluster');
  if (tg?.scope.kind !== 'account' || cluster?.scope.kind !== 'account') throw new Error('bench: no target group or cluster to time moto with');
  const aws = tier.freshFactory().clients({ region: tg.scope.region, roleArn: tg.scope.roleArn });
  const clusterName = cluster.spec['name'];
  const tgName = tg.spec['name'];
  if (typeof clusterName !== 'string' || typeof tgName !== 'string') throw new Error('bench: unnamed target group or cluster');
  await aws.ecs.describeClusters([clusterName]); // credentials first
  const start = performance.now();
  for (let i = 0; i < calls / 2; i++) {
    await aws.elbv2.describeTargetGroups({ names: [tgName] });
    await aws.ecs.describeClusters([clusterName]);
  }
  return (performance.now() - start) / calls;
}

export const coldConvergeBench: BenchModule = {
  title: 'Scenario 3: cold converge (moto through the proxy, rate-limited)',
  async run() {
    const tier = await motoTier();
    const proxy = tier.local.proxy;
    proxy.setRateLimits(RATE_LIMITS);
    proxy.setFaults(LATENCY);
    proxy.resetCounters();
    const pass = await runPass(tier, { apply: true });
    markBuilt();
    const rows = proxy.counters();
    const errored = proxy.calls({ outcome: 'error', mutating: true });
    proxy.setRateLimits([]);
    proxy.clearFaults();
    if (!pass.plan.ok || pass.apply === undefined) throw new Error('bench: cold converge did not plan');

    const desired = compileTopology(tier.set, pass.plan.placement, pass.plan.observation.hints, { instanceId: 'tiered' });
    const shape = shapeOf(desired);
    const floors = minimumRateFloor(shape, RATE_LIMITS);
    const spent = rateFloor(rows, RATE_LIMITS)[0];
    const slowest = floors[0];
    const floorS = slowest?.seconds ?? 0;
    const wallS = pass.wallMs / 1000;
    const refused = rows.filter((r) => r.outcome === 'rate-limited').reduce((n, r) => n + r.count, 0);
    const failed = pass.apply.outcomes.filter((o) => o.status !== 'succeeded');
    const throttledFailures = failed.filter((o) => o.error?.code !== undefined && THROTTLE_CODES.has(o.error.code));
    const mutating = perOperation(tier, { mutating: true });
    const erroredMutating: Record<string, number> = {};
    for (const c of errored) erroredMutating[`${c.operation} ${c.errorCode ?? '?'}`] = (erroredMutating[`${c.operation} ${c.errorCode ?? '?'}`] ?? 0) + 1;
    const minimum = coldConvergeCalls(shape);
    const readsByOperation = perOperation(tier, { mutating: false });
    const reads = total(readsByOperation);
    const motoMs = await motoPerCallMs(tier, desired);
    const allCalls = total(mutating) + reads;
    const motoFloorS = (allCalls * motoMs) / 1000;
    const label = `${tier.tenants}-tenants`;
    const figures: BenchFigure[] = [
      {
        name: `cold-converge.${label}.wall`,
        value: round(wallS),
        unit: 's',
        target: `<= 1.25 x rate floor (${round(floorS)} s) = ${round(1.25 * floorS)} s`,
        met: wallS <= 1.25 * floorS,
        note:
          `${round(wallS / Math.max(floorS, 1e-9), 2)} x the floor; the floor: the topology's minimum creates per bucket, (calls - burst) / rate, slowest bucket ${slowest?.bucket ?? 'none'} (${slowest?.calls ?? 0} creates at least); ` +
          `next ${floors.slice(1, 3).map((f) => `${f.bucket} ${round(f.seconds)} s`).join(', ')}; ` +
          `the calls tiered made (reads too) needed ${round(spent?.seconds ?? 0)} s in ${spent?.bucket ?? 'no bucket'} (${spent?.calls ?? 0} calls); ` +
          `${LATENCY_MS} ms latency a call; ${refused} calls refused by the buckets and retried; ` +
          `moto serialises calls: ${allCalls} calls x ${round(motoMs)} ms = ${round(motoFloorS)} s of moto time`,
      },
      {
        name: `cold-converge.${label}.moto-ms-per-call`,
        value: round(motoMs),
        unit: 'ms',
        target: 'measured (moto is a bottleneck when calls x this > the rate floor)',
        met: true,
        note: `sequential DescribeTargetGroups/DescribeClusters by name at this size, no latency`,
      },
      {
        name: `cold-converge.${label}.throttling-errors-surfaced`,
        value: throttledFailures.length,
        unit: 'actions',
        target: '0',
        met: throttledFailures.length === 0,
        note: `${pass.apply.outcomes.length} actions, ${failed.length} not succeeded; converged: ${pass.apply.converged}`,
      },
      {
        name: `cold-converge.${label}.mutating-calls`,
        value: total(mutating),
        unit: 'calls',
        target: `= minimum (${total(minimum)})`,
        met: listCounts(mutating) === listCounts(minimum),
        note:
          `measured: ${listCounts(mutating)}; minimum: ${listCounts(minimum)}; answered by moto with an error: ${listCounts(erroredMutating) || 'none'}`,
      },
      {
        name: `cold-converge.${label}.read-calls`,
        value: reads,
        unit: 'calls',
        target: 'measured (the observe of empty accounts and the probes of missing names)',
        met: true,
        note: listCounts(readsByOperation),
      },
    ];
    return figures;
  },
};
