// Acceptance 5 (issue 4): resources tiered cannot prove its own (no ownership tag, or another
// instance's tiered.dev/managed-by) in the same accounts, listeners and zones are never modified
// or deleted, even where they hold what tiered wants: they are reported as conflicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { TAG } from '../../../src/desired/tags.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { applyConverged, applySet, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

function tier(tenants: readonly string[]): ManifestSet {
  const b = manifestSet().tier('tier-1', { routing: { match: 'host' } }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const t of tenants) b.tenant(t);
  return b.build();
}

test('foreign and other-owner resources that collide with what tiered wants are reported as conflicts and never touched', async () => {
  const first = tier(['keep']);
  await bootstrapLocalAws(first, factory());
  await applyConverged(first, factory());
  const set = tier(['keep', 'alpha', 'beta', 'gamma']);
  const wanted = new Map((await planSet(set, factory())).plan.actions.map((a) => [a.key, a.aws.name]));

  const cell = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const { elbv2, ecs, ec2 } = cell;
  const lb = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!;
  const listener = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0]!;
  const vpcId = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['tier-1-cell-1-ig-1'] }] }))).Vpcs![0]!.VpcId!;

  // A foreign target group with the name tiered wants for beta's target group.
  const tgName = wanted.get('targetGroup:tier-1/cell-1/ig-1/beta/1')!;
  const foreignTg = (await elbv2.send(new CreateTargetGroupCommand({ Name: tgName, Protocol: 'HTTP', Port: 9999, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  // A foreign rule at the priority tiered planned for alpha, forwarding to that target group.
  const priority = Number(wanted.get('listenerRule:tier-1/cell-1/ig-1/alpha'));
  const foreignRule = (await elbv2.send(new CreateRuleCommand({
    ListenerArn: listener.ListenerArn, Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['someone-else.example.com'] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: foreignTg.TargetGroupArn }],
  }))).Rules![0]!;
  // gamma's first cluster, held by another tiered instance.
  const clusterName = wanted.get('ecsCluster:tier-1/cell-1/ig-1/gamma/1')!;
  const otherTags = [
    { key: TAG.managedBy, value: 'another-tiered' }, { key: TAG.tier, value: 'tier-1' }, { key: TAG.cell, value: 'cell-1' },
    { key: TAG.infraGroup, value: 'ig-1' }, { key: TAG.tenant, value: 'gamma' },
  ];
  const otherCluster = (await ecs.send(new CreateClusterCommand({ clusterName, tags: otherTags }))).cluster!;
  // A weighted record at gamma's name with tiered's SetIdentifier, but no ownership TXT.
  const route53 = aws.clients().route53;
  const zoneId = (await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!;
  const foreignRecord: ResourceRecordSet = {
    Name: 'gamma.tier-1.us-east-1.example.com.', Type: 'A', SetIdentifier: 'tiered:cell-1/ig-1', Weight: 5, TTL: 60, ResourceRecords: [{ Value: '10.1.2.3' }],
  };
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: foreignRecord }] } }));

  const snapshot = async () => ({
    tg: (await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [foreignTg.TargetGroupArn!] }))).TargetGroups,
    rule: ((await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).find((r) => r.RuleArn === foreignRule.RuleArn),
    cluster: (await ecs.send(new DescribeClustersCommand({ clusters: [otherCluster.clusterArn!], include: ['TAGS'] }))).clusters,
    records: ((await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? []).filter((r) => r.Name?.startsWith('gamma.') || r.Name?.startsWith('_tiered.gamma.')),
  });
  const before = await snapshot();

  const json = planToJson((await planSet(set, factory())).plan);
  assert.deepEqual(json.conflicts.map((c) => [c.key, c.ownership]), [
    ['dnsRecord:tier-1/cell-1/ig-1/gamma', 'foreign'],
    ['ecsCluster:tier-1/cell-1/ig-1/gamma/1', 'other-owner'],
    ['targetGroup:tier-1/cell-1/ig-1/beta/1', 'foreign'],
  ]);
  const held = (key: string) => json.actions.find((a) => a.key === key)?.reportOnly;
  assert.deepEqual(held('listenerRule:tier-1/cell-1/ig-1/beta'), { reason: 'blocked-by-conflict', conflict: 'targetGroup:tier-1/cell-1/ig-1/beta/1' });
  assert.deepEqual(held('ecsService:tier-1/cell-1/ig-1/gamma/1'), { reason: 'blocked-by-conflict', conflict: 'ecsCluster:tier-1/cell-1/ig-1/gamma/1' });
  // No ownership TXT beside the foreign record: it would make the record look ours next pass.
  assert.deepEqual(held('dnsOwnership:tier-1/cell-1/ig-1/gamma'), { reason: 'blocked-by-conflict', conflict: 'dnsRecord:tier-1/cell-1/ig-1/gamma' });
  // The foreign rule's priority is taken: alpha's rule goes elsewhere, so it does not collide.
  const alphaRule = json.actions.find((a) => a.key === 'listenerRule:tier-1/cell-1/ig-1/alpha');
  assert.ok(alphaRule && alphaRule.reportOnly === null && alphaRule.name !== String(priority), JSON.stringify(alphaRule));

  aws.proxy.resetCounters();
  const { results } = await applySet(set, factory());
  assert.deepEqual(failedOutcomes(results), []);
  // No call names a foreign resource, nor tries to make one of its names again.
  const foreignIds = [foreignTg.TargetGroupArn!, foreignRule.RuleArn!, otherCluster.clusterArn!];
  const touching = aws.proxy.calls({ mutating: true }).filter((c) =>
    foreignIds.includes(c.resource ?? '') ||
    (c.operation.endsWith('Cluster') && c.resource === clusterName) ||
    (c.operation.endsWith('TargetGroup') && c.resource === tgName));
  assert.deepEqual(touching, []);
  assert.deepEqual(await snapshot(), before, 'every foreign resource is exactly as it was');
  // A second pass still reports the same conflicts and changes nothing.
  aws.proxy.resetCounters();
  const again = await applySet(set, factory());
  assert.equal(again.planned.plan.conflicts.length, 3);
  assert.equal(aws.proxy.count({ mutating: true }), 0);
});
