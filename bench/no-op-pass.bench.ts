// Issue 6, scenario 1: a full plan pass over a built tier (1,000 tenants x 2 clusters, 20 infra
// groups, 2 cells at scale 1) as a fresh `tiered plan` process makes it: no mutating call, and
// read calls per operation, as the proxy counted them with AWS's page sizes (src/local/proxy/
// page-sizes.ts), against the floor AWS's batch limits allow (read-floor.ts), per tenant, and
// against Terraform's refresh, one read per managed resource of the compiled topology. The
// shared backend stays up for scenarios 2 and 5; bench/run.ts stops it.
import { compileTopology } from '../src/desired/topology/compile.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { listCounts } from './cold-converge.bench.js';
import { builtMotoTier, INSTANCE_ID, perOperation, runPass } from './moto-tier.js';
import { LATENCY } from './rate-model.js';
import { readFloor, shapeOf, total } from './read-floor.js';

/** How many times fewer reads than Terraform's refresh a no-op pass must make (issue 6). */
export const TERRAFORM_FACTOR_TARGET = 6;

function kindCounts(resources: readonly { readonly kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resources) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

export const noOpPassBench: BenchModule = {
  title: 'Scenario 1: no-op full pass (moto through the proxy)',
  async run() {
    const tier = await builtMotoTier();
    const proxy = tier.local.proxy;
    proxy.setFaults(LATENCY);
    proxy.resetCounters();
    const pass = await runPass(tier, { apply: false });
    proxy.clearFaults();
    if (!pass.plan.ok) throw new Error('bench: no-op pass did not plan');
    const { plan, placement, observation } = pass.plan;

    const desired = compileTopology(tier.set, placement, observation.hints, { instanceId: INSTANCE_ID });
    const shape = shapeOf(desired);
    const floor = readFloor(shape);
    const reads = perOperation(tier, { mutating: false });
    const mutating = total(perOperation(tier, { mutating: true }));
    const measured = total(reads);
    const floorTotal = total(floor);
    const perTenant = measured / tier.tenants;
    // `terraform plan` refreshes every resource in its state with at least one read of it (the
    // AWS provider reads each by its id); tiered's managed resources are the compiled topology's.
    const terraformReads = desired.resources.length;
    const terraformFactor = terraformReads / measured;
    const label = `${tier.tenants}-tenants`;
    const actions = plan.actions.length + plan.conflicts.length;

    const figures: BenchFigure[] = [
      { name: `no-op.${label}.mutating-calls`, value: mutating, unit: 'calls', target: '0', met: mutating === 0 },
      { name: `no-op.${label}.plan-actions`, value: actions, unit: 'actions', target: '0', met: actions === 0 },
      {
        name: `no-op.${label}.read-calls`,
        value: measured,
        unit: 'calls',
        target: `<= 1.1 x floor (${floorTotal}) = ${Math.floor(1.1 * floorTotal)}`,
        met: measured <= 1.1 * floorTotal,
        note: `${round(measured / floorTotal, 3)} x the floor; measured at AWS's page sizes, which the proxy enforces; wall ${round(pass.wallMs / 1000)} s at 25 ms a call`,
      },
      {
        name: `no-op.${label}.reads-per-tenant`,
        value: round(perTenant, 2),
        unit: 'reads',
        target: '<= 2.5',
        met: perTenant <= 2.5,
      },
      {
        name: `no-op.${label}.fewer-reads-than-terraform`,
        value: round(terraformFactor, 2),
        unit: 'x',
        target: `>= ${TERRAFORM_FACTOR_TARGET} x (Terraform: one read per managed resource)`,
        met: terraformFactor >= TERRAFORM_FACTOR_TARGET,
        note: `Terraform ${terraformReads} reads (the compiled topology's resources: ${listCounts(kindCounts(desired.resources))}), tiered ${measured}`,
      },
    ];
    const operations = [...new Set([...Object.keys(floor), ...Object.keys(reads)])].sort();
    for (const op of operations) {
      const got = reads[op] ?? 0;
      const want = floor[op] ?? 0;
      figures.push({
        name: `no-op.${label}.reads.${op}`,
        value: got,
        unit: 'calls',
        target: `floor ${want}`,
        met: got <= want,
        note:
          op === 'DescribeTargetGroups' && got > want
            ? 'tiered describes a cell\'s target groups by ARN, 20 a call, up to 400 of them, and lists the account in pages of 400 above that (src/live/observe-elbv2.ts)'
            : '',
      });
    }
    return figures;
  },
};
