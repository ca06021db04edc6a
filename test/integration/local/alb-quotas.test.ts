// The proxy refuses what real ALBs refuse and moto accepts, with AWS's error codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ModifyRuleCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { withLocalAws, type TestClients } from '../../support/local-aws.js';

const aws = withLocalAws();

interface Alb {
  readonly clients: TestClients;
  readonly listenerArn: string;
  readonly targetGroups: readonly string[];
}

async function albWithTargetGroups(count: number): Promise<Alb> {
  const clients = aws.clients();
  const { Vpc } = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const subnets = await Promise.all(
    ['a', 'b'].map((az, i) =>
      clients.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `us-east-1${az}` })),
    ),
  );
  const { LoadBalancers } = await clients.elbv2.send(
    new CreateLoadBalancerCommand({ Name: 'alb-1', Subnets: subnets.map((s) => s.Subnet!.SubnetId!) }),
  );
  const targetGroups: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { TargetGroups } = await clients.elbv2.send(
      new CreateTargetGroupCommand({ Name: `tg-${i}`, Protocol: 'HTTP', Port: 80, VpcId: Vpc!.VpcId!, TargetType: 'ip' }),
    );
    targetGroups.push(TargetGroups![0]!.TargetGroupArn!);
  }
  const { Listeners } = await clients.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: LoadBalancers![0]!.LoadBalancerArn!,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  return { clients, listenerArn: Listeners![0]!.ListenerArn!, targetGroups };
}

function weighted(arns: readonly string[]): Action[] {
  return [{ Type: 'forward', ForwardConfig: { TargetGroups: arns.map((TargetGroupArn) => ({ TargetGroupArn, Weight: 1 })) } }];
}

function rule(alb: Alb, priority: number, arns: readonly string[]): CreateRuleCommand {
  return new CreateRuleCommand({
    ListenerArn: alb.listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [`t${priority}.example.test`] } }],
    Actions: weighted(arns),
  });
}

async function refusal(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; $metadata: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata.httpStatusCode };
  }
  assert.fail('the call was accepted');
}

test('a forward action to six target groups is refused, to five accepted', async () => {
  const alb = await albWithTargetGroups(6);
  await alb.clients.elbv2.send(rule(alb, 1, alb.targetGroups.slice(0, 5)));
  assert.deepEqual(await refusal(alb.clients.elbv2.send(rule(alb, 2, alb.targetGroups))), { name: 'ValidationError', status: 400 });
  assert.equal(aws.proxy.count({ operation: 'CreateRule', outcome: 'quota-refused' }), 1);
});

test('a rule that would exceed the unique target groups of the load balancer is refused', async () => {
  aws.proxy.setQuotas({ uniqueTargetGroupsPerLoadBalancer: 3 });
  const alb = await albWithTargetGroups(4);
  const [a, b, c, d] = alb.targetGroups as [string, string, string, string];
  await alb.clients.elbv2.send(rule(alb, 1, [a, b]));
  await alb.clients.elbv2.send(rule(alb, 2, [b, c])); // b counts once
  // On the wire the code is TooManyUniqueTargetGroupsPerLoadBalancer; the SDK names it by its model shape.
  assert.deepEqual(await refusal(alb.clients.elbv2.send(rule(alb, 3, [d]))), {
    name: 'TooManyUniqueTargetGroupsPerLoadBalancerException',
    status: 400,
  });
  assert.equal(aws.proxy.calls({ outcome: 'quota-refused' })[0]?.errorCode, 'TooManyUniqueTargetGroupsPerLoadBalancer');
});

test('modifying a rule counts the target groups it drops as freed', async () => {
  aws.proxy.setQuotas({ uniqueTargetGroupsPerLoadBalancer: 2 });
  const alb = await albWithTargetGroups(3);
  const [a, b, c] = alb.targetGroups as [string, string, string];
  const { Rules } = await alb.clients.elbv2.send(rule(alb, 1, [a, b]));
  await alb.clients.elbv2.send(new ModifyRuleCommand({ RuleArn: Rules![0]!.RuleArn!, Actions: weighted([a, c]) }));
  assert.equal(aws.proxy.count({ operation: 'ModifyRule', outcome: 'ok' }), 1);
});

test('a rule beyond the rules of the load balancer is refused with TooManyRules', async () => {
  aws.proxy.setQuotas({ rulesPerLoadBalancer: 2 });
  const alb = await albWithTargetGroups(1);
  await alb.clients.elbv2.send(rule(alb, 1, alb.targetGroups));
  await alb.clients.elbv2.send(rule(alb, 2, alb.targetGroups));
  assert.deepEqual(await refusal(alb.clients.elbv2.send(rule(alb, 3, alb.targetGroups))), { name: 'TooManyRulesException', status: 400 });
  assert.equal(aws.proxy.calls({ outcome: 'quota-refused' })[0]?.errorCode, 'TooManyRules');
});

test('concurrent rule creations cannot slip past the rule quota together', async () => {
  aws.proxy.setQuotas({ rulesPerLoadBalancer: 2 });
  const alb = await albWithTargetGroups(1);
  const results = await Promise.allSettled([1, 2, 3, 4].map((p) => alb.clients.elbv2.send(rule(alb, p, alb.targetGroups))));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
  assert.equal(aws.proxy.count({ operation: 'CreateRule', outcome: 'quota-refused' }), 2);
});
