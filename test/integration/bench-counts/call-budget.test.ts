// Issue 6's call budget at small scale, so that a regression fails CI: the bench tier (2 cells,
// 20 infra groups, tenants of 2 clusters) at 50 tenants, built from empty by tiered and then
// planned again. Mutating calls of the cold converge and read calls of the no-op pass are
// asserted per operation against bench/read-floor.ts. No wall-clock assertions.
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

const INSTANCE = 'tiered';
const set = benchTier(50);
let aws: TestAws;
const factories: AwsClientFactory[] = [];
/** A fresh `tiered` process: no cached role credentials. */
const deps = () => {
  const factory = tieredAwsFor(aws.endpoint);
  factories.push(factory);
  return { factory, instanceId: INSTANCE };
};


let shape: TopologyShape;
let coldMutating: Record<string, number>;
let coldFailures: unknown[];
before(async () => {
  aws = await startTestAws();
  await bootstrapLocalAws(set, deps().factory);
  aws.proxy.resetCounters();
  const d = deps();
  const planned = await planTier(set, TIER, d);
  assert.ok(planned.ok, 'the empty tier is observed');
  const result = await applyTier(set, planned.plan, planned.observation.live, d);
  coldMutating = callsByOperation(aws.proxy, true);
  coldFailures = result.outcomes.filter((o) => o.status !== 'succeeded');
  shape = shapeOf(compileTopology(set, planned.placement, planned.observation.hints, { instanceId: INSTANCE }));
});
after(async () => {
  for (const f of factories) f.destroy();
  await aws?.stop();
});

test('cold converge of 50 tenants makes exactly one create per resource (and a target group its delay) and two DNS batches', () => {
  assert.deepEqual(coldFailures, []);
  assert.deepEqual(coldMutating, coldConvergeCalls(shape));
  // Spelled out too, so that a change of the workload or of the floor function shows here.
  // The 2 cells have one log group each: a CreateLogGroup and a PutRetentionPolicy apiece.
  assert.deepEqual(coldMutating, {
    ChangeResourceRecordSets: 2,
    CreateCluster: 100,
    CreateLogGroup: 2,
    CreateListener: 20,
    CreateLoadBalancer: 20,
    CreateRule: 50,
    CreateService: 100,
    CreateTargetGroup: 100,
    ModifyTargetGroupAttributes: 100,
    AddTags: 100,
    CreateVpcEndpoint: 20,
    PutRetentionPolicy: 2,
    RegisterTaskDefinition: 50,
  });
});

test('a no-op full pass over the built tier makes no mutating call and reads at the floor per operation', async () => {
  aws.proxy.resetCounters();
  const planned = await planTier(set, TIER, deps());
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.actions, []);
  assert.deepEqual(callsByOperation(aws.proxy, true), {});
  const reads = callsByOperation(aws.proxy, false);
  // moto pages GetResources at ~13 resources (docs/observe.md) and answers ListTaskDefinitions
  // in one page: those two are bounded, the rest exact. Target groups are read by ARN, 20 a call.
  const expected = readFloor(shape, { targetGroupPage: 20 });
  const { GetResources: pages, ListTaskDefinitions: listed, ...exact } = reads;
  const { GetResources: floorPages, ListTaskDefinitions: floorListed, ...expectedExact } = expected;
  assert.deepEqual(exact, expectedExact);
  assert.ok(listed !== undefined && floorListed !== undefined && listed <= floorListed, `ListTaskDefinitions ${listed} <= ${floorListed}`);
  // Each cell's sweep: ⌈tagged/100⌉ pages on AWS; moto's short pages make at most 10 times as many.
  assert.ok(pages !== undefined && floorPages !== undefined && pages >= floorPages && pages <= 10 * floorPages, `GetResources ${pages} for a floor of ${floorPages}`);
  assert.deepEqual(expectedExact, {
    AssumeRole: 2,
    DescribeClusters: 2,
    DescribeListeners: 20,
    DescribeLoadBalancers: 2,
    DescribeLogGroups: 2, // one log group per cell, found by its name as prefix
    DescribeScalableTargets: 2, // each cell's 50 services asked by resource id, 50 a call (none autoscales: no policy read)
    DescribeAlarms: 2, // each cell's alarms by name prefix: none here (the bench tier's alarms are off), one empty page
    DescribeRules: 20,
    DescribeSecurityGroups: 2,
    DescribeServices: 100,
    DescribeSubnets: 2,
    DescribeTags: 4,
    DescribeTargetGroups: 6,
    DescribeVpcEndpoints: 2,
    DescribeVpcs: 2,
    ListHostedZonesByName: 1,
    ListResourceRecordSets: 1,
  });
});
