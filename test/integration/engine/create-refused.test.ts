// A create refused because its name, port or priority is taken (docs: reconcilers/existing-ours.ts):
// by our own earlier create whose answer was lost, the pass takes the resource as made; by
// anything else, the action fails with AWS's refusal and the resource in the way is not touched.
// The thing in the way is made between plan and apply, by the hook the lease guard uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateServiceCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceKind } from '../../../src/desired/topology/resource.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { Action } from '../../../src/plan/action.js';
import type { ActionOutcome } from '../../../src/reconcilers/apply-types.js';
import { applySet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import type { TestClients } from '../../support/local-aws.js';

const { aws, factory } = withEngineAws();

const SET = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'] }).tenant('alpha').build();

type InTheWay = (cell: TestClients, action: Action & { action: 'create' }, tags: { Key: string; Value: string }[]) => Promise<void>;

/** Applies SET from an empty account; just before the first create of `kind`, `makeInTheWay`
 * makes what will refuse it, with our tags when `ours`. Returns the outcome of that create. */
async function applyWithInTheWay(kind: ResourceKind, ours: boolean, makeInTheWay: InTheWay): Promise<{ outcome: ActionOutcome; cell: TestClients }> {
  await bootstrapLocalAws(SET, factory());
  const cell = await aws.clientsInAccount(SET.cells[0]!.spec.accountId);
  let made = false;
  const { results } = await applySet(SET, factory(), {
    beforeMutation: async (action) => {
      if (made || action.kind !== kind || action.action !== 'create') return;
      made = true;
      const tags = ours ? Object.entries(action.desired.tags).map(([Key, Value]) => ({ Key, Value })) : [{ Key: 'team', Value: 'someone-else' }];
      await makeInTheWay(cell, action, tags);
    },
  });
  assert.ok(made, `a ${kind} was created`);
  const outcome = results.flatMap((r) => r.outcomes).find((o) => o.kind === kind && o.action === 'create');
  assert.ok(outcome !== undefined);
  return { outcome, cell };
}

async function subnets(cell: TestClients): Promise<string[]> {
  return ((await cell.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? []).filter((s) => s.Tags?.some((t) => t.Value?.endsWith('-private'))).map((s) => s.SubnetId!);
}

/** An ALB of the desired name with other settings (internal): AWS refuses the create by name. */
const albInTheWay: InTheWay = async (cell, action, Tags) => {
  await cell.elbv2.send(new CreateLoadBalancerCommand({ Name: action.desired.identity.name, Subnets: await subnets(cell), Scheme: 'internal', Tags }));
};

for (const ours of [true, false]) {
  test(`CreateLoadBalancer refused by name, the ALB in the way ${ours ? 'ours: taken as made' : 'not ours: the action fails, the ALB stays'}`, async () => {
    const { outcome, cell } = await applyWithInTheWay('load-balancer', ours, albInTheWay);
    if (ours) assert.equal(outcome.status, 'succeeded');
    else assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'DuplicateLoadBalancerName']);
    assert.equal((await cell.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.length, 1);
  });

  test(`CreateListener refused on a taken port, the listener in the way ${ours ? 'ours: taken and fixed' : 'not ours: the action fails'}`, async () => {
    const { outcome, cell } = await applyWithInTheWay('listener', ours, async (c, action, Tags) => {
      const lb = (await c.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!.LoadBalancerArn!;
      await c.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb,
          Port: Number(action.desired.spec['port']),
          Protocol: 'HTTP',
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
          Tags,
        }),
      );
    });
    const listeners = (await cell.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!.map((l) => l.LoadBalancerArn!);
    const [listener] = (await cell.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: listeners[0] }))).Listeners ?? [];
    if (ours) {
      assert.equal(outcome.status, 'succeeded');
      assert.notEqual(listener?.DefaultActions?.[0]?.FixedResponseConfig?.StatusCode, '503', 'the listener found was fixed to the desired settings');
    } else {
      assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'DuplicateListener']);
      assert.equal(listener?.DefaultActions?.[0]?.FixedResponseConfig?.StatusCode, '503', 'the listener that is not ours is untouched');
    }
  });
}

test('CreateTargetGroup refused by a target group of its name that is not ours: the action fails, that group stays', async () => {
  const { outcome, cell } = await applyWithInTheWay('target-group', false, async (c, action, Tags) => {
    await c.elbv2.send(new CreateTargetGroupCommand({ Name: action.desired.identity.name, TargetType: 'lambda', Tags }));
  });
  assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'DuplicateTargetGroupName']);
  assert.equal((await cell.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.[0]?.TargetType, 'lambda');
});

test('CreateRule refused at a priority held by a rule that is not ours: the action fails', async () => {
  const { outcome } = await applyWithInTheWay('listener-rule', false, async (c, action, Tags) => {
    const lb = (await c.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!.LoadBalancerArn!;
    const listener = (await c.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb }))).Listeners![0]!.ListenerArn!;
    await c.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: Number(action.desired.spec['priority']),
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/elsewhere'] } }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        Tags,
      }),
    );
  });
  assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'PriorityInUse']);
});

test('CreateService refused by a service of its name that is not ours: the action fails, that service stays', async () => {
  const { outcome, cell } = await applyWithInTheWay('ecs-service', false, async (c, action, tags) => {
    const spec = action.desired.spec as Record<string, unknown>;
    const clusterName = 'tier-1-cell-1-ig-1-alpha';
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: clusterName,
        serviceName: String(spec['name']),
        taskDefinition: `${clusterName}:1`,
        desiredCount: 0,
        tags: tags.map((t) => ({ key: t.Key, value: t.Value })),
      }),
    );
  });
  assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'ServiceExists']);
  const { services } = await cell.ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }));
  assert.equal(services?.[0]?.desiredCount, 0);
});
