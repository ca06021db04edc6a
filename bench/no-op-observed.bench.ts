// Issue 12's read budget: scenario 1's no-op full pass over a tier whose every service is
// autoscaled and every cluster alarmed (bench/tier-workload.ts OBSERVED), on a backend of its
// own. Observing the new kinds must stay batched: reads at the floor per operation
// (read-floor.ts, from AWS's page sizes), at most 3.0 reads a tenant, and at least 6 times fewer
// reads than one read per resource — how Terraform's provider refreshes — counted from the
// compiled topology.
import { compileTopology } from '../src/desired/topology/compile.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { listCounts } from './cold-converge.bench.js';
import { benchScale } from './bench-scale.js';
import { INSTANCE_ID, perOperation, runPass, startMotoTier } from './moto-tier.js';
import { readFloor, shapeOf, total } from './read-floor.js';
import { FULL_SCALE_TENANTS } from './tier-workload.js';

export const noOpObservedBench: BenchModule = {
  title: 'Scenario 1b: no-op full pass with autoscaling and alarms on (moto through the proxy)',
  async run() {
    const tenants = Math.round(FULL_SCALE_TENANTS * benchScale());
    // Its own backend points AWS_ENDPOINT_URL at itself: the shared one's is put back after.
    const shared = process.env.AWS_ENDPOINT_URL;
    const tier = await startMotoTier(tenants, tenants / FULL_SCALE_TENANTS, { observed: true });
    try {
      const built = await runPass(tier, { apply: true });
      if (built.apply?.converged !== true) throw new Error('bench: building the observed tier did not converge');
      tier.local.proxy.resetCounters();
      const pass = await runPass(tier, { apply: false });
      if (!pass.plan.ok) throw new Error('bench: the observed no-op pass did not plan');
      const { plan, placement, observation } = pass.plan;
      const topology = compileTopology(tier.set, placement, observation.hints, { instanceId: INSTANCE_ID });
      const floor = readFloor(shapeOf(topology));
      const reads = perOperation(tier, { mutating: false });
      // As the proxy counted them: it pages every list as AWS does (docs/aws-behaviour.md §4).
      const measured = total(reads);
      const perTenant = measured / tenants;
      // One refresh read per resource tiered manages, DNS records included.
      const perResource = topology.resources.length;
      const label = `${tenants}-tenants`;
      const actions = plan.actions.length + plan.conflicts.length;
      const figures: BenchFigure[] = [
        { name: `observed-no-op.${label}.plan-actions`, value: actions, unit: 'actions', target: '0', met: actions === 0 },
        {
          name: `observed-no-op.${label}.read-calls`, value: measured, unit: 'calls',
          target: `<= 1.1 x floor (${total(floor)})`, met: measured <= 1.1 * total(floor),
          note: listCounts(reads),
        },
        { name: `observed-no-op.${label}.reads-per-tenant`, value: round(perTenant, 2), unit: 'reads', target: '<= 3.0', met: perTenant <= 3.0 },
        {
          name: `observed-no-op.${label}.fewer-reads-than-one-per-resource`, value: round(perResource / measured, 2), unit: 'x',
          target: '>= 6 x', met: perResource / measured >= 6, note: `${perResource} resources in the topology, ${measured} reads`,
        },
      ];
      for (const op of ['DescribeScalableTargets', 'DescribeScalingPolicies', 'DescribeAlarms', 'DescribeLogGroups']) {
        const got = reads[op] ?? 0;
        figures.push({ name: `observed-no-op.${label}.reads.${op}`, value: got, unit: 'calls', target: `floor ${floor[op] ?? 0}`, met: got <= (floor[op] ?? 0) });
      }
      return figures;
    } finally {
      await tier.stop();
      if (shared === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = shared;
    }
  },
};
