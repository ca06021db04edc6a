// Issue 14: moving 50 tenants of one infra group to another (docs/moves.md), at the 25 ms latency
// model with the rate limits on. A tier of one cell with two infra groups; 50 one-cluster tenants
// pinned to ig-1 are built, then their pins name ig-2 and passes run as `tiered apply --yes` runs
// them (one step a pass, maxConcurrent 50 so all move together; steps [10, 50, 100], 1 s bake,
// alias TTL 0) until no move is left. Measured from the proxy's counters: mutating calls per moved
// tenant against the minimum, derived from the topology apart from the code's own counts (each
// destination resource created once, one Route 53 change a step for the whole zone, each source
// resource deleted once), and the wall time against steps x bake.
import { performance } from 'node:perf_hooks';
import { createAwsClientFactory, type AwsClientFactory } from '../src/aws/clients.js';
import type { ManifestSet } from '../src/desired/model.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { place } from '../src/desired/placement/placement.js';
import type { DesiredResource } from '../src/desired/topology/resource.js';
import { applyTier } from '../src/engine/apply-tier.js';
import { planTier } from '../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../src/local/bootstrap.js';
import { startLocalAws } from '../src/local/local-aws.js';
import { TEST_CREDENTIALS } from '../test/support/test-clients.js';
import { manifestSet } from '../test/support/manifest-builder.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { listCounts } from './cold-converge.bench.js';
import { isMutating } from '../src/local/proxy/operation.js';
import { LATENCY, LATENCY_MS, RATE_LIMITS } from './rate-model.js';
import { accountCreateCalls, total, type OperationCounts } from './read-floor.js';

const TIER = 'tier-1';
const TENANTS = 50;
const STEPS = [10, 50, 100];
const BAKE_SECONDS = 1;
const MAX_PASSES = 40;

function tierSet(group: 'ig-1' | 'ig-2'): ManifestSet {
  const b = manifestSet()
    .tier(TIER, { limits: { tenantsPerInfraGroup: 100, headroomPercent: 0 }, migration: { steps: STEPS, bakeSeconds: BAKE_SECONDS, maxConcurrent: TENANTS } })
    .layout(TIER, { 'cell-1': ['ig-1', 'ig-2'] });
  for (let i = 0; i < TENANTS; i++) b.tenant(`m${String(i).padStart(3, '0')}`, { placement: { cell: 'cell-1', infraGroup: group } });
  return b.build();
}

/** The tenants' resources in one infra group, as the topology has them. */
function tenantResources(set: ManifestSet, group: string): readonly DesiredResource[] {
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS, { instanceId: 'tiered' });
  return desired.resources.filter((r) => r.owner.tenant !== undefined && r.owner.infraGroup === group);
}

