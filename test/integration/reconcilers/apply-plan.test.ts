import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTagsCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import { TAG } from '../../../src/desired/tags.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredTopology } from '../../../src/desired/topology/resource.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { diff } from '../../../src/plan/diff.js';
import type { LiveState } from '../../../src/plan/live-resource.js';
import { applyPlan } from '../../../src/reconcilers/apply-plan.js';
import type { ApplyResult } from '../../../src/reconcilers/apply-types.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { resolveLookups } from '../../support/resolve-lookups.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
let factory: AwsClientFactory;
beforeEach(() => {
  // A fresh factory per test: moto's reset forgets the role sessions a factory has cached.
  factory?.destroy();
  factory = tieredAwsFor(aws.endpoint);
});
after(() => factory?.destroy());

const FAST = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50 };
const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

function tierSet(tenants: number, clustersOf: (i: number) => number = () => 1): ManifestSet {
  const b = manifestSet().tier('tier-1', { downstreams: [CACHE] }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (let i = 0; i < tenants; i++) b.tenant(`t${String(i).padStart(2, '0')}`, { clusters: clustersOf(i) });
  return b.build();
}

interface Applied {
  readonly desired: DesiredTopology;
  readonly live: LiveState;
  readonly result: ApplyResult;
}

async function applyFromEmpty(set: ManifestSet): Promise<Applied> {
  const summary = await bootstrapLocalAws(set, factory);
  assert.deepEqual(summary.unresolvable, []);
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS);
  const live: LiveState = { resources: [], lookups: await resolveLookups(desired, factory) };
  const plan = diff(desired, live);
  assert.equal(plan.summary.held, 0, JSON.stringify(plan.notices));
  const result = await applyPlan(plan, live, { factory, instanceId: 'tiered', retry: FAST });
  return { desired, live, result };
}

function failures(result: ApplyResult): unknown[] {
  return result.outcomes.filter((o) => o.status !== 'succeeded');
}

