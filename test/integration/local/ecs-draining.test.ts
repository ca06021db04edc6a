// ECS draining as AWS does it (docs/aws-behaviour.md §17): with the proxy's draining
// on, a deleted service stays DRAINING for its target group's deregistration delay (scaled),
// DeleteCluster is refused meanwhile in ECS's wire shape, and CreateService of that name too.
// Off by default: moto deletes at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withLocalAws } from '../../support/local-aws.js';

// The proxy's clock, moved by the test: the drain ends when the test says, not when a loaded
// machine gets round to it.
let nowMs = 0;
const aws = withLocalAws({ proxy: { clock: () => nowMs } });

/** A cluster with one service registered in a target group whose delay is `delaySeconds`. */
async function serviceBehindTargetGroup(delaySeconds: number) {
  const { ec2, ecs, elbv2 } = aws.clients({ maxAttempts: 1 });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.1.0/24' }))).Subnet!.SubnetId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'drain', Description: 'drain' }))).GroupId!;
  const tg = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'drain-tg', Protocol: 'HTTP', Port: 8080, TargetType: 'ip', VpcId: vpc }))).TargetGroups![0]!;
  await elbv2.send(new ModifyTargetGroupAttributesCommand({
    TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(delaySeconds) }],
  }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'drain' }));
  const td = (await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'drain', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512',
    containerDefinitions: [{ name: 'app', image: 'app:1', portMappings: [{ containerPort: 8080 }] }],
  }))).taskDefinition!;
  const create = () => ecs.send(new CreateServiceCommand({
    cluster: 'drain', serviceName: 'svc', taskDefinition: td.taskDefinitionArn, desiredCount: 1, launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [sg] } },
    loadBalancers: [{ targetGroupArn: tg.TargetGroupArn, containerName: 'app', containerPort: 8080 }],
  }));
  await create();
  return { ecs, create };
}

const status = async (ecs: Awaited<ReturnType<typeof serviceBehindTargetGroup>>['ecs']) =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'drain', services: ['svc'] }))).services?.[0]?.status;

const refusedWith = (name: string, message: RegExp) => (err: Error) => {
  assert.equal(err.name, name);
  assert.match(err.message, message);
  return true;
};

test('off by default: moto deletes the service and then the cluster at once', async () => {
  const { ecs } = await serviceBehindTargetGroup(300);
  await ecs.send(new DeleteServiceCommand({ cluster: 'drain', service: 'svc', force: true }));
  assert.equal(await status(ecs), 'INACTIVE');
  await ecs.send(new DeleteClusterCommand({ cluster: 'drain' }));
});

test('with draining on, a deleted service drains for its target group delay; the cluster and the name wait for it', async () => {
  // 60 s of deregistration delay, plus up to 10% jitter; then 20 s while the stopped tasks are
  // cleaned up.
  aws.proxy.setDraining({ enabled: true, jitter: 0.1, taskStopSeconds: 20 });
  const { ecs, create } = await serviceBehindTargetGroup(60);
  nowMs = 1_000_000;
  await ecs.send(new DeleteServiceCommand({ cluster: 'drain', service: 'svc', force: true }));
  assert.equal(await status(ecs), 'DRAINING');
  await assert.rejects(ecs.send(new DeleteClusterCommand({ cluster: 'drain' })), refusedWith('ClusterContainsServicesException', /while Services are active/));
  await assert.rejects(create(), refusedWith('InvalidParameterException', /still Draining/));
  nowMs += 59_000;
  assert.equal(await status(ecs), 'DRAINING', 'the whole delay');

  nowMs += 7_000; // past 60 s and its 10% of jitter
  assert.equal(await status(ecs), 'INACTIVE');
  await assert.rejects(ecs.send(new DeleteClusterCommand({ cluster: 'drain' })), refusedWith('ClusterContainsTasksException', /while Tasks are active/));
  nowMs += 20_000;
  await ecs.send(new DeleteClusterCommand({ cluster: 'drain' }));
  assert.deepEqual(
    aws.proxy.calls({ service: 'ecs', outcome: 'error' }).map((c) => c.errorCode),
    ['ClusterContainsServicesException', 'InvalidParameterException', 'ClusterContainsTasksException'],
  );
});
