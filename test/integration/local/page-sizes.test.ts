// AWS's page sizes through the proxy where moto's differ (src/local/proxy/page-sizes.ts), with
// real SDK v3 clients: a list moto answers whole comes in AWS-sized pages with a token that
// leads on; a size AWS refuses is refused; a size AWS caps is capped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, CreateServiceCommand, ListClustersCommand, ListServicesCommand, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, DescribeListenersCommand, DescribeTargetGroupsCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { startProxy } from '../../../src/local/proxy/server.js';
import { sdkFailure } from '../../support/sdk-failure.js';
import { withLocalAws } from '../../support/local-aws.js';
import { destroyClients, startTestClients } from '../../support/test-clients.js';

const aws = withLocalAws();


test('DescribeTargetGroups: pages of PageSize, the marker leads through all, and above 400 is a ValidationError', async () => {
  const { elbv2 } = aws.clients();
  for (let i = 0; i < 5; i++) await elbv2.send(new CreateTargetGroupCommand({ Name: `tg-${i}`, TargetType: 'lambda' }));
  const seen: string[][] = [];
  let Marker: string | undefined;
  do {
    const page = await elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 2, ...(Marker === undefined ? {} : { Marker }) }));
    seen.push((page.TargetGroups ?? []).map((t) => t.TargetGroupName!));
    Marker = page.NextMarker;
  } while (Marker !== undefined);
  assert.deepEqual(seen, [['tg-0', 'tg-1'], ['tg-2', 'tg-3'], ['tg-4']]);
  assert.equal((await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.length, 5, 'no PageSize: up to 400');
  for (const command of [new DescribeTargetGroupsCommand({ PageSize: 401 }), new DescribeLoadBalancersCommand({ PageSize: 401 }), new DescribeListenersCommand({ LoadBalancerArn: 'x', PageSize: 0 })]) {
    assert.equal((await sdkFailure(elbv2.send(command))).name, 'ValidationError');
  }
  assert.equal((await sdkFailure(elbv2.send(new DescribeTargetGroupsCommand({ Marker: 'not-a-marker' })))).name, 'ValidationError');
});

test('ECS lists: ListServices answers 10 without maxResults, ListClusters and ListTaskDefinitions up to 100, and more than 100 is refused', async () => {
  const { ecs } = aws.clients();
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
  );
  for (let i = 0; i < 12; i++) {
    await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: `s-${i}`, taskDefinition: td.taskDefinition!.taskDefinitionArn!, desiredCount: 0 }));
  }
  const first = await ecs.send(new ListServicesCommand({ cluster: 'c' }));
  assert.equal(first.serviceArns?.length, 10);
  const second = await ecs.send(new ListServicesCommand({ cluster: 'c', nextToken: first.nextToken }));
  assert.equal(second.serviceArns?.length, 2);
  assert.equal(second.nextToken, undefined);
  assert.equal((await ecs.send(new ListServicesCommand({ cluster: 'c', maxResults: 100 }))).serviceArns?.length, 12);
  assert.equal((await ecs.send(new ListClustersCommand({}))).clusterArns?.length, 1);
  assert.equal((await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns?.length, 1);
  const refused = await sdkFailure(ecs.send(new ListTaskDefinitionsCommand({ maxResults: 101 })));
  assert.equal(refused.name, 'InvalidParameterException');
});

test('GetResources refuses more than 100 per page; ListResourceRecordSets answers at most 300', async () => {
  const { tagging, route53 } = aws.clients();
  assert.equal((await sdkFailure(tagging.send(new GetResourcesCommand({ ResourcesPerPage: 101 })))).name, 'InvalidParameterException');
  await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 100 }));
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'pages' }));
  const HostedZoneId = zone.HostedZone!.Id!;
  const Changes = Array.from({ length: 310 }, (_, i) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: { Name: `r${String(i).padStart(3, '0')}.example.com.`, Type: 'TXT' as const, TTL: 60, ResourceRecords: [{ Value: '"x"' }] },
  }));
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes } }));
  const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId, MaxItems: 1000 }));
  assert.equal(page.ResourceRecordSets?.length, 300);
  assert.equal(page.IsTruncated, true);
});

test('with pageSizes "moto" the proxy passes moto\'s paging through', async () => {
  // A second proxy in front of the same moto, with moto's paging: everything in one answer.
  const proxy = await startProxy({ target: aws.moto.url, pageSizes: 'moto' });
  try {
    const { elbv2 } = aws.clients();
    for (let i = 0; i < 3; i++) await elbv2.send(new CreateTargetGroupCommand({ Name: `tg-${i}`, TargetType: 'lambda' }));
    const direct = startTestClients(proxy.url);
    try {
      const page = await direct.elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
      assert.equal(page.TargetGroups?.length, 3);
    } finally {
      destroyClients(direct);
    }
  } finally {
    await proxy.stop();
  }
});
