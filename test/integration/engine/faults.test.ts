// Acceptance 7 (issue 4): with throttling and server errors injected at 20% on every service
// (seeded, so a failure replays), one apply from an empty account still converges: observe and
// apply alike ride on the SDK's retry (5 attempts), the one retry layer for such faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applySet, assertInSync, failedOutcomes, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws({ proxy: { seed: 20 } });

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

test('with 20% throttling and server errors on every service, one apply converges, without duplicates', async () => {
  const set = manifestSet()
    .tier('tier-1', { downstreams: [CACHE], routing: { match: 'host' } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('alpha', { clusters: 2 })
    .tenant('beta', { clusters: 1 })
    .build();
  await bootstrapLocalAws(set, factory());
  aws.proxy.resetCounters();
  // One call in five refused, half as the service's own throttling error, half as a 500.
  aws.proxy.setFaults([{ kind: 'throttle', probability: 0.1 }, { kind: 'server-error', probability: 0.1 / 0.9 }]);
  const { results } = await applySet(set, factory());
  aws.proxy.clearFaults();
  assert.deepEqual(failedOutcomes(results), []);
  assert.ok(results.every((r) => r.converged));
  const faults = aws.proxy.count({ outcome: 'fault' });
  const calls = aws.proxy.count();
  assert.ok(faults / calls > 0.12 && faults / calls < 0.3, `${faults} of ${calls} calls were refused`);
  const services = new Set(aws.proxy.calls({ outcome: 'fault' }).map((c) => c.service));
  // The rules match every service; which ones a pass's few calls happen to draw is the seed's.
  assert.ok(services.size >= 4, `faults hit ${[...services].join(', ')}`);

  await assertInSync(set, factory());
  const inv = await inventory(await aws.clientsInAccount(set.cells[0]!.spec.accountId), aws.clients());
  assert.equal(inv.targetGroups.length, 3);
  assert.equal(inv.clusters.length, 3);
  assert.equal(inv.services.length, 3);
  assert.equal(inv.taskDefinitions.length, 2);
  assert.equal(inv.rules.length, 2);
  assert.equal(inv.endpoints.length, 1);
  assert.equal(inv.records.length, 6, 'tier endpoint + 2 tenants, each an alias and its ownership TXT');
});
