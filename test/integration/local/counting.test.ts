import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
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
