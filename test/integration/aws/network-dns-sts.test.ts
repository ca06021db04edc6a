// The EC2 endpoint, Route 53, DynamoDB and STS operations tiered uses, through tiered's own
// client layer over HTTP to moto via the counting proxy; and the client layer's own promises:
// one AssumeRole per cell role, accounts kept apart, every call reported to the observer.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsCall } from '../../../src/aws/call-observer.js';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { nameTagFilter } from '../../../src/aws/ec2.js';
import { classifyAwsError, isAwsError } from '../../../src/aws/errors.js';
import { withLocalAws, TEST_REGION } from '../../support/local-aws.js';
import { makeNetwork } from '../../support/network.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
const observed: AwsCall[] = [];
let factory: AwsClientFactory | undefined;
let own: AwsClients;

// A fresh factory per test: moto's reset forgets the keys it issued, so assumed-role
// credentials cached across a reset would land in the default account.
beforeEach(() => {
  factory = tieredAwsFor(aws.endpoint, { onCall: (call) => observed.push(call) });
  own = factory.clients({ region: TEST_REGION });
  observed.length = 0;
});
afterEach(() => factory?.destroy());

const CELL_ROLE = 'arn:aws:iam::222222222222:role/tiered';

test('a VPC interface endpoint is created, found by tag, modified and deleted', async () => {
  const net = await makeNetwork(own.ec2);
  const { ec2 } = own;
  aws.proxy.resetCounters();
  const created = await ec2.createVpcEndpoint({
    VpcEndpointType: 'Interface',
    VpcId: net.vpcId,
    ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718',
    SubnetIds: [...net.subnetIds],
    SecurityGroupIds: [net.securityGroupId],
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'tier-1-cell-1-ig-1-cache' }] }],
  });
  const id = created.VpcEndpoint!.VpcEndpointId!;
  const found = await ec2.describeVpcEndpoints({ filters: [nameTagFilter(['tier-1-cell-1-ig-1-cache'])] });
  assert.deepEqual(found.map((e) => e.VpcEndpointId), [id]);
  await ec2.modifyVpcEndpoint({ VpcEndpointId: id, AddSecurityGroupIds: [net.securityGroupId] });
  await ec2.createTags({ Resources: [id], Tags: [{ Key: 'tiered.dev/downstream', Value: 'cache' }] });
  assert.deepEqual(await ec2.deleteVpcEndpoints([id]), []);
  for (const operation of ['CreateVpcEndpoint', 'DescribeVpcEndpoints', 'ModifyVpcEndpoint', 'CreateTags', 'DeleteVpcEndpoints']) {
    assert.equal(aws.proxy.count({ service: 'ec2', operation }), 1, operation);
  }
});

test('Route 53: weighted alias records and an ownership TXT in one batch, INSYNC, listed back', async () => {
  const { route53 } = own;
  const zone = (await route53.createHostedZone({ Name: 'example.com', CallerReference: 'test-zone' })).HostedZone!;
  const zoneId = zone.Id!;
  aws.proxy.resetCounters();
  const endpoint = 'tier-1.us-east-1.example.com.';
  const alias = (setId: string, dns: string, weight: number) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: {
      Name: endpoint,
      Type: 'A' as const,
      SetIdentifier: setId,
      Weight: weight,
      AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: dns, EvaluateTargetHealth: true },
    },
  });
  const change = await route53.changeResourceRecordSets(zoneId, {
    Changes: [
      alias('tiered:cell-1/ig-1', 'internal-a.us-east-1.elb.amazonaws.com', 50),
      alias('tiered:cell-1/ig-2', 'internal-b.us-east-1.elb.amazonaws.com', 50),
      {
        Action: 'CREATE',
        ResourceRecordSet: { Name: `_tiered.${endpoint}`, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"heritage=tiered,owner=tiered"' }] },
      },
    ],
  });
  assert.equal((await route53.getChange(change.Id!)).Status, 'INSYNC');
  const records = await route53.listResourceRecordSets(zoneId, { startRecordName: endpoint });
  const weighted = records.filter((r) => r.Name === endpoint && r.Type === 'A');
  assert.deepEqual(weighted.map((r) => [r.SetIdentifier, r.Weight, r.AliasTarget?.EvaluateTargetHealth]).sort(), [
    ['tiered:cell-1/ig-1', 50, true],
    ['tiered:cell-1/ig-2', 50, true],
  ]);
  assert.ok(records.some((r) => r.Name === `_tiered.${endpoint}` && r.Type === 'TXT'));
  assert.equal((await route53.hostedZonesNamed('example.com'))[0]?.Id, zone.Id);
  assert.equal((await route53.getHostedZone(zoneId)).HostedZone?.Name, 'example.com.');

  await assert.rejects(
    route53.changeResourceRecordSets(zoneId, { Changes: [alias('tiered:cell-1/ig-1', 'internal-a.us-east-1.elb.amazonaws.com', 50)] }),
    (err) => classifyAwsError(err) === 'conflict',
  );
  for (const operation of ['ChangeResourceRecordSets', 'GetChange', 'ListResourceRecordSets', 'ListHostedZonesByName', 'GetHostedZone']) {
    assert.equal(aws.proxy.count({ service: 'route53', operation }), operation === 'ChangeResourceRecordSets' ? 2 : 1, operation);
  }
});

