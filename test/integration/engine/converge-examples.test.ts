// Acceptance 1 (issue 4): the example manifests, applied to an empty (bootstrapped) account,
// converge in one pass; the next plan is in sync and the next apply makes no mutating call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, describeActions, failedOutcomes, inSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { repoPath } from '../../support/paths.js';

const { aws, factory } = withEngineAws();

test('the examples applied to an empty account converge: the next plan is in sync and the next apply makes zero mutating calls', async () => {
  const loaded = await loadManifestSet(repoPath('manifests', 'examples'));
  assert.ok(loaded.ok);
  const set = loaded.set;
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);

  const first = await applyConverged(set, factory());
  assert.ok(first.plan.summary.create > 0);
  assert.ok(aws.proxy.count({ mutating: true }) > 0);

  aws.proxy.resetCounters();
  const { plan } = await planSet(set, factory());
  assert.ok(inSync(plan), describeActions(plan.actions));
  // The examples' one suspended tenant (tyrell) stays report-only: its creates are shown, held.
  assert.equal(plan.conflicts.length, 0);
  assert.deepEqual(new Set(plan.actions.map((a) => `${a.owner.tenant}:${JSON.stringify(a.hold)}`)), new Set(['tyrell:{"reason":"suspended","scope":"tenant"}']));

  aws.proxy.resetCounters();
  const second = await applySet(set, factory());
  assert.deepEqual(failedOutcomes(second.results), []);
  assert.deepEqual(aws.proxy.calls({ mutating: true }).map((c) => `${c.operation} ${c.resource ?? ''}`), []);
  assert.ok(aws.proxy.count({ mutating: false }) > 0, 'the second pass did observe');
});
