// An infra group taken out of the manifests (its tenants pinned elsewhere): the pass deletes its
// load balancer, listener and interface endpoints, touches nothing of the group that stays, and
// the next pass is in sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, assertInSync, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

function tier(groups: readonly string[]): ManifestSet {
  return manifestSet()
    .tier('tier-1', { downstreams: [CACHE] })
    .layout('tier-1', { 'cell-1': groups })
    .tenant('alpha', { placement: { infraGroup: 'ig-1' } })
    .build();
}

test('removing an empty infra group deletes its ALB, listener and endpoints, and nothing of the other group', async () => {
  const both = tier(['ig-1', 'ig-2']);
  await bootstrapLocalAws(both, factory());
  await applyConverged(both, factory());
  const cell = await aws.clientsInAccount(both.cells[0]!.spec.accountId);
  const before = await inventory(cell, aws.clients());
  assert.equal(before.loadBalancers.length, 2);
  assert.equal(before.listeners, 2);
  assert.deepEqual(before.endpoints, ['tier-1-cell-1-ig-1-cache', 'tier-1-cell-1-ig-2-cache']);
  aws.proxy.resetCounters();

  const one = tier(['ig-1']);
  const { plan } = await applyConverged(one, factory());
  assert.deepEqual(plan.actions.map((a) => `${a.action} ${a.kind}`).sort(), [
    'delete dns-ownership',
    'delete dns-record',
    'delete interface-endpoint',
    'delete listener',
    'delete load-balancer',
  ]);
  for (const call of aws.proxy.calls({ mutating: true })) {
    assert.doesNotMatch(call.resource ?? '', /ig-1/, `${call.operation} touched the group that stays`);
  }
  const after = await inventory(cell, aws.clients());
  assert.deepEqual(after.loadBalancers, before.loadBalancers.filter((n) => n.includes('ig-1')));
  assert.equal(after.listeners, 1);
  assert.deepEqual(after.endpoints, ['tier-1-cell-1-ig-1-cache']);
  assert.deepEqual(after.services, before.services);
  await assertInSync(one, factory());
});