test('DynamoDB: a conditional put succeeds once, the second fails with ConditionalCheckFailedException', async () => {
  const { dynamodb } = own;
  await dynamodb.createTable({
    TableName: 'tiered-leases',
    KeySchema: [{ AttributeName: 'lease', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'lease', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  assert.equal((await dynamodb.describeTable('tiered-leases')).Table?.TableStatus, 'ACTIVE');
  const claim = (holder: string) =>
    dynamodb.putItem({
      TableName: 'tiered-leases',
      Item: { lease: { S: 'controller' }, holder: { S: holder } },
      ConditionExpression: 'attribute_not_exists(lease)',
    });
  await claim('task-a');
  await assert.rejects(claim('task-b'), (err) => {
    assert.ok(isAwsError(err, 'ConditionalCheckFailedException'), String(err));
    assert.equal(classifyAwsError(err), 'conflict');
    return true;
  });
  await dynamodb.updateItem({
    TableName: 'tiered-leases',
    Key: { lease: { S: 'controller' } },
    UpdateExpression: 'SET renewed = :n',
    ConditionExpression: 'holder = :me',
    ExpressionAttributeValues: { ':n': { N: '1' }, ':me': { S: 'task-a' } },
  });
  const item = await dynamodb.getItem({ TableName: 'tiered-leases', Key: { lease: { S: 'controller' } }, ConsistentRead: true });
  assert.equal(item.Item?.holder?.S, 'task-a');
  await dynamodb.deleteItem({ TableName: 'tiered-leases', Key: { lease: { S: 'controller' } } });
  assert.equal(aws.proxy.count({ service: 'dynamodb', operation: 'PutItem', outcome: 'ok' }), 1);
  assert.equal(aws.proxy.count({ service: 'dynamodb', operation: 'PutItem', outcome: 'error' }), 1);
});

test('a cell role is assumed once for all its clients, and what it creates is invisible from the controller account', async () => {
  const cell = factory!.clients({ region: TEST_REGION, roleArn: CELL_ROLE });
  assert.equal((await cell.sts.getCallerIdentity()).Account, '222222222222');
  await cell.ecs.createCluster({ clusterName: 'only-in-cell' });
  await cell.ec2.describeVpcs();
  assert.deepEqual((await cell.ecs.describeClusters(['only-in-cell'])).found.map((c) => c.clusterName), ['only-in-cell']);
  assert.deepEqual((await own.ecs.describeClusters(['only-in-cell'])).found, []);
  assert.equal((await own.sts.getCallerIdentity()).Account, '123456789012');
  assert.equal(aws.proxy.count({ service: 'sts', operation: 'AssumeRole' }), 1);
  assert.equal(aws.proxy.count({ service: 'ecs', operation: 'CreateCluster', account: '222222222222' }), 1);
  assert.equal(aws.proxy.count({ account: '222222222222', service: 'ecs' }), 2);
});

test('the observer hears every call with its service, operation, role and outcome', async () => {
  const cell = factory!.clients({ region: TEST_REGION, roleArn: CELL_ROLE });
  await cell.sts.getCallerIdentity();
  await assert.rejects(own.elbv2.describeTargetGroups({ names: ['no-such-group'] }));
  const seen = observed.map((c) => [c.service, c.operation, c.roleArn, c.outcome, c.errorCode]);
  assert.deepEqual(seen, [
    ['sts', 'AssumeRole', undefined, 'ok', undefined],
    ['sts', 'GetCallerIdentity', CELL_ROLE, 'ok', undefined],
    ['elbv2', 'DescribeTargetGroups', undefined, 'not-found', 'TargetGroupNotFound'],
  ]);
});

test('a throttle is retried by the SDK and reported as one call of two attempts', async () => {
  aws.proxy.setFaults([{ service: 'ecs', operation: 'ListServices', kind: 'throttle', times: 1 }]);
  await own.ecs.createCluster({ clusterName: 'c' });
  assert.deepEqual(await own.ecs.listServices('c'), []);
  const call = observed.find((c) => c.operation === 'ListServices');
  assert.deepEqual([call?.outcome, call?.attempts], ['ok', 2]);
  assert.equal(aws.proxy.count({ service: 'ecs', operation: 'ListServices', outcome: 'fault' }), 1);
  assert.equal(aws.proxy.count({ service: 'ecs', operation: 'ListServices', outcome: 'ok' }), 1);
});
