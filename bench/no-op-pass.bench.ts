// Issue 6, scenario 1: a full plan pass over a built tier (1,000 tenants x 2 clusters, 20 infra
// groups, 2 cells at scale 1) as a fresh `tiered plan` process makes it: no mutating call, and
// read calls per operation against the floor AWS's batch limits allow (read-floor.ts), per
// tenant, and against the Terraform anchor of 15 reads per tenant. The shared backend stays up
// for scenarios 2 and 5; bench/run.ts stops it.
import { compileTopology } from '../src/desired/topology/compile.js';
import type { ResourceKind } from '../src/desired/topology/resource.js';
import type { LiveResource } from '../src/plan/live-resource.js';
import { round, type BenchFigure, type BenchModule } from './figure.js';
import { listCounts } from './cold-converge.bench.js';
import { builtMotoTier, INSTANCE_ID, perOperation, runPass } from './moto-tier.js';
import { LATENCY } from './rate-model.js';
import { AWS_PAGE, readFloor, shapeOf, sweptIn, total } from './read-floor.js';

/** terraform plan (refresh on): 15 reads per tenant of this shape (issue 6, "The anchor"). */
export const TERRAFORM_READS_PER_TENANT = 15;

/** Read calls as AWS would page them: moto ends a GetResources page every ~13 resources
 * (docs/observe.md), AWS at 100; moto answers ListTaskDefinitions in one page whatever
 * maxResults says, AWS at 100. The sweep's resources, as observed, in AWS's pages. */
export function awsPagedReads(reads: Readonly<Record<string, number>>, live: readonly LiveResource[]) {
  const swept = new Map<string, Partial<Record<ResourceKind, number>>>();
  for (const r of live) {
    if (r.ownership !== 'ours' || r.account === undefined) continue;
    const counts = swept.get(r.account) ?? {};
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    swept.set(r.account, counts);
  }
  const awsPages = [...swept.values()].reduce((n, c) => n + Math.ceil(sweptIn(c) / AWS_PAGE.getResources), 0);
  const awsTaskDefinitionPages = [...swept.values()].reduce((n, c) => n + Math.ceil((c['task-definition'] ?? 0) / AWS_PAGE.listTaskDefinitions), 0);
  const atAwsPaging: Record<string, number> = {
    ...reads,
    GetResources: awsPages,
    ListTaskDefinitions: Math.max(reads['ListTaskDefinitions'] ?? 0, awsTaskDefinitionPages),
  };
  return { atAwsPaging, awsPages, awsTaskDefinitionPages, motoPages: reads['GetResources'] ?? 0 };
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

    const shape = shapeOf(compileTopology(tier.set, placement, observation.hints, { instanceId: INSTANCE_ID }));
    const floor = readFloor(shape);
    const reads = perOperation(tier, { mutating: false });
    const mutating = total(perOperation(tier, { mutating: true }));
    const { atAwsPaging, awsPages, awsTaskDefinitionPages, motoPages } = awsPagedReads(reads, observation.live.resources);
    const measured = total(atAwsPaging);
    const floorTotal = total(floor);
    const perTenant = measured / tier.tenants;
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
        note: `${round(measured / floorTotal, 3)} x the floor; GetResources and ListTaskDefinitions counted at AWS's page of 100 (${awsPages}, ${awsTaskDefinitionPages}); moto's own pages: ${motoPages}, total as moto answered ${total(reads)}; wall ${round(pass.wallMs / 1000)} s at 25 ms a call`,
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
        value: round(TERRAFORM_READS_PER_TENANT / perTenant, 2),
        unit: 'x',
        target: '>= 6 x (Terraform: 15 reads per tenant)',
        met: TERRAFORM_READS_PER_TENANT / perTenant >= 6,
        note: `Terraform ${TERRAFORM_READS_PER_TENANT * tier.tenants} reads, tiered ${measured}`,
      },
    ];
    const operations = [...new Set([...Object.keys(floor), ...Object.keys(atAwsPaging)])].sort();
    for (const op of operations) {
      const got = atAwsPaging[op] ?? 0;
      const want = floor[op] ?? 0;
      figures.push({
        name: `no-op.${label}.reads.${op}`,
        value: got,
        unit: 'calls',
        target: `floor ${want}`,
        met: got <= want,
        note:
          op === 'GetResources'
            ? `at AWS's page of 100; moto answered in ${motoPages} pages`
            : op === 'ListTaskDefinitions'
              ? `at AWS's page of 100; moto answered in ${reads[op] ?? 0}`
              : op === 'DescribeTargetGroups' && got > want
              ? 'tiered reads target groups by ARN, 20 a call; the floor lists each account in pages of 400'
              : '',
      });
    }
    figures.push({
      name: `no-op.${label}.reads.all-operations`,
      value: total(reads),
      unit: 'calls',
      target: 'as moto answered',
      met: true,
      note: listCounts(reads),
    });
    return figures;
  },
};
