import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';

test('without leader election every tier is held and every write allowed', async () => {
  const leases = new AlwaysHeldLeases();
  await leases.start();
  leases.setTiers(['tier-2', 'tier-1']);
  assert.equal(leases.isHeld('tier-1'), true);
  assert.deepEqual(leases.held(), ['tier-1', 'tier-2']);
  const guard = leases.writeGuard('tier-1');
  await assert.doesNotReject(guard.assertStillLeader({ verifyInTable: true }));
  assert.equal(guard.signal.aborted, false);
  await leases.stop();
});
