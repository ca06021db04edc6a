// Issue 12 acceptance, the article's Step 5, on moto through the proxy: each cell's log group
// (docs/design.md §11.1), task definitions that log to it under the tenant's prefix, drift of its
// retention fixed by one apply, and a removed tenant's log data kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLogGroupsCommand, ListTagsForResourceCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

function tierWith(tenants: readonly string[]): ManifestSet {
  const b = manifestSet()
    .tier('tier-1', { routing: { match: 'host' }, logs: { groupName: '/tiered/tier-1', retentionDays: 14, deleteWithTier: false } })
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] });
  for (const name of tenants) b.tenant(name);
  return b.build();
}

async function converged(set: ManifestSet): Promise<void> {
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());
}

test('each cell gets the tier log group, tagged as ours with its retention; every task definition logs there under its tenant prefix', async () => {
  const set = tierWith(['alpha', 'beta', 'gamma']);
  await converged(set);
  await assertInSync(set, factory());
  const seen: string[] = [];
  for (const cell of set.cells) {
    const { logs, ecs } = await aws.clientsInAccount(cell.spec.accountId);
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/tiered/' }))).logGroups ?? [];
    assert.deepEqual(groups.map((g) => [g.logGroupName, g.retentionInDays]), [['/tiered/tier-1', 14]], cell.name);
    const tags = (await logs.send(new ListTagsForResourceCommand({ resourceArn: groups[0]!.logGroupArn! }))).tags;
    assert.deepEqual(tags, {
      'tiered.dev/managed-by': 'tiered', 'tiered.dev/resource': 'log-group', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': cell.name,
      'tiered.dev/delete-with-tier': 'false',
    });
    for (const clusterArn of (await ecs.send(new ListClustersCommand({}))).clusterArns ?? []) {
      const tenant = { name: clusterArn.split(`/tier-1-${cell.name}-ig-1-`)[1]! };
      seen.push(tenant.name);
      const service = (await ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: [tenant.name] }))).services![0]!;
      const td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition! }))).taskDefinition!;
      const c = td.containerDefinitions![0]!;
      assert.deepEqual(c.logConfiguration, {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/tiered/tier-1', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': tenant.name },
      });
      const env = Object.fromEntries((c.environment ?? []).map((e) => [e.name, e.value]));
      assert.deepEqual([env['TENANT_ID'], env['TIER_ID'], env['REGION']], [tenant.name, 'tier-1', 'us-east-1']);
    }
  }
  assert.deepEqual(seen.sort(), ['alpha', 'beta', 'gamma']);
});

test('a log group retention changed by hand is reported with live and desired values and fixed by one apply', async () => {
  const set = tierWith(['alpha']);
  await converged(set);
  const { logs } = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/tiered/tier-1', retentionInDays: 3 }));
  const { plan } = await planSet(set, factory());
  const json = planToJson(plan);
  assert.deepEqual(json.actions.map((a) => [a.actionId, a.changes]), [
    ['update:logGroup:tier-1/cell-1/*', [{ field: 'retentionInDays', live: 3, desired: 14 }]],
  ]);
  await applyConverged(set, factory());
  await assertInSync(set, factory());
});

test('removing a tenant never deletes log data: the log group stays, untouched', async () => {
  await converged(tierWith(['alpha', 'beta']));
  aws.proxy.resetCounters();
  const shrunk = tierWith(['alpha']);
  const { plan } = await planSet(shrunk, factory());
  assert.ok(plan.actions.some((a) => a.action === 'delete' && a.owner.tenant === 'beta'));
  assert.ok(plan.actions.every((a) => a.kind !== 'log-group'));
  const { results } = await applySet(shrunk, factory(), {}, { allowMassDelete: true }); // 1 of 2 tenants: past the guard's 20 %
  assert.deepEqual(failedOutcomes(results), []);
  assert.ok(aws.proxy.count({ operation: 'DeleteService' }) > 0, 'the tenant was deleted');
  assert.equal(aws.proxy.count({ service: 'logs', mutating: true }), 0);
  await assertInSync(shrunk, factory());
});
