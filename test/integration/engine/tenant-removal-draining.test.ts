// Issue 11, bug 2: in AWS a deleted ECS service's tasks drain for their target group's
// deregistration delay, and DeleteCluster is refused until they are gone. With the proxy's
// draining on, removing a tenant deletes its rule, services and target groups, and leaves the
// cluster deletes *pending* (not failed, not retried in a storm); the services are counted as
// going, so the next pass plans only the cluster deletes, which succeed once the drain is over.
// Target groups carry the tier's deregistration delay (30 s by default, AWS's is 300 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTagsCommand, DescribeTargetGroupAttributesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ManifestSet } from '../../../src/desired/model.js';
import { TAG } from '../../../src/desired/tags.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

// The proxy's clock, moved by the test: the drain ends when the test says.
let nowMs = 0;
const { aws, factory } = withEngineAws({ proxy: { clock: () => nowMs } });

function tierWith(tenants: Readonly<Record<string, number>>): ManifestSet {
  const b = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const [name, clusters] of Object.entries(tenants)) b.tenant(name, { clusters });
  return b.build();
}

test('removing a tenant while its tasks drain: cluster deletes end pending, the next pass plans only them, and they go once drained', async () => {
  aws.proxy.setDraining({ enabled: true, jitter: 0.1 });
  const before = tierWith({ alpha: 1, beta: 2 });
  assert.deepEqual((await bootstrapLocalAws(before, factory())).unresolvable, []);
  await applyConverged(before, factory());

  // Each target group drains for the tier's delay, set as the attribute and recorded as a tag.
  const { elbv2 } = await aws.clientsInAccount(before.cells[0]!.spec.accountId);
  for (const tg of (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []) {
    const attrs = (await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }))).Attributes ?? [];
    assert.equal(attrs.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value, '30', tg.TargetGroupName);
    const tags = (await elbv2.send(new DescribeTagsCommand({ ResourceArns: [tg.TargetGroupArn!] }))).TagDescriptions?.[0]?.Tags ?? [];
    assert.equal(tags.find((t) => t.Key === TAG.deregistrationDelay)?.Value, '30');
  }

  const after = tierWith({ alpha: 1 });
  aws.proxy.resetCounters();
  nowMs = 1_000_000;
  const removal = await applySet(after, factory(), {}, { maxDeletePercent: 50 });
  const outcomes = removal.results.flatMap((r) => r.outcomes);
  const statusOf = (kind: string) => outcomes.filter((o) => o.kind === kind).map((o) => o.status);
  assert.deepEqual(statusOf('ecs-cluster'), ['pending', 'pending']);
  assert.ok(outcomes.filter((o) => o.kind !== 'ecs-cluster').every((o) => o.status === 'succeeded'), JSON.stringify(outcomes));
  assert.equal(outcomes.find((o) => o.kind === 'ecs-cluster')?.error?.code, 'Draining');
  assert.equal(removal.results[0]?.converged, false);
  // One DeleteCluster per cluster: a refusal for draining is not retried within the pass.
  assert.equal(aws.proxy.count({ operation: 'DeleteCluster' }), 2);
  assert.equal(aws.proxy.count({ operation: 'DeleteCluster', outcome: 'error' }), 2);

  // The DRAINING services are going, not live: only the clusters are left to delete.
  const { plan } = await planSet(after, factory(), { maxDeletePercent: 50 });
  assert.deepEqual(plan.actions.map((a) => a.id).sort(), ['delete:ecsCluster:tier-1/cell-1/ig-1/beta/1', 'delete:ecsCluster:tier-1/cell-1/ig-1/beta/2']);

  nowMs += 20_000; // still within 30 s
  const early = await applySet(after, factory(), {}, { maxDeletePercent: 50 });
  assert.deepEqual(early.results.flatMap((r) => r.outcomes.map((o) => o.status)), ['pending', 'pending']);

  nowMs += 14_000; // past 30 s and its 10% of jitter
  await applyConverged(after, factory());
  assert.equal(aws.proxy.count({ operation: 'DeleteService' }), 2, 'each service deleted once');
  await assertInSync(after, factory());
});
