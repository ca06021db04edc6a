// Acceptance 6 (issue 4): apply killed after its k-th mutating call, for every k, then run
// again, converges with no duplicate and no orphan.
//
// The crash is in-process: the write-guard (`beforeMutation`, awaited before every mutating
// call) lets k calls through, then aborts the pass: nothing more starts, calls in flight get the
// abort signal (their answer may be lost after AWS acted), and the pass's memory (attribute
// store, plan) is dropped, as a dead process's would be. The next pass is a fresh observe + plan
// + apply with a fresh client factory. A SIGKILLed subprocess would model the same state at
// ~2 s of node start-up per k; the in-process crash keeps a run of many k within the budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, assertInSync, describeActions, failedOutcomes } from '../../support/engine-harness.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory, type Inventory } from '../../support/owned-inventory.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };
const SET: ManifestSet = manifestSet()
  .tier('tier-1', { downstreams: [CACHE], routing: { match: 'host' } })
  .layout('tier-1', { 'cell-1': ['ig-1'] })
  .tenant('alpha', { clusters: 1 })
  .tenant('beta', { clusters: 2 })
  .build();

class Crash extends Error {}

async function fresh(): Promise<ReturnType<typeof tieredAwsFor>> {
  await aws.reset();
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(SET, factory);
  aws.proxy.resetCounters();
  return factory;
}

async function cellInventory(): Promise<Inventory> {
  return inventory(await aws.clientsInAccount(SET.cells[0]!.spec.accountId), aws.clients());
}

test('apply killed after its k-th mutating call, for every k, converges on the next run with no duplicate and no orphan', async (t) => {
  // The reference: one uninterrupted apply, and what it leaves.
  const factory = await fresh();
  await applyConverged(SET, factory);
  const total = aws.proxy.count({ mutating: true });
  const expected = await cellInventory();
  factory.destroy();
  assert.ok(total >= 15, `a full apply makes ${total} mutating calls`);

  // Every k costs a bootstrap and two applies (~3 s on moto): k = 1, every third k, and the last
  // (the DNS changes come last) keep the file within the test budget; TIERED_CRASH_EVERY_K=1 runs them all.
  const ks = Array.from({ length: total - 1 }, (_, i) => i + 1)
    .filter((k) => process.env.TIERED_CRASH_EVERY_K === '1' || k === 1 || k % 3 === 0 || k === total - 1);
  t.diagnostic(`a full apply makes ${total} mutating calls; crashing after k = ${ks.join(', ')}`);
  for (const k of ks) {
    const crashing = await fresh();
    const controller = new AbortController();
    let allowed = k;
    await applySet(SET, crashing, {
      signal: controller.signal,
      beforeMutation: async () => {
        if (allowed === 0) {
          controller.abort(new Crash(`killed after ${k} mutating calls`));
          throw new Crash(`killed after ${k} mutating calls`);
        }
        allowed -= 1;
      },
    }).catch((err: unknown) => {
      if (!(err instanceof Crash) && !controller.signal.aborted) throw err;
    });
    crashing.destroy();
    assert.ok(aws.proxy.count({ mutating: true }) <= k, `k=${k}: the crash let no more than k mutating calls out`);

    const rerun = tieredAwsFor(aws.endpoint);
    try {
      await applyConverged(SET, rerun);
      await assertInSync(SET, rerun);
      assert.deepEqual(await cellInventory(), expected, `k=${k}: exactly the resources of an uninterrupted apply`);
    } finally {
      rerun.destroy();
    }
  }
});

/** An inventory with task definitions by family: a revision's number counts registrations. */
function families(inv: Inventory): Inventory {
  return { ...inv, taskDefinitions: inv.taskDefinitions.map((td) => td.replace(/:\d+$/, '')) };
}

for (const how of ['server-error', 'drop'] as const) {
  test(`every mutating call's first answer lost (${how}): the apply converges with exactly the resources of a clean apply`, async (t) => {
    const clean = await fresh();
    await applyConverged(SET, clean);
    const expected = families(await cellInventory());
    clean.destroy();

    const factory = await fresh();
    try {
      aws.proxy.setLostAnswers([{ how, firstAttemptOnly: true }]);
      const { results } = await applySet(SET, factory);
      const lost = aws.proxy.calls({ outcome: 'answer-lost' });
      aws.proxy.setLostAnswers([]);
      t.diagnostic(`${lost.length} answers lost: ${[...new Set(lost.map((c) => c.operation))].sort().join(', ')}`);
      assert.deepEqual(failedOutcomes(results), []);
      assert.ok(results.every((r) => r.converged));
      // Every kind the apply creates lost at least one answer: the recoveries all ran.
      const operations = new Set(lost.map((c) => c.operation));
      for (const op of ['CreateLoadBalancer', 'CreateListener', 'CreateTargetGroup', 'CreateRule', 'CreateCluster', 'RegisterTaskDefinition', 'CreateService', 'CreateVpcEndpoint', 'ChangeResourceRecordSets']) {
        assert.ok(operations.has(op), `${op} lost an answer`);
      }
      // RegisterTaskDefinition has no client token: its retry registers a second revision, and the
      // first, whose answer was lost, is an orphan the next pass deregisters (and nothing else).
      const second = await applyConverged(SET, factory);
      assert.deepEqual(
        second.plan.actions.map((a) => `${a.action} ${a.kind}`),
        SET.tenants.map(() => 'delete task-definition'),
        describeActions(second.plan.actions),
      );
      await assertInSync(SET, factory);
      assert.deepEqual(families(await cellInventory()), expected);
    } finally {
      factory.destroy();
    }
  });
}
