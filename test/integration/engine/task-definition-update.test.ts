// A new image or environment for a tenant: the pass registers a new revision, points the
// tenant's services at it, and the pass after deregisters the revision they ran before; then in sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, assertInSync, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet, type TenantOverrides } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws();

function tier(alpha: TenantOverrides['workload'] = {}): ManifestSet {
  return manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('alpha', { clusters: 2, workload: alpha })
    .tenant('beta')
    .build();
}

for (const [what, workload] of [
  ['image', { image: 'public.ecr.aws/example/app:2.0.0' }],
  ['environment', { environment: { FEATURE: 'on' } }],
] as const) {
  test(`a new ${what}: new revision registered, both services updated to it, the old revision deregistered the pass after`, async () => {
    const before = tier();
    await bootstrapLocalAws(before, factory());
    await applyConverged(before, factory());
    const cell = await aws.clientsInAccount(before.cells[0]!.spec.accountId);
    assert.deepEqual((await inventory(cell, aws.clients())).taskDefinitions, ['tier-1-cell-1-ig-1-alpha:1', 'tier-1-cell-1-ig-1-beta:1']);
    aws.proxy.resetCounters();

    const after = tier(workload);
    const { plan } = await applyConverged(after, factory());
    assert.deepEqual(
      plan.actions.map((a) => `${a.action} ${a.kind}`).sort(),
      ['update ecs-service', 'update ecs-service', 'update task-definition'],
    );
    const mutating = aws.proxy.calls({ mutating: true }).map((c) => c.operation).sort();
    assert.deepEqual(mutating, ['RegisterTaskDefinition', 'UpdateService', 'UpdateService']);

    // The revision the services ran stays ACTIVE through the deployment; the next pass
    // deregisters it, and only it.
    const cleanup = await applyConverged(after, factory());
    assert.deepEqual(cleanup.plan.actions.map((a) => `${a.action} ${a.key}`), ['delete taskDefinition:tier-1/cell-1/ig-1/alpha#rev1']);
    const inv = await inventory(cell, aws.clients());
    assert.deepEqual(inv.taskDefinitions, ['tier-1-cell-1-ig-1-alpha:2', 'tier-1-cell-1-ig-1-beta:1']);
    for (const cluster of inv.clusters.filter((c) => c.includes('alpha'))) {
      const { services } = await cell.ecs.send(new DescribeServicesCommand({ cluster, services: ['alpha'] }));
      assert.match(services?.[0]?.taskDefinition ?? '', /task-definition\/tier-1-cell-1-ig-1-alpha:2$/);
    }
    await assertInSync(after, factory());
  });
}