function countKinds(rs: readonly DesiredResource[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

/** The fewest mutating calls of the move, from the topology: each destination resource created
 * (its create calls, bench/read-floor.ts), the zone's records in one change per dependency level
 * (ownership TXT, then alias) to make them, one change per step for the whole zone, and each
 * source resource deleted once (its records in two changes: aliases, then their TXT). */
function minimum(): OperationCounts {
  const dest = countKinds(tenantResources(tierSet('ig-2'), 'ig-2'));
  const source = countKinds(tenantResources(tierSet('ig-1'), 'ig-1'));
  const out: Record<string, number> = { ...accountCreateCalls(dest) };
  const add = (op: string, n: number) => (out[op] = (out[op] ?? 0) + n);
  add('ChangeResourceRecordSets', 2 + STEPS.length + 2);
  const deletes: Record<string, string> = {
    'listener-rule': 'DeleteRule', 'ecs-service': 'DeleteService', 'target-group': 'DeleteTargetGroup',
    'task-definition': 'DeregisterTaskDefinition', 'ecs-cluster': 'DeleteCluster',
  };
  for (const [kind, n] of Object.entries(source)) if (deletes[kind] !== undefined) add(deletes[kind], n);
  return out;
}

export const movesBench: BenchModule = {
  title: 'Scenario 7: moving 50 tenants of one infra group to another (live moves)',
  async run() {
    const local = await startLocalAws();
    process.env.AWS_ENDPOINT_URL = local.endpoint;
    const factories: AwsClientFactory[] = [];
    const fresh = (): AwsClientFactory => {
      process.env.AWS_ENDPOINT_URL = local.endpoint;
      const f = createAwsClientFactory({ credentials: async () => TEST_CREDENTIALS });
      factories.push(f);
      return f;
    };
    const pass = async (set: ManifestSet) => {
      const deps = { factory: fresh(), instanceId: 'tiered' };
      const planned = await planTier(set, TIER, deps, { moves: { ttlSeconds: 0 } });
      if (!planned.ok) throw new Error(`bench: the tier could not be observed: ${JSON.stringify(planned.errors)}`);
      const applied = planned.plan.actions.length > 0 ? await applyTier(set, planned.plan, planned.observation.live, deps) : undefined;
      if (applied !== undefined && !applied.converged) throw new Error('bench: a pass of the move did not converge');
      return planned.plan.moves ?? [];
    };
    try {
      const before = tierSet('ig-1');
      await bootstrapLocalAws(before, fresh());
      await pass(before);
      const after = tierSet('ig-2');
      const proxy = local.proxy;
      proxy.setRateLimits(RATE_LIMITS);
      proxy.setFaults(LATENCY);
      proxy.resetCounters();
      const start = performance.now();
      let passes = 0;
      let waitedMs = 0;
      for (; passes < MAX_PASSES; passes++) {
        const moves = await pass(after);
        if (moves.length === 0) break;
        if (moves.some((m) => m.state === 'rolled-back' || m.state === 'refused')) throw new Error(`bench: a move stopped: ${JSON.stringify(moves.find((m) => m.state === 'rolled-back' || m.state === 'refused'))}`);
        const next = Math.min(...moves.map((m) => (m.nextAt !== undefined ? Date.parse(m.nextAt) - Date.now() : 0)));
        if (next > 0) {
          waitedMs += next;
          await new Promise((r) => setTimeout(r, next));
        }
      }
      const wallMs = performance.now() - start;
      proxy.setRateLimits([]);
      proxy.clearFaults();
      if (passes >= MAX_PASSES) throw new Error(`bench: the moves did not end in ${MAX_PASSES} passes`);
      const mutating: Record<string, number> = {};
      for (const row of proxy.counters()) {
        if (row.outcome === 'rate-limited' || row.outcome === 'fault' || !isMutating(row.operation)) continue;
        mutating[row.operation] = (mutating[row.operation] ?? 0) + row.count;
      }
      const floor = minimum();
      const perTenant = total(mutating) / TENANTS;
      const floorPerTenant = total(floor) / TENANTS;
      const bakeMs = STEPS.length * BAKE_SECONDS * 1000;
      return [
        {
          name: 'moves.50-tenants.mutating-calls-per-tenant',
          value: round(perTenant, 2),
          unit: 'calls',
          target: `= minimum (${round(floorPerTenant, 2)} a tenant)`,
          met: perTenant <= floorPerTenant,
          note: `measured: ${listCounts(mutating)}; minimum: ${listCounts(floor)}; ${passes} passes`,
        },
        {
          name: 'moves.50-tenants.wall-time',
          value: round(wallMs / 1000, 2),
          unit: 's',
          target: `measured against steps x bake = ${bakeMs / 1000} s (at ${LATENCY_MS} ms a call, rate limits on)`,
          met: true,
          note: `${round((wallMs - bakeMs) / 1000, 2)} s beyond steps x bake; of the wall time, ${round(waitedMs / 1000, 2)} s were spent waiting for bakes between passes`,
        },
      ] satisfies BenchFigure[];
    } finally {
      for (const f of factories.splice(0)) f.destroy();
      await local.stop();
    }
  },
};
