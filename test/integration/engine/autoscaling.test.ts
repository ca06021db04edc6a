// Issue 12 acceptance, autoscaling (docs/design.md §11.2), on moto through the proxy: one scalable
// target with both policies per service, a new service at minCapacity, drift of a target's max
// and a deleted policy fixed by one apply, a removed tenant's policies and targets deleted before
// its services, and removing autoscaling giving the count back to the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteScalingPolicyCommand, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { Autoscaling, ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const SCALING: Autoscaling = { minCapacity: 2, maxCapacity: 6, cpuTarget: 60, memoryTarget: 70 };
const ID = (tenant: string, n = 1) => `service/tier-1-cell-1-ig-1-${tenant}${n === 1 ? '' : `-${n}`}/${tenant}`;

function tierWith(tenants: Readonly<Record<string, Autoscaling | undefined>>): ManifestSet {
  const b = manifestSet().tier('tier-1', { routing: { match: 'host' } }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const [name, autoscaling] of Object.entries(tenants)) b.tenant(name, { clusters: 2, workload: autoscaling === undefined ? {} : { autoscaling } });
  return b.build();
}

async function converged(set: ManifestSet): Promise<void> {
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());
}

const cell = async (set: ManifestSet) => aws.clientsInAccount(set.cells[0]!.spec.accountId);

async function policiesOf(set: ManifestSet, resourceId: string): Promise<[string, string, number][]> {
  const { autoscaling } = await cell(set);
  const out = await autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId }));
  return (out.ScalingPolicies ?? [])
    .map((p): [string, string, number] => [p.PolicyName!, p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType ?? '', p.TargetTrackingScalingPolicyConfiguration?.TargetValue ?? 0])
    .sort();
}

test('each autoscaled service gets one scalable target with both policies, and starts at minCapacity', async () => {
  const set = tierWith({ alpha: SCALING, beta: undefined });
  await converged(set);
  await assertInSync(set, factory());
  const { autoscaling, ecs } = await cell(set);
  const targets = (await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets ?? [];
  assert.deepEqual(targets.map((t) => [t.ResourceId, t.ScalableDimension, t.MinCapacity, t.MaxCapacity]).sort(), [
    [ID('alpha', 2), 'ecs:service:DesiredCount', 2, 6],
    [ID('alpha'), 'ecs:service:DesiredCount', 2, 6],
  ]);
  for (const id of [ID('alpha'), ID('alpha', 2)]) {
    assert.deepEqual(await policiesOf(set, id), [
      ['tiered-cpu', 'ECSServiceAverageCPUUtilization', 60],
      ['tiered-memory', 'ECSServiceAverageMemoryUtilization', 70],
    ]);
  }
  const alpha = (await ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }))).services![0]!;
  const beta = (await ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-beta', services: ['beta'] }))).services![0]!;
  assert.deepEqual([alpha.desiredCount, beta.desiredCount], [2, 2]);
});

test('drift of a target max and a deleted policy is reported with live and desired values and fixed by one apply; the autoscaler’s count is left alone', async () => {
  const set = tierWith({ alpha: { ...SCALING, minCapacity: 1 } });
  await converged(set);
  const { autoscaling, ecs } = await cell(set);
  await autoscaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: ID('alpha'), ScalableDimension: 'ecs:service:DesiredCount', MaxCapacity: 9 }));
  await autoscaling.send(new DeleteScalingPolicyCommand({ ServiceNamespace: 'ecs', ResourceId: ID('alpha', 2), ScalableDimension: 'ecs:service:DesiredCount', PolicyName: 'tiered-memory' }));
  // What the autoscaler would do: not drift.
  const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
  await ecs.send(new UpdateServiceCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', service: 'alpha', desiredCount: 5 }));

  const json = planToJson((await planSet(set, factory())).plan);
  assert.deepEqual(json.actions.map((a) => [a.actionId, a.changes]).sort(), [
    ['create:scalingPolicy:tier-1/cell-1/ig-1/alpha/2/memory', []],
    ['update:scalableTarget:tier-1/cell-1/ig-1/alpha/1', [{ field: 'maxCapacity', live: 9, desired: 6 }]],
  ]);
  await applyConverged(set, factory());
  await assertInSync(set, factory());
  assert.equal((await policiesOf(set, ID('alpha', 2))).length, 2);
  assert.equal((await ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }))).services![0]!.desiredCount, 5);
});

test('deleting a tenant deletes its policies and scalable targets before its services', async () => {
  await converged(tierWith({ alpha: SCALING, beta: SCALING }));
  aws.proxy.resetCounters();
  const shrunk = tierWith({ alpha: SCALING });
  // 1 of 2 tenants is past the deletion guard's 20 %.
  const { planned, results } = await applySet(shrunk, factory(), {}, { allowMassDelete: true });
  assert.deepEqual(failedOutcomes(results), []);
  // Each cluster's service waits for its target, the target for its two policies.
  const deps = new Map(planned.plan.actions.map((a) => [a.id, a.dependsOn]));
  for (const n of [1, 2]) {
    const at = `tier-1/cell-1/ig-1/beta/${n}`;
    const policies = [`delete:scalingPolicy:${at}/cpu`, `delete:scalingPolicy:${at}/memory`];
    for (const id of [...policies, `delete:scalableTarget:${at}`]) assert.ok(deps.get(`delete:ecsService:${at}`)?.includes(id), id);
    for (const id of policies) assert.ok(deps.get(`delete:scalableTarget:${at}`)?.includes(id), id);
  }
  const ops = aws.proxy.calls({ mutating: true }).map((c) => c.operation);
  assert.equal(ops.filter((o) => o === 'DeleteScalingPolicy').length, 4);
  assert.equal(ops.filter((o) => o === 'DeregisterScalableTarget').length, 2);
  assert.ok(ops.indexOf('DeregisterScalableTarget') < ops.indexOf('DeleteService'), ops.join(' '));
  await assertInSync(shrunk, factory());
  const { autoscaling } = await cell(shrunk);
  const left = (await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets ?? [];
  assert.deepEqual(left.map((t) => t.ResourceId).sort(), [ID('alpha', 2), ID('alpha')]);
});

test('removing autoscaling deregisters the targets (their policies with them) and sets the manifest’s desiredCount', async () => {
  await converged(tierWith({ alpha: SCALING }));
  const plain = tierWith({ alpha: undefined });
  const json = planToJson((await planSet(plain, factory())).plan);
  assert.deepEqual(json.actions.filter((a) => a.kind === 'scalable-target').map((a) => a.actionId).sort(), [
    'delete:scalableTarget:tier-1/cell-1/ig-1/alpha/1', 'delete:scalableTarget:tier-1/cell-1/ig-1/alpha/2',
  ]);
  aws.proxy.resetCounters();
  await applyConverged(plain, factory());
  await assertInSync(plain, factory());
  const { autoscaling, ecs } = await cell(plain);
  assert.deepEqual((await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets, []);
  assert.deepEqual((await autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }))).ScalingPolicies, []);
  const alpha = (await ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }))).services![0]!;
  assert.equal(alpha.desiredCount, 2); // the builder's workload desiredCount
});
