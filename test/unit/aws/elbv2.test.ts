import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { elbv2Api } from '../../../src/aws/elbv2.js';

const arns = (n: number, kind = 'targetgroup'): string[] =>
  Array.from({ length: n }, (_, i) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:${kind}/tg-${i}/0000${i}`);

function setup() {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  const api = elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }));
  return { mock, api };
}

test('45 target group ARNs become 3 DescribeTargetGroups calls of 20, 20 and 5', async () => {
  const { mock, api } = setup();
  mock.on(DescribeTargetGroupsCommand).callsFake((input: { TargetGroupArns?: string[] }) => ({
    TargetGroups: (input.TargetGroupArns ?? []).map((TargetGroupArn) => ({ TargetGroupArn })),
  }));
  const all = arns(45);
  const found = await api.describeTargetGroups({ arns: all });
  const calls = mock.commandCalls(DescribeTargetGroupsCommand);
  assert.deepEqual(calls.map((c) => c.args[0].input.TargetGroupArns?.length), [20, 20, 5]);
  assert.deepEqual(found.map((tg) => tg.TargetGroupArn), all);
  mock.restore();
});

test('an empty ARN list asks nothing (the API would read it as every target group)', async () => {
  const { mock, api } = setup();
  assert.deepEqual(await api.describeTargetGroups({ arns: [] }), []);
  assert.equal(mock.calls().length, 0);
  mock.restore();
});

test('target groups of a load balancer follow NextMarker with PageSize 400', async () => {
  const { mock, api } = setup();
  mock
    .on(DescribeTargetGroupsCommand, { Marker: undefined })
    .resolves({ TargetGroups: [{ TargetGroupName: 'a' }], NextMarker: 'm1' })
    .on(DescribeTargetGroupsCommand, { Marker: 'm1' })
    .resolves({ TargetGroups: [{ TargetGroupName: 'b' }], NextMarker: 'm2' })
    .on(DescribeTargetGroupsCommand, { Marker: 'm2' })
    .resolves({ TargetGroups: [{ TargetGroupName: 'c' }] });
  const found = await api.describeTargetGroups({ loadBalancerArn: 'arn:lb' });
  assert.deepEqual(found.map((tg) => tg.TargetGroupName), ['a', 'b', 'c']);
  const inputs = mock.commandCalls(DescribeTargetGroupsCommand).map((c) => c.args[0].input);
  assert.deepEqual(inputs, [
    { LoadBalancerArn: 'arn:lb', PageSize: 400 },
    { LoadBalancerArn: 'arn:lb', Marker: 'm1', PageSize: 400 },
    { LoadBalancerArn: 'arn:lb', Marker: 'm2', PageSize: 400 },
  ]);
  mock.restore();
});

test('load balancers by name are asked 20 names at a time', async () => {
  const { mock, api } = setup();
  mock.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  await api.describeLoadBalancers({ names: Array.from({ length: 21 }, (_, i) => `lb-${i}`) });
  assert.deepEqual(
    mock.commandCalls(DescribeLoadBalancersCommand).map((c) => c.args[0].input.Names?.length),
    [20, 1],
  );
  mock.restore();
});

test('rules of a listener are read across pages', async () => {
  const { mock, api } = setup();
  mock
    .on(DescribeRulesCommand, { Marker: undefined })
    .resolves({ Rules: [{ Priority: '1' }], NextMarker: 'next' })
    .on(DescribeRulesCommand, { Marker: 'next' })
    .resolves({ Rules: [{ Priority: 'default' }] });
  const rules = await api.describeRules({ listenerArn: 'arn:listener' });
  assert.deepEqual(rules.map((r) => r.Priority), ['1', 'default']);
  mock.restore();
});

test('tags of 41 resources take 3 DescribeTags calls and come back flat', async () => {
  const { mock, api } = setup();
  mock.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
    TagDescriptions: input.ResourceArns.map((ResourceArn) => ({ ResourceArn, Tags: [{ Key: 'k', Value: 'v' }] })),
  }));
  const tags = await api.describeTags(arns(41));
  assert.equal(mock.commandCalls(DescribeTagsCommand).length, 3);
  assert.equal(tags.length, 41);
  mock.restore();
});