test('an empty account gets every resource of a tier, with the fields and tags the topology asks for', async () => {
  const set = tierSet(2, (i) => (i === 1 ? 2 : 1));
  const { result } = await applyFromEmpty(set);
  assert.deepEqual(failures(result), []);
  assert.equal(result.converged, true);

  const cell = set.cells[0]!;
  const clients = await aws.clientsInAccount(cell.spec.accountId);
  const [lb] = (await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  assert.ok(lb?.LoadBalancerArn);
  assert.equal(lb.Scheme, 'internal');
  const lbTags = (await clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn] }))).TagDescriptions?.[0]?.Tags ?? [];
  assert.ok(lbTags.some((t) => t.Key === TAG.managedBy && t.Value === 'tiered'));

  const [listener] = (await clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? [];
  assert.equal(listener?.DefaultActions?.[0]?.Type, 'fixed-response');
  assert.equal(listener?.DefaultActions?.[0]?.FixedResponseConfig?.StatusCode, '404');

  const tgs = (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  assert.equal(tgs.length, 3, 'one target group per cluster');
  const rules = ((await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).filter((r) => !r.IsDefault);
  assert.equal(rules.length, 2);
  const t01 = rules.find((r) => r.Conditions?.[0]?.PathPatternConfig?.Values?.includes('/t01/*') || r.Conditions?.[0]?.Values?.includes('/t01/*'));
  assert.equal(t01?.Actions?.[0]?.ForwardConfig?.TargetGroups?.length, 2, 'the two-cluster tenant forwards to both its target groups');
});

test('ECS clusters, task definitions with TENANT_ID, services on their target groups, endpoints and weighted DNS with ownership TXT', async () => {
  const set = tierSet(2, (i) => (i === 1 ? 2 : 1));
  const { result } = await applyFromEmpty(set);
  assert.deepEqual(failures(result), []);
  const clients = await aws.clientsInAccount(set.cells[0]!.spec.accountId);

  const clusters = (await clients.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
  assert.equal(clusters.length, 3);
  const tgArns = new Set(((await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupArn));
  for (const cluster of clusters) {
    const tenant = cluster.includes('-t01') ? 't01' : 't00';
    const [svc] = (await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [tenant] }))).services ?? [];
    assert.ok(svc, `service ${tenant} in ${cluster}`);
    assert.equal(svc.desiredCount, 2);
    assert.ok(tgArns.has(svc.loadBalancers?.[0]?.targetGroupArn), 'the service sits on one of our target groups');
    const td = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: svc.taskDefinition!, include: ['TAGS'] }));
    const env = td.taskDefinition?.containerDefinitions?.[0]?.environment ?? [];
    assert.deepEqual(env.find((e) => e.name === 'TENANT_ID'), { name: 'TENANT_ID', value: tenant });
    assert.ok(td.tags?.some((t) => t.key === TAG.tenant && t.value === tenant));
  }

  const endpoints = (await clients.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
  assert.equal(endpoints.length, 1);
  assert.equal(endpoints[0]?.ServiceName, CACHE.serviceName);
  assert.ok(endpoints[0]?.Tags?.some((t) => t.Key === TAG.downstream && t.Value === 'cache'));

  const dns = aws.clients();
  const zoneId = (await dns.route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones?.[0]?.Id;
  const records = (await dns.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
  const aliases = records.filter((r) => r.Type === 'A');
  assert.deepEqual(aliases.map((r) => r.Name).sort(), ['t00.tier-1.us-east-1.example.com.', 't01.tier-1.us-east-1.example.com.', 'tier-1.us-east-1.example.com.']);
  const tierAlias = aliases.find((r) => r.Name === 'tier-1.us-east-1.example.com.');
  assert.equal(tierAlias?.Weight, 50);
  assert.equal(tierAlias?.SetIdentifier, 'tiered:cell-1/ig-1');
  assert.equal(tierAlias?.AliasTarget?.EvaluateTargetHealth, true);
  const txt = records.filter((r) => r.Type === 'TXT' && r.Name?.startsWith('_tiered.'));
  assert.equal(txt.length, 3, 'one ownership TXT per alias');
});

test('DNS changes of ten tenants go out in a handful of ChangeResourceRecordSets calls, not one per record', async () => {
  const { result } = await applyFromEmpty(tierSet(10));
  assert.deepEqual(failures(result), []);
  const changes = aws.proxy.count({ service: 'route53', operation: 'ChangeResourceRecordSets' });
  // One per zone per DNS level: the ownership TXT records, then the aliases.
  assert.equal(changes, 2);
});

test('with 20% throttling and server errors on every service, apply still converges', async () => {
  const set = tierSet(3);
  await bootstrapLocalAws(set, factory);
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS);
  const live: LiveState = { resources: [], lookups: await resolveLookups(desired, factory) };
  // About one call in five refused: half as throttles, half as 500s, on every service.
  aws.proxy.setFaults([{ kind: 'throttle', probability: 0.1 }, { kind: 'server-error', probability: 0.12 }]);
  const result = await applyPlan(diff(desired, live), live, { factory, instanceId: 'tiered', retry: FAST });
  aws.proxy.clearFaults();
  assert.deepEqual(failures(result), []);
  assert.ok(aws.proxy.count({ outcome: 'fault' }) > 0, 'faults were injected');
  const clients = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  assert.equal(((await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).length, 3, 'no duplicate target group');
  assert.equal(((await clients.ecs.send(new ListClustersCommand({}))).clusterArns ?? []).length, 3);
});

test('removing a tenant deletes its resources in the safe order: DNS alias, rule, service, target group, cluster; the ownership TXT after its alias', async () => {
  const set = tierSet(2);
  const { desired, live: empty, result } = await applyFromEmpty(set);
  assert.deepEqual(failures(result), []);
  const clients = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const cell = set.cells[0]!;
  const account = cell.spec.accountId;
  // A live state of tenant t01 as discovery would report it (built from describes here).
  const gone = desired.resources.filter((r) => r.owner.tenant === 't01');
  const listenerArn = (await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!.map((l) => l.LoadBalancerArn!)[0]!;
  const listener = (await clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: listenerArn }))).Listeners![0]!.ListenerArn!;
  const rules = (await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener }))).Rules ?? [];
  const tgs = (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const clusters = (await clients.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
  const lbDns = (await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!;
  const resources = gone.map((r) => {
    const name = String(r.spec['name'] ?? r.identity.name);
    const aws =
      r.kind === 'listener-rule' ? { name: r.identity.name, arn: rules.find((x) => x.Priority === r.identity.name)!.RuleArn! }
      : r.kind === 'target-group' ? { name, arn: tgs.find((t) => t.TargetGroupName === name)!.TargetGroupArn! }
      : r.kind === 'ecs-cluster' ? { name, arn: clusters.find((c) => c.endsWith(`/${name}`))! }
      : r.kind === 'ecs-service' ? { name, arn: `arn:aws:ecs:us-east-1:${account}:service/x/${name}`, parentArn: clusters.find((c) => c.endsWith('-t01'))! }
      : { name: r.identity.name };
    const spec = r.kind === 'dns-record'
      ? { ...r.spec, alias: { dnsName: lbDns.DNSName!.toLowerCase(), hostedZoneId: lbDns.CanonicalHostedZoneId!, evaluateTargetHealth: true } }
      : r.spec;
    return { kind: r.kind, ...(r.scope.kind === 'account' ? { account } : {}), aws, tags: r.tags, spec, attrs: {}, ownership: 'ours' as const, key: r.key, owner: r.owner };
  });
  const remaining = tierSet(1);
  const desiredAfter = compileTopology(remaining, place(remaining, new Map()), NO_HINTS);
  const kept = desiredAfter.resources.map((r) => r.key);
  // Only the deletes matter here: present the rest as absent-but-unchanged by dropping them from the plan.
  const plan = diff(desiredAfter, { resources, lookups: empty.lookups }, { maxDeletePercent: 100 });
  const deletes = { ...plan, actions: plan.actions.filter((a) => a.action === 'delete') };
  assert.ok(deletes.actions.length >= gone.length - 1, JSON.stringify(plan.summary));
  assert.ok(kept.every((k) => !deletes.actions.some((a) => a.key === k)));
  aws.proxy.resetCounters();
  const accounts = new Map([[account, { region: 'us-east-1', roleArn: cell.spec.roleArn }]]);
  const out = await applyPlan(deletes, { resources, lookups: empty.lookups }, { factory, instanceId: 'tiered', retry: FAST, accounts });
  assert.deepEqual(failures(out), []);
  const order = aws.proxy.calls({ mutating: true }).map((c) => c.operation);
  const first = (op: string) => order.indexOf(op);
  const last = (op: string) => order.lastIndexOf(op);
  assert.ok(first('DeleteRule') > first('ChangeResourceRecordSets'), order.join(','));
  assert.ok(first('DeleteService') > first('DeleteRule'));
  assert.ok(first('DeleteTargetGroup') > first('DeleteService'));
  assert.ok(first('DeleteCluster') > last('DeleteTargetGroup'));
  assert.equal(order.filter((op) => op === 'ChangeResourceRecordSets').length, 2, 'the alias first, its ownership TXT in a later call');
  const tgsAfter = (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  assert.equal(tgsAfter.length, 1, 'only the remaining tenant keeps a target group');
});
