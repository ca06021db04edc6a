// ECS keeps a deleted service or cluster visible as INACTIVE for a while (DescribeServices,
// DescribeClusters, the tagging sweep): such a thing is gone, not live. A pass after services
// and a cluster were deleted out of band plans them again, as creates, and converges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteClusterCommand, DeleteServiceCommand, DescribeClustersCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws();

const SET = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'] }).tenant('alpha').tenant('beta').build();

test('INACTIVE services and clusters are not live: they are created again, and nothing else is touched', async () => {
  await bootstrapLocalAws(SET, factory());
  await applyConverged(SET, factory());
  const cell = await aws.clientsInAccount(SET.cells[0]!.spec.accountId);
  const before = await inventory(cell, aws.clients());
  await cell.ecs.send(new DeleteServiceCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', service: 'alpha', force: true }));
  await cell.ecs.send(new DeleteServiceCommand({ cluster: 'tier-1-cell-1-ig-1-beta', service: 'beta', force: true }));
  await cell.ecs.send(new DeleteClusterCommand({ cluster: 'tier-1-cell-1-ig-1-beta' }));
  const gone = await cell.ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }));
  assert.equal(gone.services?.[0]?.status, 'INACTIVE', 'moto, like ECS, still describes the deleted service');
  const goneCluster = await cell.ecs.send(new DescribeClustersCommand({ clusters: ['tier-1-cell-1-ig-1-beta'] }));
  assert.equal(goneCluster.clusters?.[0]?.status, 'INACTIVE');

  const { plan } = await planSet(SET, factory());
  assert.deepEqual(plan.actions.map((a) => `${a.action} ${a.key}`).sort(), [
    'create ecsCluster:tier-1/cell-1/ig-1/beta/1',
    'create ecsService:tier-1/cell-1/ig-1/alpha/1',
    'create ecsService:tier-1/cell-1/ig-1/beta/1',
  ]);
  await applyConverged(SET, factory());
  await assertInSync(SET, factory());
  assert.deepEqual(await inventory(cell, aws.clients()), before);
});
