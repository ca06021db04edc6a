import { beforeEach, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import type { DesiredTopology } from '../../../src/desired/topology/resource.js';
import { completeObservation } from '../../../src/live/complete-observation.js';
import { observeTier } from '../../../src/live/observe-tier.js';
import { cutToScope } from '../../../src/live/scope.js';
import type { TierObservation } from '../../../src/live/types.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { diff } from '../../../src/plan/diff.js';
import { buildLiveTier } from '../../support/build-live-tier.js';
import { withLocalAws } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';
import { placeAll, smallSet as fixtureSet, tenant } from '../../support/topology-fixtures.js';
import type { Tenant } from '../../../src/desired/model.js';

/** The fixture set with plain HTTP listeners: moto refuses certificates ACM does not hold. */
function smallSet(list: readonly Tenant[]): ManifestSet {
  const set = fixtureSet(list);
  return { ...set, infraGroups: set.infraGroups.map((g) => ({ ...g, spec: { ...g.spec, listener: { protocol: 'HTTP' as const, port: 80 } } })) };
}

const aws = withLocalAws();
let factory: AwsClientFactory;
const INSTANCE = 'tiered';
const ROLE = 'arn:aws:iam::111111111111:role/tiered';

beforeEach(() => {
  factory ??= tieredAwsFor(aws.endpoint);
});
after(() => factory?.destroy());

const tenants = (n: number) => Array.from({ length: n }, (_, i) => tenant(`t${String(i).padStart(3, '0')}`, 2));

/** Bootstraps the network, builds the compiled tier in moto, and returns what it built from. */
async function builtTier(set: ManifestSet, skip: ReadonlySet<string> = new Set()): Promise<DesiredTopology> {
  await bootstrapLocalAws(set, factory);
  const empty = await observeTier({ set, tier: 'tier-1', instanceId: INSTANCE }, factory);
  assert.deepEqual(empty.errors, []);
  const desired = compileTopology(set, placeAll(set), empty.hints);
  const zoneId = [...empty.live.lookups].find(([k]) => k.startsWith('zone:'))?.[1] as string;
  await buildLiveTier(desired, factory, { lookups: empty.live.lookups, zoneId, skip });
  return desired;
}

async function observeAndComplete(set: ManifestSet, desired?: DesiredTopology): Promise<{ obs: TierObservation; desired: DesiredTopology }> {
  const first = await observeTier({ set, tier: 'tier-1', instanceId: INSTANCE }, factory);
  const d = desired ?? compileTopology(set, placeAll(set), first.hints);
  return { obs: await completeObservation(first, d, factory, INSTANCE), desired: d };
}

test('a tier built to match its manifests diffs empty: live and desired shapes agree', async () => {
  const set = smallSet([tenant('alpha', 2), tenant('beta', 1)]);
  await builtTier(set);
  const { obs, desired } = await observeAndComplete(set);
  assert.deepEqual(obs.errors, []);
  const plan = diff(desired, obs.live);
  assert.deepEqual(plan.actions.map((a) => `${a.action} ${a.key} ${JSON.stringify('changes' in a ? a.changes : [])}`), []);
  assert.deepEqual(plan.conflicts, []);
  assert.deepEqual([...obs.placement.keys()], ['alpha', 'beta']);
});

test('a field drifted out of band shows up with live and desired values', async () => {
  const set = smallSet([tenant('alpha', 1)]);
  const desired = await builtTier(set);
  const tg = (await factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2.describeTargetGroups()).find((t) => t.TargetGroupName?.startsWith('alpha-1'));
  await factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2.modifyTargetGroup({ TargetGroupArn: tg?.TargetGroupArn, HealthCheckPath: '/other' });
  const { obs } = await observeAndComplete(set, desired);
  const plan = diff(desired, obs.live);
  assert.deepEqual(plan.actions.map((a) => [a.action, a.key, 'changes' in a ? a.changes : []]), [
    ['update', 'targetGroup:tier-1/cell-1/ig-1/alpha/1', [{ field: 'healthCheck.path', live: '/other', desired: '/healthz' }]],
  ]);
});

test('a foreign rule on our listener is reported, its priority kept from new rules', async () => {
  const set = smallSet([tenant('alpha', 1)]);
  const desired = await builtTier(set);
  const elbv2 = factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2;
  const lb = (await elbv2.describeLoadBalancers()).find((l) => l.LoadBalancerName?.startsWith('tier-1-cell-1-ig-1'));
  const [listener] = await elbv2.describeListeners({ loadBalancerArn: lb?.LoadBalancerArn as string });
  const tg = (await elbv2.describeTargetGroups()).find((t) => t.TargetGroupName?.startsWith('alpha-1'));
  await elbv2.createRule({
    ListenerArn: listener?.ListenerArn, Priority: 2,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/legacy/*'] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: tg?.TargetGroupArn }],
  });
  const { obs } = await observeAndComplete(set, desired);
  const foreign = obs.live.resources.filter((r) => r.kind === 'listener-rule' && r.ownership === 'foreign');
  assert.deepEqual(foreign.map((r) => [r.aws.name, r.spec['priority']]), [['2', 2]]);
  assert.deepEqual(obs.hints.priorities.get('tier-1/cell-1/ig-1')?.taken, [2]);
  // A second tenant compiled from these hints skips priority 2; one forced onto it conflicts.
  const grown = smallSet([tenant('alpha', 1), tenant('beta', 1)]);
  const next = compileTopology(grown, placeAll(grown), obs.hints);
  assert.equal(next.resources.find((r) => r.key === 'listenerRule:tier-1/cell-1/ig-1/beta')?.spec['priority'], 3);
  const forced = compileTopology(grown, placeAll(grown), { priorities: new Map() });
  assert.deepEqual(diff(forced, obs.live).conflicts.map((c) => [c.key, c.ownership]), [['listenerRule:tier-1/cell-1/ig-1/beta', 'foreign']]);
});

test('a cell whose role cannot be assumed is an error of the tier naming the cell and code, not a crash', async () => {
  const set = smallSet([tenant('alpha', 1)]);
  await bootstrapLocalAws(set, factory);
  const fresh = tieredAwsFor(aws.endpoint, { maxAttempts: 1 });
  aws.proxy.setFaults([{ service: 'sts', operation: 'AssumeRole', kind: 'server-error' }]);
  try {
    const obs = await observeTier({ set, tier: 'tier-1', instanceId: INSTANCE }, fresh);
    assert.equal(obs.errors.length, 1);
    assert.equal(obs.errors[0]?.cell, 'cell-1');
    assert.equal(obs.errors[0]?.tier, 'tier-1');
    assert.ok(obs.errors[0]?.code !== undefined, 'the AWS error code is kept');
    assert.ok(obs.live.lookups.has('zone:us-east-1.example.com'), 'DNS, read as the controller, still answered');
  } finally {
    aws.proxy.clearFaults();
    fresh.destroy();
  }
});

/** Tags the sweep returns for a set (what moto's tag-bounded pages count). */
function sweptTags(set: ManifestSet): number {
  const kinds = new Set(['load-balancer', 'target-group', 'ecs-cluster', 'ecs-service', 'task-definition']);
  return compileTopology(set, placeAll(set), { priorities: new Map() }).resources
    .filter((r) => kinds.has(r.kind)).reduce((n, r) => n + Object.keys(r.tags).length, 0);
}

/** Read calls of one full observe (phase 1 + 2) of a converged tier, by operation. */
async function readsOfNoOpObserve(set: ManifestSet, desired: DesiredTopology): Promise<Record<string, number>> {
  aws.proxy.resetCounters();
  const { obs } = await observeAndComplete(set, desired);
  assert.deepEqual(diff(desired, obs.live).actions, []);
  assert.equal(aws.proxy.count({ mutating: true }), 0);
  const out: Record<string, number> = {};
  for (const c of aws.proxy.calls({ mutating: false })) out[c.operation] = (out[c.operation] ?? 0) + 1;
  return out;
}

test('reads grow with pages and clusters, not per resource: 10 vs 40 tenants of 2 clusters', async () => {
  const small = smallSet(tenants(10));
  const reads10 = await readsOfNoOpObserve(small, await builtTier(small));
  await aws.reset();
  const large = smallSet(tenants(40));
  const reads40 = await readsOfNoOpObserve(large, await builtTier(large));
  // 10 tenants: 20 clusters; 40 tenants: 80 clusters over ig-1 (placeAll puts all in ig-1).
  assert.equal(reads10['DescribeServices'], 20);
  assert.equal(reads40['DescribeServices'], 80);
  assert.deepEqual(
    { tg: reads10['DescribeTargetGroups'], clusters: reads10['DescribeClusters'], tags: reads10['DescribeTags'] },
    { tg: 1, clusters: 1, tags: 1 },
  );
  // 80 target groups: 4 calls of 20; 40 rules + 1 listener: 3 DescribeTags of 20.
  assert.deepEqual(
    { tg: reads40['DescribeTargetGroups'], clusters: reads40['DescribeClusters'], tags: reads40['DescribeTags'] },
    { tg: 4, clusters: 1, tags: 3 },
  );
  // The sweep pages: AWS fills a page with 100 resources; moto 5.2.1 also stops a page before
  // 100 tags (its TagsPerPage default), i.e. every ~13 of our resources. Either way, pages.
  assert.ok(reads40['GetResources']! <= Math.ceil(sweptTags(large) / 92) + 1, `sweep pages ${reads40['GetResources']}`);
  for (const op of ['DescribeLoadBalancers', 'DescribeListeners', 'DescribeRules', 'ListTaskDefinitions', 'DescribeVpcEndpoints', 'ListResourceRecordSets', 'DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'ListHostedZonesByName']) {
    assert.equal(reads40[op], reads10[op], `${op} does not grow from 10 to 40 tenants`);
  }
  assert.equal(reads40['DescribeTaskDefinition'], undefined, 'no task definition is described on a no-op pass');
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  console.log(`observe reads: 10 tenants ${total(reads10)} ${JSON.stringify(reads10)}; 40 tenants ${total(reads40)} ${JSON.stringify(reads40)}`);
});

test('a scoped observe reads the same whatever the tier size, and diffs empty against the scoped topology', async () => {
  const reads: Record<string, number>[] = [];
  for (const n of [5, 30]) {
    await aws.reset();
    const set = smallSet(tenants(n));
    const desired = await builtTier(set);
    aws.proxy.resetCounters();
    const first = await observeTier({ set, tier: 'tier-1', instanceId: INSTANCE, scope: { tenants: ['t001'] } }, factory);
    const obs = await completeObservation(first, desired, factory, INSTANCE);
    assert.deepEqual(obs.errors, []);
    assert.deepEqual([...(obs.scope?.infraGroups ?? [])], ['tier-1/cell-1/ig-1']);
    const plan = diff(cutToScope(desired, obs.scope!), obs.live);
    assert.deepEqual(plan.actions.map((a) => `${a.action} ${a.key}`), []);
    const byOp: Record<string, number> = {};
    for (const c of aws.proxy.calls({ mutating: false })) byOp[c.operation] = (byOp[c.operation] ?? 0) + 1;
    reads.push(byOp);
  }
  const [few, many] = reads as [Record<string, number>, Record<string, number>];
  // Every rule on the listener is read (its priority is taken), but only t001's own rule (it
  // forwards to t001's target groups) is asked its tags, with the listener's: one DescribeTags.
  assert.deepEqual(many, few);
  assert.equal(few['DescribeTags'], 1);
  console.log(`scoped observe reads (1 tenant of 5 / of 30): ${JSON.stringify(few)} / ${JSON.stringify(many)}`);
});
