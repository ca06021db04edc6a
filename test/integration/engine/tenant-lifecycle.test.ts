// Acceptance 2 and 3 (issue 4): adding a tenant to a converged tier plans and makes exactly that
// tenant's resources, with the minimal mutating calls; removing one deletes its resources in the
// safe order of docs/design.md §7.4 and touches no other tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLoadBalancersCommand, DescribeListenersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

function tierWith(tenants: Readonly<Record<string, number>>): ManifestSet {
  const b = manifestSet().tier('tier-1', { downstreams: [CACHE], routing: { match: 'host' } }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const [name, clusters] of Object.entries(tenants)) b.tenant(name, { clusters });
  return b.build();
}

async function converged(set: ManifestSet): Promise<void> {
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());
  aws.proxy.resetCounters();
}

function mutatingByOperation(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of aws.proxy.calls({ mutating: true })) out[c.operation] = (out[c.operation] ?? 0) + 1;
  return out;
}

test('adding a tenant plans exactly its resources and applies them with the minimal mutating calls', async () => {
  await converged(tierWith({ alpha: 1, beta: 2 }));
  const grown = tierWith({ alpha: 1, beta: 2, gamma: 2 });

  const { plan } = await planSet(grown, factory());
  assert.deepEqual(plan.conflicts, []);
  assert.ok(plan.actions.every((a) => a.action === 'create' && a.owner.tenant === 'gamma'), plan.actions.map((a) => a.id).join('\n'));
  const kinds = plan.actions.map((a) => `${a.kind}${a.owner.clusterIndex !== undefined ? ` #${a.owner.clusterIndex}` : ''}`).sort();
  assert.deepEqual(kinds, [
    'dns-ownership',
    'dns-record',
    'ecs-cluster #1',
    'ecs-cluster #2',
    'ecs-service #1',
    'ecs-service #2',
    'listener-rule',
    'target-group #1',
    'target-group #2',
    'task-definition',
  ]);

  aws.proxy.resetCounters();
  const { results } = await applySet(grown, factory());
  assert.deepEqual(failedOutcomes(results), []);
  // The minimum for a two-cluster tenant: each resource is created with its tags in the same
  // call; the ownership TXT goes out before its alias (so a crash never leaves an alias that is
  // not provably ours), one ChangeResourceRecordSets per DNS level. AssumeRole is a read.
  assert.deepEqual(mutatingByOperation(), {
    CreateTargetGroup: 2,
    // CreateTargetGroup takes no attributes: the deregistration delay, then its tag.
    ModifyTargetGroupAttributes: 2,
    AddTags: 2,
    CreateCluster: 2,
    RegisterTaskDefinition: 1,
    CreateRule: 1,
    CreateService: 2,
    ChangeResourceRecordSets: 2,
  });
  await assertInSync(grown, factory());
});

test('removing a tenant deletes its resources in the safe order and no mutating call names another tenant', async () => {
  const before = tierWith({ alpha: 1, beta: 2, gamma: 1 });
  await converged(before);
  const cell = before.cells[0]!;
  const clients = await aws.clientsInAccount(cell.spec.accountId);
  const elbv2 = clients.elbv2;
  const tgsBefore = (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const betaTgs = new Set(tgsBefore.filter((t) => t.TargetGroupName?.startsWith('beta-')).map((t) => t.TargetGroupArn!));
  assert.equal(betaTgs.size, 2);
  const lb = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!;
  const listener = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0]!;
  const rules = async () => ((await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).filter((r) => !r.IsDefault);
  const rulesBefore = await rules();
  const betaRule = rulesBefore.find((r) => r.Actions?.[0]?.ForwardConfig?.TargetGroups?.some((t) => betaTgs.has(t.TargetGroupArn!)))!;
  // The zone lives in the controller's own (DNS) account.
  const dns = aws.clients().route53;
  const zoneId = (await dns.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!;
  const records = async () => (await dns.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
  const recordsBefore = await records();

  const after = tierWith({ alpha: 1, gamma: 1 });
  // One tenant of three is a third of the tier: above the default deletion guard of 20%.
  const { results } = await applySet(after, factory(), {}, { maxDeletePercent: 50 });
  assert.deepEqual(failedOutcomes(results), []);

  const log = aws.proxy.calls({ mutating: true });
  const seqOf = (op: string, resource?: (r: string) => boolean) =>
    log.filter((c) => c.operation === op && (resource === undefined || resource(c.resource ?? ''))).map((c) => c.seq);
  const dnsChanges = seqOf('ChangeResourceRecordSets');
  const ruleDelete = seqOf('DeleteRule');
  const serviceDeletes = seqOf('DeleteService');
  const tgDeletes = seqOf('DeleteTargetGroup');
  const clusterDeletes = seqOf('DeleteCluster');
  assert.deepEqual([dnsChanges.length, ruleDelete.length, serviceDeletes.length, tgDeletes.length, clusterDeletes.length], [2, 1, 2, 2, 2]);
  const order = log.map((c) => `${c.seq} ${c.operation} ${c.resource ?? ''}`).join('\n');
  // docs/design.md §7.4: tenant DNS record, listener rule, ECS service, target group, ECS cluster. The
  // order is per cluster (target group n waits for service n, not for service m), so services
  // and target groups are compared pairwise in order: the log names a service, not its cluster.
  assert.ok(Math.min(...dnsChanges) < ruleDelete[0]!, order);
  assert.ok(ruleDelete[0]! < Math.min(...serviceDeletes), order);
  serviceDeletes.forEach((s, i) => assert.ok(s < tgDeletes[i]!, order));
  for (const n of [1, 2]) {
    const tg = seqOf('DeleteTargetGroup', (r) => r.includes(`/beta-${n}-`));
    const cluster = seqOf('DeleteCluster', (r) => r.endsWith(`/tier-1-cell-1-ig-1-beta${n === 1 ? '' : `-${n}`}`));
    assert.ok(tg.length === 1 && cluster.length === 1 && tg[0]! < cluster[0]!, order);
  }
  // Nothing else mutates, and every mutating call names beta's resources (Route 53 changes name the zone).
  const named = (c: (typeof log)[number]): boolean => {
    const r = c.resource ?? '';
    switch (c.operation) {
      case 'DeleteRule': return r === betaRule.RuleArn;
      case 'DeleteTargetGroup': return betaTgs.has(r);
      case 'DeleteService': return r === 'beta';
      case 'DeleteCluster': return /-beta(-2)?$/.test(r);
      case 'DeregisterTaskDefinition': return r.includes('-beta:');
      case 'ChangeResourceRecordSets': return true;
      default: return false;
    }
  };
  assert.deepEqual(log.filter((c) => !named(c)).map((c) => `${c.operation} ${c.resource}`), [], order);

  // Other tenants untouched: their rules, target groups and records are exactly as before.
  const kept = (await rules()).map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(kept, rulesBefore.filter((r) => r.RuleArn !== betaRule.RuleArn).map((r) => JSON.stringify(r)).sort());
  const tgsAfter = (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  assert.deepEqual(tgsAfter.map((t) => t.TargetGroupArn).sort(), tgsBefore.filter((t) => !betaTgs.has(t.TargetGroupArn!)).map((t) => t.TargetGroupArn).sort());
  const notBeta = (r: { Name?: string | undefined }) => !/(^|\.)beta\.tier-1/.test(r.Name ?? '');
  assert.deepEqual((await records()).map((r) => JSON.stringify(r)).sort(), recordsBefore.filter(notBeta).map((r) => JSON.stringify(r)).sort());
  const arns = (await clients.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
  const clusters = (await clients.ecs.send(new DescribeClustersCommand({ clusters: arns }))).clusters ?? [];
  const active = clusters.filter((c) => c.status === 'ACTIVE').map((c) => c.clusterName).sort();
  assert.deepEqual(active, ['tier-1-cell-1-ig-1-alpha', 'tier-1-cell-1-ig-1-gamma']);
  await assertInSync(after, factory());
});

test('scaling a tenant down (clusters: 3 -> 1) updates its listener rule before deleting the services and target groups it forwarded to', async () => {
  await converged(tierWith({ alpha: 3 }));
  const { results } = await applySet(tierWith({ alpha: 1 }), factory());
  assert.deepEqual(failedOutcomes(results), []);
  const log = aws.proxy.calls({ mutating: true });
  const seqOf = (op: string) => log.filter((c) => c.operation === op).map((c) => c.seq);
  const order = log.map((c) => `${c.seq} ${c.operation} ${c.resource ?? ''}`).join('\n');
  const [modify, services, targetGroups] = [seqOf('ModifyRule'), seqOf('DeleteService'), seqOf('DeleteTargetGroup')];
  assert.deepEqual([modify.length, services.length, targetGroups.length], [1, 2, 2], order);
  assert.ok(modify[0]! < Math.min(...services, ...targetGroups), order);
});
