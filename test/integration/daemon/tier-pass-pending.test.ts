// A daemon pass that removes a tenant while its ECS tasks drain ends `pending`, with when to
// look again, not failed (no failure backoff); once drained, the next pass finishes the removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';
import { FULL } from '../../../src/controller/revision-tracker.js';
import { runTierPass } from '../../../src/controller/tier-pass.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { PENDING_RECHECK_MS } from '../../../src/reconcilers/pending.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

// The proxy's clock, moved by the test: the drain ends when the test says.
let nowMs = 0;
const aws = withLocalAws({ proxy: { clock: () => nowMs } });

function tierWith(...tenants: string[]): ManifestSet {
  const b = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const t of tenants) b.tenant(t);
  return b.build();
}

test('a pass whose cluster delete waits for draining tasks reports pending and when to look again; the pass after the drain applies it', async () => {
  aws.proxy.setDraining({ enabled: true, jitter: 0 });
  const factory = tieredAwsFor(aws.endpoint);
  try {
    const pass = (set: ManifestSet) =>
      runTierPass(
        { engine: { factory, instanceId: 'tiered' }, leases: new AlwaysHeldLeases(), dryRun: false, planOptions: { maxDeletePercent: 50 }, log: pino({ level: 'silent' }) },
        { set, revision: 'test@1', tier: 'tier-1', scope: FULL, signal: new AbortController().signal },
      );
    const before = tierWith('alpha', 'beta');
    await bootstrapLocalAws(before, factory);
    assert.equal((await pass(before)).result, 'applied');

    nowMs = 1_000_000;
    const after = tierWith('alpha');
    const draining = await pass(after);
    assert.equal(draining.result, 'pending');
    assert.equal(draining.retryAfterMs, PENDING_RECHECK_MS);
    assert.deepEqual(draining.notes.filter((n) => n.startsWith('pending:')).map((n) => n.split(': ').slice(0, 2).join(': ')), [
      'pending: delete ecsCluster:tier-1/cell-1/ig-1/beta/1',
    ]);

    nowMs += 30_001; // the tier's 30 s deregistration delay, no jitter
    assert.equal((await pass(after)).result, 'applied');
    assert.equal((await pass(after)).result, 'in-sync');
  } finally {
    factory.destroy();
  }
});
