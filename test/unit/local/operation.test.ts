import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateVpcEndpointCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CreateRuleCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { isMutating, recognise } from '../../../src/local/proxy/operation.js';
import type { RawRequest } from '../../../src/local/proxy/types.js';
import { startCaptureServer, type CaptureServer } from '../../support/capture-server.js';
import { destroyClients, startTestClients, type TestClients } from '../../support/test-clients.js';

let capture: CaptureServer;
let clients: TestClients;
before(async () => {
  capture = await startCaptureServer();
  clients = startTestClients(capture.url);
});
after(async () => {
  destroyClients(clients);
  await capture.stop();
});

/** What the SDK sends for `command` through the client of `service`, captured from the wire. */
async function sent(send: (c: TestClients) => Promise<unknown>): Promise<RawRequest> {
  const before = capture.requests.length;
  await send(clients).catch(() => undefined);
  assert.equal(capture.requests.length, before + 1, 'one request reached the capture server');
  return capture.requests[before]!;
}

const cases: ReadonlyArray<readonly [string, string, (c: TestClients) => Promise<unknown>]> = [
  ['route53', 'CreateHostedZone', (c) => c.route53.send(new CreateHostedZoneCommand({ Name: 'a.test', CallerReference: 'x' }))],
  ['route53', 'ListHostedZonesByName', (c) => c.route53.send(new ListHostedZonesByNameCommand({ DNSName: 'a.test' }))],
  ['route53', 'ListResourceRecordSets', (c) => c.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1' }))],
  ['route53', 'GetChange', (c) => c.route53.send(new GetChangeCommand({ Id: '/change/C1' }))],
  ['route53', 'ChangeTagsForResource', (c) => c.route53.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: 'Z1' }))],
  [
    'route53',
    'ChangeResourceRecordSets',
    (c) =>
      c.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: '/hostedzone/Z1',
          ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'x.a.test', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v"' }] } }] },
        }),
      ),
  ],
  ['elbv2', 'DescribeTargetGroups', (c) => c.elbv2.send(new DescribeTargetGroupsCommand({}))],
  ['elbv2', 'CreateRule', (c) => c.elbv2.send(new CreateRuleCommand({ ListenerArn: 'arn:l', Priority: 1, Conditions: [], Actions: [] }))],
  ['sts', 'AssumeRole', (c) => c.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/r', RoleSessionName: 's' }))],
  ['ec2', 'DescribeVpcs', (c) => c.ec2.send(new DescribeVpcsCommand({}))],
  ['ec2', 'CreateVpcEndpoint', (c) => c.ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 'com.amazonaws.us-east-1.ecr.api' }))],
  ['ecs', 'ListClusters', (c) => c.ecs.send(new ListClustersCommand({}))],
  ['ecs', 'CreateService', (c) => c.ecs.send(new CreateServiceCommand({ serviceName: 'svc', cluster: 'c' }))],
  ['dynamodb', 'PutItem', (c) => c.dynamodb.send(new PutItemCommand({ TableName: 't', Item: { k: { S: 'v' } } }))],
  ['tagging', 'GetResources', (c) => c.tagging.send(new GetResourcesCommand({}))],
];

for (const [service, operation, send] of cases) {
  test(`an SDK ${service} ${operation} request is recognised as such`, async () => {
    const call = recognise(await sent(send));
    assert.equal(call.service, service);
    assert.equal(call.operation, operation);
    assert.equal(call.accessKeyId, 'AKIATIEREDTEST000001');
    assert.equal(call.region, 'us-east-1');
  });
}

test('a mutating call carries a short resource hint from its request', async () => {
  const call = recognise(await sent((c) => c.ecs.send(new CreateServiceCommand({ serviceName: 'svc', cluster: 'c' }))));
  assert.equal(call.mutating, true);
  assert.equal(call.resource, 'svc');
});

test('a Route 53 change names its hosted zone as the resource', async () => {
  const call = recognise(
    await sent((c) =>
      c.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: 'Z9',
          ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'x.a.test', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v"' }] } }] },
        }),
      ),
    ),
  );
  assert.equal(call.resource, 'Z9');
});

test('an unsigned query request is told apart by its API version', () => {
  const raw = (version: string): RawRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: `Action=DoThing&Version=${version}`,
  });
  assert.equal(recognise(raw('2015-12-01')).service, 'elbv2');
  assert.equal(recognise(raw('2011-06-15')).service, 'sts');
  assert.equal(recognise(raw('2016-11-15')).service, 'ec2');
  assert.equal(recognise(raw('2099-01-01')).service, 'unknown');
});

test('Describe, List and Get operations and a few others are read-only; the rest mutate', () => {
  for (const op of ['DescribeRules', 'ListResourceRecordSets', 'GetChange', 'AssumeRole', 'Query', 'Scan']) assert.equal(isMutating(op), false, op);
  for (const op of ['CreateRule', 'ModifyRule', 'ChangeResourceRecordSets', 'PutItem', 'DeleteCluster', 'TagResource']) assert.equal(isMutating(op), true, op);
});
