// Issue 11, bug 3: a tenant changing its port (a target group field AWS cannot change in place)
// used to hit ReplacementRefused: the name depended on identity alone and was taken by the live
// target group. The name now hashes the replacement fields, so the new target group is made
// beside the old one, the rule and the service switch to it, and the old one is deleted last.
// Target groups named by the older scheme (identity only) take the same path once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const CLUSTER = 'tier-1-cell-1-ig-1-alpha';

function tier(alphaPort?: number): ManifestSet {
  return manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('alpha', alphaPort === undefined ? {} : { workload: { port: alphaPort } })
    .tenant('beta', { clusters: 2 })
    .build();
}

async function converged(set: ManifestSet) {
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());
  const clients = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const lb = (await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0]!;
  const listener = (await clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0]!;
  const targetGroups = async () => (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const alphaRule = async () =>
    ((await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).find((r) =>
      r.Conditions?.some((c) => c.PathPatternConfig?.Values?.includes('/alpha')))!;
  const alphaService = async () =>
    (await clients.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['alpha'] }))).services![0]!;
  return { clients, targetGroups, alphaRule, alphaService };
}

/** The port is also the container's: the task definition got a new revision, and the one the
 * old tasks may still run is deregistered by the next pass (src/reconcilers/ecs/task-definition.ts). */
async function inSyncAfterRevisionCleanup(set: ManifestSet): Promise<void> {
  const { plan } = await planSet(set, factory());
  assert.deepEqual(plan.actions.map((a) => a.id), ['delete:taskDefinition:tier-1/cell-1/ig-1/alpha#rev1']);
  await applyConverged(set, factory());
  await assertInSync(set, factory());
}

function seqs(operation: string): number[] {
  return aws.proxy.calls({ mutating: true }).filter((c) => c.operation === operation).map((c) => c.seq);
}

test('a port change makes a new target group, switches the rule and the service to it, then deletes the old one', async () => {
  const w = await converged(tier());
  const before = await w.targetGroups();
  const oldTg = before.find((t) => t.TargetGroupName?.startsWith('alpha-1-'))!;
  assert.equal(oldTg.Port, 8080);
  aws.proxy.resetCounters();

  const moved = tier(9090);
  const { plan } = await planSet(moved, factory());
  const tgActions = plan.actions.filter((a) => a.kind === 'target-group');
  assert.deepEqual(tgActions.map((a) => a.action).sort(), ['create', 'delete'], 'made beside, deleted after (was: update, refused)');
  assert.equal(tgActions.find((a) => a.action === 'delete')?.aws.name, oldTg.TargetGroupName);
  const { results } = await applySet(moved, factory());
  assert.deepEqual(failedOutcomes(results), [], 'no ReplacementRefused, nothing failed');

  const after = await w.targetGroups();
  const newTg = after.find((t) => t.TargetGroupName?.startsWith('alpha-1-'))!;
  assert.equal(after.filter((t) => t.TargetGroupName?.startsWith('alpha-1-')).length, 1, 'the old target group is gone');
  assert.notEqual(newTg.TargetGroupName, oldTg.TargetGroupName);
  assert.equal(newTg.Port, 9090);
  const rule = await w.alphaRule();
  assert.deepEqual(rule.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.TargetGroupArn), [newTg.TargetGroupArn]);
  const service = await w.alphaService();
  assert.deepEqual(service.loadBalancers?.map((l) => [l.targetGroupArn, l.containerPort]), [[newTg.TargetGroupArn, 9090]]);
  // Beta's target groups are exactly as before.
  const beta = (tgs: typeof before) => tgs.filter((t) => t.TargetGroupName?.startsWith('beta-')).map((t) => t.TargetGroupArn).sort();
  assert.deepEqual(beta(after), beta(before));

  // create new -> switch the rule -> switch the service -> delete the old.
  const [create] = seqs('CreateTargetGroup');
  const [modifyRule] = seqs('ModifyRule');
  const [updateService] = seqs('UpdateService');
  const [deleteTg] = seqs('DeleteTargetGroup');
  const order = aws.proxy.calls({ mutating: true }).map((c) => `${c.seq} ${c.operation} ${c.resource ?? ''}`).join('\n');
  assert.ok(create! < modifyRule! && modifyRule! < updateService! && updateService! < deleteTg!, order);
  await inSyncAfterRevisionCleanup(moved);
});

