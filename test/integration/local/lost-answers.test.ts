// A lost answer: moto acts on the call, then the caller gets a 500 in the service's wire shape
// or a reset connection, never the answer. The resource exists all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateHostedZoneCommand, ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { sdkFailure } from '../../support/sdk-failure.js';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();


test('a 500 after moto acted: the SDK sees the service\'s own internal error, and the create happened', async () => {
  aws.proxy.setLostAnswers([{ how: 'server-error' }]);
  const { ecs, elbv2, route53 } = aws.clients();
  const ecsError = await sdkFailure(ecs.send(new CreateClusterCommand({ clusterName: 'lost' })));
  assert.equal(ecsError.name, 'ServerException');
  assert.equal(ecsError.$metadata?.httpStatusCode, 500);
  const elbError = await sdkFailure(elbv2.send(new CreateTargetGroupCommand({ Name: 'lost', TargetType: 'lambda' })));
  assert.equal(elbError.name, 'InternalFailure');
  const r53Error = await sdkFailure(route53.send(new CreateHostedZoneCommand({ Name: 'lost.example.', CallerReference: 'lost-1' })));
  assert.equal(r53Error.$metadata?.httpStatusCode, 500);
  aws.proxy.setLostAnswers([]);

  assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns?.map((a) => a.split('/').pop()), ['lost']);
  assert.equal((await route53.send(new ListHostedZonesCommand({}))).HostedZones?.[0]?.Name, 'lost.example.');
  assert.equal((await elbv2.send(new DescribeTargetGroupsCommand({ Names: ['lost'] }))).TargetGroups?.length, 1);
  assert.equal(aws.proxy.count({ outcome: 'answer-lost' }), 3);
  assert.equal(aws.proxy.count({ outcome: 'answer-lost', mutating: false }), 0);
});

test('a dropped connection after moto acted: the SDK sees a network error, and the create happened', async () => {
  aws.proxy.setLostAnswers([{ how: 'drop', service: 'ecs' }]);
  const { ecs } = aws.clients();
  const error = await sdkFailure(ecs.send(new CreateClusterCommand({ clusterName: 'dropped' })));
  assert.match(String((error as { code?: string }).code ?? error.name), /ECONNRESET|socket hang up|EPIPE/i);
  aws.proxy.setLostAnswers([]);
  assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns?.map((a) => a.split('/').pop()), ['dropped']);
  assert.deepEqual(aws.proxy.calls({ outcome: 'answer-lost' }).map((c) => `${c.operation} ${c.status}`), ['CreateCluster 0']);
});

test('first attempt only: the SDK\'s retry of the same call gets its answer', async () => {
  aws.proxy.setLostAnswers([{ how: 'server-error', firstAttemptOnly: true }]);
  const { ecs } = aws.clients({ maxAttempts: 3 });
  const out = await ecs.send(new CreateClusterCommand({ clusterName: 'retried' }));
  assert.equal(out.cluster?.clusterName, 'retried');
  assert.deepEqual(aws.proxy.calls({ operation: 'CreateCluster' }).map((c) => c.outcome), ['answer-lost', 'ok']);
});
