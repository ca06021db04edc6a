import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTagsCommand, DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { ecsApi } from '../../../src/aws/ecs.js';
import { elbv2Api } from '../../../src/aws/elbv2.js';
import { observeEcs } from '../../../src/live/observe-ecs.js';
import { observeElbv2 } from '../../../src/live/observe-elbv2.js';
import { observeTier } from '../../../src/live/observe-tier.js';
import { emptyIndex, indexTagged } from '../../../src/live/tagged-index.js';
import { smallSet, tenant } from '../../support/topology-fixtures.js';

const SITE = { account: '111111111111', instanceId: 'tiered' };
const ours = (extra: Record<string, string>) =>
  Object.entries({ 'tiered.dev/managed-by': 'tiered', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1', 'tiered.dev/infra-group': 'ig-1', ...extra })
    .map(([Key, Value]) => ({ Key, Value }));

test('45 tagged target groups are read in 3 DescribeTargetGroups calls and all come out ours', async () => {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  mock.on(DescribeTargetGroupsCommand).callsFake((input: { TargetGroupArns?: string[] }) => ({
    TargetGroups: (input.TargetGroupArns ?? []).map((arn) => ({ TargetGroupArn: arn, TargetGroupName: arn.split('/')[1] })),
  }));
  const arns = Array.from({ length: 45 }, (_, i) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t${i}-1/abc${i}`);
  const index = indexTagged(arns.map((ResourceARN, i) => ({ ResourceARN, Tags: ours({ 'tiered.dev/tenant': `t${i}`, 'tiered.dev/cluster-index': '1' }) })));
  const { resources: live } = await observeElbv2(elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' })), SITE, index, []);
  assert.equal(mock.commandCalls(DescribeTargetGroupsCommand).length, 3);
  assert.equal(live.filter((r) => r.ownership === 'ours' && r.kind === 'target-group').length, 45);
  mock.restore();
});

test('1,000 tagged target groups are listed in 3 pages of 400, not described in 50 calls of 20; untagged ones stay out', async () => {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  const arn = (i: number) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t${i}-1/abc${i}`;
  // The account holds 1,010 target groups: 1,000 tagged by the sweep and 10 it did not tag.
  const all = Array.from({ length: 1010 }, (_, i) => ({ TargetGroupArn: arn(i), TargetGroupName: `t${i}-1` }));
  mock.on(DescribeTargetGroupsCommand).callsFake((input: { Marker?: string; PageSize?: number; TargetGroupArns?: string[] }) => {
    assert.equal(input.TargetGroupArns, undefined);
    const from = Number(input.Marker ?? 0);
    const to = from + (input.PageSize ?? 400);
    return { TargetGroups: all.slice(from, to), ...(to < all.length ? { NextMarker: String(to) } : {}) };
  });
  const index = indexTagged(all.slice(0, 1000).map((tg, i) => ({ ResourceARN: tg.TargetGroupArn, Tags: ours({ 'tiered.dev/tenant': `t${i}`, 'tiered.dev/cluster-index': '1' }) })));
  const { resources: live } = await observeElbv2(elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' })), SITE, index, []);
  assert.equal(mock.commandCalls(DescribeTargetGroupsCommand).length, 3);
  assert.equal(live.filter((r) => r.kind === 'target-group').length, 1000);
  assert.ok(live.every((r) => r.ownership === 'ours'));
  mock.restore();
});

test('ECS: 250 clusters in 3 DescribeClusters, services one call per cluster, the latest ACTIVE revision is the family and older ones orphans', async () => {
  const mock = mockClient(ECSClient);
  mock.on(DescribeClustersCommand).callsFake((input: { clusters: string[] }) => ({
    clusters: input.clusters.map((arn) => ({ clusterArn: arn, clusterName: arn.split('/')[1], status: 'ACTIVE', tags: [] })),
  }));
  mock.on(DescribeServicesCommand).resolves({ services: [] });
  const td = (rev: number) => `arn:aws:ecs:us-east-1:111111111111:task-definition/tier-1-cell-1-ig-1-a:${rev}`;
  mock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [td(2), td(3)] });
  const clusters = Array.from({ length: 250 }, (_, i) => ({ ResourceARN: `arn:aws:ecs:us-east-1:111111111111:cluster/c${i}`, Tags: ours({ 'tiered.dev/tenant': `t${i}` }) }));
  const taskDefs = [1, 2, 3].map((rev) => ({ ResourceARN: td(rev), Tags: ours({ 'tiered.dev/tenant': 'a' }) }));
  const live = await observeEcs(ecsApi(new ECSClient({ region: 'us-east-1' })), SITE, indexTagged([...clusters, ...taskDefs]));
  assert.equal(mock.commandCalls(DescribeClustersCommand).length, 3);
  // The clusters' tags came back empty from DescribeClusters, so they are foreign: no services asked.
  assert.equal(mock.commandCalls(DescribeServicesCommand).length, 0);
  const defs = live.filter((r) => r.kind === 'task-definition').map((r) => [r.ownership === 'foreign' ? null : r.key, r.attrs.arn]);
  assert.deepEqual(defs, [
    ['taskDefinition:tier-1/cell-1/ig-1/a', td(3)],
    ['taskDefinition:tier-1/cell-1/ig-1/a#rev2', td(2)],
  ]);
  mock.restore();
});

test('an empty sweep reads nothing more from ELBv2', async () => {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  const { resources: live } = await observeElbv2(elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' })), SITE, emptyIndex(), []);
  assert.deepEqual(live, []);
  assert.equal(mock.calls().length, 0);
  mock.restore();
});

test('AccessDenied in a cell is an error of the tier with the cell and the code, not a crash', async () => {
  const denied = Object.assign(new Error('User is not authorized to perform sts:AssumeRole'), {
    name: 'AccessDenied', Code: 'AccessDenied', $metadata: { httpStatusCode: 403 },
  });
  const refuse = async (): Promise<never> => {
    throw denied;
  };
  // Every client of every identity refuses, the way a role that cannot be assumed does.
  const clients = new Proxy({}, { get: () => new Proxy({}, { get: () => refuse }) }) as AwsClients;
  const factory: AwsClientFactory = { clients: () => clients, destroy: () => undefined };
  const obs = await observeTier({ set: smallSet([tenant('a')]), tier: 'tier-1', instanceId: 'tiered' }, factory);
  assert.deepEqual(obs.errors, [
    { tier: 'tier-1', cell: 'cell-1', message: denied.message, code: 'AccessDenied' },
    { tier: 'tier-1', message: denied.message, code: 'AccessDenied' },
  ]);
  assert.deepEqual(obs.live.resources, []);
});

test('a scoped pass asks the tags of the listener and of the rules it needs only; 60 other rules are occupied priorities', async () => {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  const lbArn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/ig-1/1';
  const listenerArn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/ig-1/1/2';
  const tgArn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/newco-1/1';
  const ruleArn = (p: number) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:listener-rule/app/ig-1/1/2/${p}`;
  const rule = (p: number, path: string, forward = `arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t${p}-1/1`) => ({
    RuleArn: ruleArn(p), Priority: String(p),
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [path] } }],
    Actions: [{ Type: 'forward' as const, TargetGroupArn: forward }],
  });
  mock.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'ig-1' }] });
  mock.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: listenerArn, LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP' }] });
  mock.on(DescribeRulesCommand).resolves({
    Rules: [
      ...Array.from({ length: 60 }, (_, i) => rule(i + 1, `/t${i + 1}/*`)),
      rule(61, '/newco/*'), // routes the newcomer: a possible conflict
      rule(62, '/newco-old/*', tgArn), // forwards to the newcomer's target group
      { RuleArn: ruleArn(0), Priority: 'default', IsDefault: true },
    ],
  });
  mock.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({ TagDescriptions: input.ResourceArns.map((ResourceArn) => ({ ResourceArn, Tags: [] })) }));
  mock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: tgArn, TargetGroupName: 'newco-1' }] });
  const index = indexTagged([
    { ResourceARN: lbArn, Tags: ours({ 'tiered.dev/resource': 'load-balancer' }) },
    { ResourceARN: tgArn, Tags: ours({ 'tiered.dev/tenant': 'newco', 'tiered.dev/cluster-index': '1' }) },
  ]);
  const observed = await observeElbv2(elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' })), SITE, index, [], [{ pathPattern: ['/newco', '/newco/*'] }]);
  assert.deepEqual(mock.commandCalls(DescribeTagsCommand).map((c) => c.args[0].input.ResourceArns), [[listenerArn, ruleArn(61), ruleArn(62)]]);
  assert.deepEqual(observed.resources.filter((r) => r.kind === 'listener-rule').map((r) => r.aws.name), ['61', '62']);
  assert.deepEqual(observed.occupied.map((o) => o.priority), Array.from({ length: 60 }, (_, i) => i + 1));
  assert.ok(observed.occupied.every((o) => o.listenerArn === listenerArn));
  mock.restore();
});
