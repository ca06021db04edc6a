// The moto fixes (src/local/moto-fixes.ts) that make a retried create find what AWS would: one
// test each. Without them, a create retried after a lost answer makes a second ALB of the same
// name, a second listener on the port, a second endpoint for one client token, and a deleted
// record cannot be created again, and a CreateService of a name taken replaces the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import { sdkFailure } from '../../support/sdk-failure.js';
import { withLocalAws, type TestClients } from '../../support/local-aws.js';

const aws = withLocalAws();


async function network(c: TestClients): Promise<{ vpc: string; subnets: string[] }> {
  const { Vpc } = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const subnets = await Promise.all(
    ['a', 'b'].map((az, i) => c.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `us-east-1${az}` }))),
  );
  return { vpc: Vpc!.VpcId!, subnets: subnets.map((s) => s.Subnet!.SubnetId!) };
}

test('CreateLoadBalancer with the name and settings of an existing ALB answers it; other settings are DuplicateLoadBalancerName', async () => {
  const c = aws.clients();
  const { subnets } = await network(c);
  const first = await c.elbv2.send(new CreateLoadBalancerCommand({ Name: 'alb', Subnets: subnets }));
  const again = await c.elbv2.send(new CreateLoadBalancerCommand({ Name: 'alb', Subnets: [...subnets].reverse() }));
  assert.equal(again.LoadBalancers?.[0]?.LoadBalancerArn, first.LoadBalancers?.[0]?.LoadBalancerArn);
  const other = await sdkFailure(c.elbv2.send(new CreateLoadBalancerCommand({ Name: 'alb', Subnets: subnets, Scheme: 'internal' })));
  assert.match(other.name, /^DuplicateLoadBalancerName/);
  assert.equal((await c.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.length, 1);
});

test('CreateListener on a taken port answers the listener with those settings, and refuses others (DuplicateListener)', async () => {
  const c = aws.clients();
  const { subnets } = await network(c);
  const lb = (await c.elbv2.send(new CreateLoadBalancerCommand({ Name: 'alb', Subnets: subnets }))).LoadBalancers![0]!.LoadBalancerArn!;
  const listener = (port: number, protocol: 'HTTP' | 'HTTPS') =>
    new CreateListenerCommand({
      LoadBalancerArn: lb,
      Port: port,
      Protocol: protocol,
      ...(protocol === 'HTTPS' ? { Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }] } : {}),
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    });
  const first = await c.elbv2.send(listener(80, 'HTTP'));
  const again = await c.elbv2.send(listener(80, 'HTTP'));
  assert.equal(again.Listeners?.[0]?.ListenerArn, first.Listeners?.[0]?.ListenerArn);
  assert.match((await sdkFailure(c.elbv2.send(listener(80, 'HTTPS')))).name, /^DuplicateListener/);
  assert.equal((await c.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb }))).Listeners?.length, 1);
});

test('CreateVpcEndpoint with a client token already used answers that endpoint', async () => {
  const c = aws.clients();
  const { vpc, subnets } = await network(c);
  const create = () =>
    c.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc,
        ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718',
        VpcEndpointType: 'Interface',
        SubnetIds: subnets,
        ClientToken: 'token-1',
      }),
    );
  const first = await create();
  const again = await create();
  assert.equal(again.VpcEndpoint?.VpcEndpointId, first.VpcEndpoint?.VpcEndpointId);
  assert.equal((await c.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints?.length, 1);
});

const txt = (action: Change['Action'], name: string, value = '"x"'): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: value }] },
});

test('a Route 53 record deleted can be created again; a CREATE of a record that exists is refused, whatever its values', async () => {
  const { route53 } = aws.clients();
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'recreate' }));
  const HostedZoneId = zone.HostedZone!.Id!;
  const change = (...Changes: Change[]) => route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes } }));
  // `b` sorts after `a`: moto 5.2.1 refused a's second CREATE while any record sorted after it.
  await change(txt('CREATE', 'a.example.com.'), txt('CREATE', 'b.example.com.'));
  await change(txt('DELETE', 'a.example.com.'));
  await change(txt('CREATE', 'a.example.com.'));
  const refused = await sdkFailure(change(txt('CREATE', 'a.example.com.', '"other"')));
  assert.equal(refused.name, 'InvalidChangeBatch');
  assert.match(refused.message, /already exists/);
  // Deleted and created again in one batch, as Route 53 applies a batch in order.
  await change(txt('DELETE', 'a.example.com.'), txt('CREATE', 'a.example.com.', '"y"'));
  const left = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId }))).ResourceRecordSets ?? [];
  assert.deepEqual(
    left.filter((r) => r.Type === 'TXT').map((r) => `${r.Name} ${r.ResourceRecords?.[0]?.Value}`),
    ['a.example.com. "y"', 'b.example.com. "x"'],
  );
});

test('CreateService of a name taken answers that service for its own client token, and is refused for any other', async () => {
  const { ecs } = aws.clients();
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const td = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }));
  const create = (clientToken: string, desiredCount: number) =>
    ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 's', taskDefinition: td.taskDefinition!.taskDefinitionArn!, desiredCount, clientToken }));
  const first = await create('token-1', 1);
  const again = await create('token-1', 1);
  assert.equal(again.service?.serviceArn, first.service?.serviceArn);
  const refused = await sdkFailure(create('token-2', 3));
  assert.equal(refused.name, 'InvalidParameterException');
  assert.match(refused.message, /not idempotent/);
  assert.equal((await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).services?.[0]?.desiredCount, 1);
});
