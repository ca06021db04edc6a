// Acceptance 4 (issue 4): out-of-band drift made with the SDK is reported with live and desired
// values, and one apply fixes it (the next plan is in sync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVpcEndpointsCommand, DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { applyConverged, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

function tier(): ManifestSet {
  return manifestSet()
    .tier('tier-1', { downstreams: [CACHE], routing: { match: 'host' } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('weights', { clusters: 2 })
    .tenant('lost-tg', { clusters: 2 })
    .tenant('swapped', { clusters: 1 })
    .tenant('dns', { clusters: 1 })
    .build();
}

test('drift made out of band (rule weights, a deleted target group, a DNS weight, a swapped task definition, a deleted endpoint) is reported with live and desired values and fixed by one apply', async () => {
  const set = tier();
  await bootstrapLocalAws(set, factory());
  await applyConverged(set, factory());
  const cell = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const { elbv2, ecs, ec2 } = cell;

  const lb = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!;
  const listener = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0]!;
  const rules = ((await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).filter((r) => !r.IsDefault);
  const tgs = (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const tgOf = (prefix: string) => tgs.filter((t) => t.TargetGroupName!.startsWith(prefix)).sort((a, b) => a.TargetGroupName!.localeCompare(b.TargetGroupName!));
  const ruleOf = (tenant: string): Rule => rules.find((r) => r.Conditions?.some((c) => c.HostHeaderConfig?.Values?.[0]?.startsWith(`${tenant}.`)))!;

  // 1. Rule weights: 90/10 instead of an even split.
  const [w1, w2] = tgOf('weights-');
  await elbv2.send(new ModifyRuleCommand({
    RuleArn: ruleOf('weights').RuleArn,
    Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: w1!.TargetGroupArn, Weight: 90 }, { TargetGroupArn: w2!.TargetGroupArn, Weight: 10 }] } }],
  }));
  // 2. A target group deleted (its rule first made to forward to the other one, as AWS requires).
  const [l1, l2] = tgOf('lost-tg-');
  await elbv2.send(new ModifyRuleCommand({
    RuleArn: ruleOf('lost-tg').RuleArn,
    Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: l1!.TargetGroupArn, Weight: 1 }] } }],
  }));
  await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: l2!.TargetGroupArn }));
  // 3. A tenant's DNS weight.
  const route53 = aws.clients().route53;
  const zoneId = (await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!;
  const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
  const dnsAlias = records.find((r) => r.Type === 'A' && r.Name === 'dns.tier-1.us-east-1.example.com.')!;
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { ...dnsAlias, Weight: 7 } }] } }));
  // 4. A service moved to a revision registered by hand.
  const cluster = 'tier-1-cell-1-ig-1-swapped';
  const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['swapped'] }))).services![0]!;
  const original = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition! }))).taskDefinition!;
  const [container] = original.containerDefinitions!;
  const byHand = await ecs.send(new RegisterTaskDefinitionCommand({
    family: original.family!,
    containerDefinitions: [{ ...container!, image: 'public.ecr.aws/example/app:9.9.9-hotfix' }],
    cpu: original.cpu, memory: original.memory, networkMode: original.networkMode, requiresCompatibilities: original.requiresCompatibilities,
    taskRoleArn: original.taskRoleArn, executionRoleArn: original.executionRoleArn,
  }));
  await ecs.send(new UpdateServiceCommand({ cluster, service: 'swapped', taskDefinition: byHand.taskDefinition!.taskDefinitionArn }));
  // 5. The infra group's interface endpoint.
  const [endpoint] = (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
  await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpoint!.VpcEndpointId!] }));

  const { plan } = await planSet(set, factory());
  const json = planToJson(plan);
  const changesOf = (actionId: string) => {
    const action = json.actions.find((a) => a.actionId === actionId);
    assert.ok(action, `${actionId} in:\n${json.actions.map((a) => a.actionId).join('\n')}`);
    return action.changes;
  };
  const arn = (t: { TargetGroupArn?: string | undefined }) => t.TargetGroupArn!;
  const afterTg2 = { knownAfterApply: 'targetGroup:tier-1/cell-1/ig-1/lost-tg/2#arn' };
  assert.deepEqual(changesOf('update:listenerRule:tier-1/cell-1/ig-1/weights'), [{
    field: 'forward',
    live: [{ targetGroupArn: arn(w1!), weight: 90 }, { targetGroupArn: arn(w2!), weight: 10 }],
    desired: [{ targetGroupArn: arn(w1!), weight: 1 }, { targetGroupArn: arn(w2!), weight: 1 }],
  }]);
  assert.deepEqual(changesOf('create:targetGroup:tier-1/cell-1/ig-1/lost-tg/2'), []);
  assert.deepEqual(changesOf('update:listenerRule:tier-1/cell-1/ig-1/lost-tg'), [{
    field: 'forward',
    live: [{ targetGroupArn: arn(l1!), weight: 1 }],
    desired: [{ targetGroupArn: arn(l1!), weight: 1 }, { targetGroupArn: afterTg2, weight: 1 }],
  }]);
  assert.deepEqual(changesOf('update:ecsService:tier-1/cell-1/ig-1/lost-tg/2'), [{ field: 'loadBalancer.targetGroupArn', live: arn(l2!), desired: afterTg2 }]);
  assert.deepEqual(changesOf('update:dnsRecord:tier-1/cell-1/ig-1/dns'), [{ field: 'weight', live: 7, desired: 1 }]);
  assert.deepEqual(changesOf('update:ecsService:tier-1/cell-1/ig-1/swapped/1'), [
    { field: 'taskDefinition', live: byHand.taskDefinition!.taskDefinitionArn!, desired: original.taskDefinitionArn! },
  ]);
  assert.deepEqual(changesOf('create:endpoint:tier-1/cell-1/ig-1/cache'), []);
  assert.equal(json.actions.length, 7, json.actions.map((a) => a.actionId).join('\n'));
  assert.deepEqual(json.conflicts, []);

  await applyConverged(set, factory());
  await assertInSync(set, factory());
  // The service is back on tiered's revision; the one registered by hand is not ours to remove.
  const fixed = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['swapped'] }))).services![0]!;
  assert.equal(fixed.taskDefinition, original.taskDefinitionArn);
  assert.equal((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: byHand.taskDefinition!.taskDefinitionArn! }))).taskDefinition?.status, 'ACTIVE');
});
