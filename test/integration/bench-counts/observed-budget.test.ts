// Issue 12's read budget at small scale, so that a regression fails CI: the bench tier of
// call-budget.test.ts with every service autoscaled and every cluster alarmed (bench/tier-workload.ts
// OBSERVED), 50 tenants. The cold converge makes exactly one create per resource (log group:
// create and retention; alarm: PutMetricAlarm), and a no-op pass reads the new kinds at the floor
// bench/read-floor.ts derives from AWS's page sizes: DescribeScalableTargets ceil(services/50),
// DescribeScalingPolicies ceil(policies/10), DescribeAlarms ceil(alarms/100), DescribeLogGroups 1,
// per cell. No wall-clock assertions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { applyTier } from '../../../src/engine/apply-tier.js';
import { planTier } from '../../../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { coldConvergeCalls, readFloor, shapeOf, type TopologyShape } from '../../../bench/read-floor.js';
import { benchTier, TIER } from '../../../bench/tier-workload.js';
import { startTestAws, type TestAws } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';
import { callsByOperation } from '../../support/proxy-counts.js';

const set = benchTier(50, { observed: true });
let aws: TestAws;
const factories: AwsClientFactory[] = [];
const deps = () => {
  const factory = tieredAwsFor(aws.endpoint);
  factories.push(factory);
  return { factory, instanceId: 'tiered' };
};


let shape: TopologyShape;
let coldMutating: Record<string, number>;
before(async () => {
  aws = await startTestAws();
  await bootstrapLocalAws(set, deps().factory);
  aws.proxy.resetCounters();
  const d = deps();
  const planned = await planTier(set, TIER, d);
  assert.ok(planned.ok);
  const result = await applyTier(set, planned.plan, planned.observation.live, d);
  assert.deepEqual(result.outcomes.filter((o) => o.status !== 'succeeded'), []);
  coldMutating = callsByOperation(aws.proxy, true);
  shape = shapeOf(compileTopology(set, planned.placement, planned.observation.hints, { instanceId: 'tiered' }));
});
after(async () => {
  for (const f of factories) f.destroy();
  await aws?.stop();
});

test('cold converge with autoscaling and alarms on makes exactly one create per resource', () => {
  assert.deepEqual(coldMutating, coldConvergeCalls(shape));
  // 100 services: 100 targets, 200 policies, 500 alarms (5 a cluster); 2 cells, 2 log groups.
  assert.deepEqual(
    [coldMutating['RegisterScalableTarget'], coldMutating['PutScalingPolicy'], coldMutating['PutMetricAlarm'], coldMutating['CreateLogGroup']],
    [100, 200, 500, 2],
  );
});

test('a no-op pass reads the new kinds at their floor, and every other operation as before', async () => {
  aws.proxy.resetCounters();
  const planned = await planTier(set, TIER, deps());
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.actions, []);
  assert.deepEqual(planned.plan.degraded, []);
  assert.deepEqual(callsByOperation(aws.proxy, true), {});
  const reads = callsByOperation(aws.proxy, false);
  const floor = readFloor(shape, { targetGroupPage: 20 });
  // moto's GetResources and ListTaskDefinitions pages are not AWS's (call-budget.test.ts).
  const { GetResources: _pages, ListTaskDefinitions: _listed, ...exact } = reads;
  const { GetResources: _floorPages, ListTaskDefinitions: _floorListed, ...expectedExact } = floor;
  assert.deepEqual(exact, expectedExact);
  // Per cell (50 services, 100 policies, 250 alarms): 1, 10, 3 — twice.
  assert.deepEqual(
    [exact['DescribeScalableTargets'], exact['DescribeScalingPolicies'], exact['DescribeAlarms'], exact['DescribeLogGroups']],
    [2, 20, 6, 2],
  );
});
