import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, DeleteClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();

test('each call is counted under its service, operation and account', async () => {
  const { ecs, route53, elbv2, ec2 } = aws.clients();
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  await ecs.send(new ListClustersCommand({}));
  await route53.send(new CreateHostedZoneCommand({ Name: 'example.test', CallerReference: 'r1' }));
  await route53.send(new ListHostedZonesByNameCommand({}));
  await elbv2.send(new DescribeLoadBalancersCommand({}));
  await ec2.send(new DescribeVpcsCommand({}));
  const p = aws.proxy;
  assert.equal(p.count({ service: 'ecs', operation: 'CreateCluster', account: '123456789012', outcome: 'ok' }), 1);
  assert.equal(p.count({ service: 'ecs', operation: 'ListClusters' }), 1);
  assert.equal(p.count({ service: 'route53', operation: 'CreateHostedZone' }), 1);
  assert.equal(p.count({ service: 'route53', operation: 'ListHostedZonesByName' }), 1);
  assert.equal(p.count({ service: 'elbv2', operation: 'DescribeLoadBalancers' }), 1);
  assert.equal(p.count({ service: 'ec2', operation: 'DescribeVpcs' }), 1);
  assert.equal(p.count({ mutating: true }), 2);
  assert.deepEqual(
    p.calls({ mutating: true }).map((c) => [c.operation, c.resource]),
    [['CreateCluster', 'c1'], ['CreateHostedZone', undefined]],
  );
});

test('calls with assumed-role credentials are counted under the role account', async () => {
  const other = await aws.clientsInAccount('222222222222');
  const who = await other.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Account, '222222222222');
  await other.ecs.send(new ListClustersCommand({}));
  assert.equal(aws.proxy.count({ service: 'sts', operation: 'AssumeRole', account: '123456789012' }), 1);
  assert.equal(aws.proxy.count({ service: 'ecs', operation: 'ListClusters', account: '222222222222' }), 1);
  assert.equal(aws.proxy.count({ service: 'sts', operation: 'GetCallerIdentity', account: '222222222222' }), 1);
});

test('a read-only pass makes zero mutating calls, and the log keeps calls in order', async () => {
  const { ecs, elbv2 } = aws.clients();
  await ecs.send(new ListClustersCommand({}));
  await elbv2.send(new DescribeLoadBalancersCommand({}));
  assert.equal(aws.proxy.count({ mutating: true }), 0);
  const calls = aws.proxy.calls();
  assert.deepEqual(calls.map((c) => c.operation), ['ListClusters', 'DescribeLoadBalancers']);
  assert.ok(calls[0]!.seq < calls[1]!.seq);
});

test('moto’s own errors are counted as errors with their code', async () => {
  const { ecs } = aws.clients();
  await assert.rejects(ecs.send(new DeleteClusterCommand({ cluster: 'missing' })));
  const [call] = aws.proxy.calls({ operation: 'DeleteCluster' });
  assert.equal(call?.outcome, 'error');
  assert.equal(call?.errorCode, 'ClusterNotFoundException');
});

test('the control API over HTTP reads counters and sets faults, and is not counted itself', async () => {
  const control = (path: string, init?: RequestInit) => fetch(`${aws.endpoint}/_tiered/${path}`, init);
  const put = await control('faults', { method: 'PUT', body: JSON.stringify([{ service: 'ecs', kind: 'throttle' }]) });
  assert.equal(put.status, 200);
  await assert.rejects(aws.clients().ecs.send(new ListClustersCommand({})), { name: 'ThrottlingException' });
  const counters = (await (await control('counters')).json()) as { operation: string; outcome: string; count: number }[];
  assert.deepEqual(counters.map((c) => [c.operation, c.outcome, c.count]), [['ListClusters', 'fault', 1]]);
  assert.equal((await control('faults', { method: 'DELETE' })).status, 200);
  await aws.clients().ecs.send(new ListClustersCommand({}));
  const bad = await control('faults', { method: 'PUT', body: JSON.stringify([{ kind: 'explode' }]) });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /kind must be one of/);
});