test('a pass that stops after making the new target group leaves both under one key; the next pass switches and deletes the old', async () => {
  const w = await converged(tier());
  const oldName = (await w.targetGroups()).find((t) => t.TargetGroupName?.startsWith('alpha-1-'))!.TargetGroupName;
  const moved = tier(9090);
  aws.proxy.resetCounters();
  aws.proxy.setFaults([{ kind: 'server-error', service: 'elbv2', operation: 'ModifyRule' }]);
  const first = await applySet(moved, factory());
  assert.ok(failedOutcomes(first.results).length > 0);
  assert.equal((await w.targetGroups()).filter((t) => t.TargetGroupName?.startsWith('alpha-1-')).length, 2, 'old and new side by side');
  aws.proxy.clearFaults();

  const { results } = await applySet(moved, factory());
  assert.deepEqual(failedOutcomes(results), []);
  assert.equal(seqs('CreateTargetGroup').length, 1, 'the new target group is made once, in the first pass');
  const left = (await w.targetGroups()).filter((t) => t.TargetGroupName?.startsWith('alpha-1-'));
  assert.equal(left.length, 1);
  assert.notEqual(left[0]!.TargetGroupName, oldName);
  // The first pass registered the new revision; this one deregistered the old as an orphan.
  await assertInSync(moved, factory());
});

test('a target group named by the older scheme (identity only) is replaced through the same path, not orphaned', async () => {
  const set = tier();
  const w = await converged(set);
  const current = (await w.targetGroups()).find((t) => t.TargetGroupName?.startsWith('alpha-1-'))!;
  // What tiered before issue 11 named alpha's target group: a hash of its identity alone.
  const legacyName = `alpha-1-${createHash('sha256').update('tg|tier-1|cell-1|ig-1|alpha|1').digest('hex').slice(0, 10)}`;
  assert.equal(legacyName, 'alpha-1-5b2a3d83b5');
  const tags = (await w.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: [current.TargetGroupArn!] }))).TagDescriptions![0]!.Tags;
  const legacy = (await w.clients.elbv2.send(new CreateTargetGroupCommand({
    Name: legacyName, Protocol: 'HTTP', Port: 8080, TargetType: 'ip', VpcId: current.VpcId, HealthCheckProtocol: 'HTTP', HealthCheckPath: '/healthz', Tags: tags,
  }))).TargetGroups![0]!;
  const rule = await w.alphaRule();
  await w.clients.elbv2.send(new ModifyRuleCommand({
    RuleArn: rule.RuleArn, Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: legacy.TargetGroupArn, Weight: 1 }] } }],
  }));
  await w.clients.ecs.send(new UpdateServiceCommand({
    cluster: CLUSTER, service: 'alpha', loadBalancers: [{ targetGroupArn: legacy.TargetGroupArn, containerName: 'app', containerPort: 8080 }],
  }));
  await w.clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: current.TargetGroupArn }));
  aws.proxy.resetCounters();

  const { results } = await applySet(set, factory());
  assert.deepEqual(failedOutcomes(results), []);
  const left = (await w.targetGroups()).filter((t) => t.TargetGroupName?.startsWith('alpha-1-'));
  assert.deepEqual(left.map((t) => t.TargetGroupName), [current.TargetGroupName], 'the current scheme name, and only it');
  assert.deepEqual((await w.alphaService()).loadBalancers?.map((l) => l.targetGroupArn), [left[0]!.TargetGroupArn]);
  assert.deepEqual(aws.proxy.calls({ operation: 'DeleteTargetGroup' }).map((c) => c.resource), [legacy.TargetGroupArn]);
  await assertInSync(set, factory());
});
