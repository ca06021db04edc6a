// The zone batcher against a Route 53 as unkind as AWS: changes PENDING before INSYNC (the
// proxy's route53PendingPolls), a change that never gets INSYNC, and a batch refused for one of
// its changes (halved until the bad change stands alone, where a record already exactly as wanted
// is done).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { Action } from '../../../src/plan/action.js';
import { recordSet } from '../../../src/reconcilers/route53/records.js';
import type { ResolvedSpec } from '../../../src/reconcilers/resolved-fields.js';
import { MAX_INSYNC_POLLS } from '../../../src/reconcilers/route53/zone-batcher.js';
import { applySet, assertInSync, failedOutcomes, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const SET = manifestSet().tier('tier-1', { routing: { match: 'host' } }).layout('tier-1', { 'cell-1': ['ig-1'] }).tenant('alpha').tenant('beta').build();

async function ready(): Promise<void> {
  await bootstrapLocalAws(SET, factory());
  aws.proxy.resetCounters();
}

test('changes PENDING for three polls: each batch is polled with GetChange until INSYNC, then its actions are done', async () => {
  await ready();
  aws.proxy.setRoute53PendingPolls(3);
  const { results } = await applySet(SET, factory());
  assert.deepEqual(failedOutcomes(results), []);
  const batches = aws.proxy.count({ operation: 'ChangeResourceRecordSets' });
  assert.ok(batches >= 2, `${batches} batches`);
  // Three GetChange answers PENDING, the fourth INSYNC, per batch.
  assert.equal(aws.proxy.count({ operation: 'GetChange' }), 4 * batches);
  await assertInSync(SET, factory());
});

test('a change that never gets INSYNC fails its actions after the bounded polls, and the next pass finds the records made', async () => {
  await ready();
  aws.proxy.setRoute53PendingPolls(MAX_INSYNC_POLLS + 10);
  const { results } = await applySet(SET, factory());
  const failed = results.flatMap((r) => r.outcomes).filter((o) => o.status === 'failed');
  assert.ok(failed.length > 0 && failed.every((o) => o.error?.code === 'ChangeNotInSync'), JSON.stringify(failed));
  assert.equal(aws.proxy.count({ operation: 'GetChange' }), MAX_INSYNC_POLLS, 'one batch polled to the bound, the levels after it never sent');
  aws.proxy.setRoute53PendingPolls(0);
  const again = await applySet(SET, factory());
  assert.deepEqual(failedOutcomes(again.results), []);
  await assertInSync(SET, factory());
});

/** Just before the ownership TXT of alpha goes out, writes a record of its name (as tiered wants it, or not). */
function txtInTheWay(sameValue: boolean): (action: Action) => Promise<void> {
  let done = false;
  return async (action) => {
    if (done || action.action !== 'create' || action.kind !== 'dns-ownership' || !action.key.includes('alpha')) return;
    done = true;
    const record = recordSet(action.desired.spec as ResolvedSpec);
    if (!sameValue) record.ResourceRecords = [{ Value: '"someone else"' }];
    const { route53 } = aws.clients();
    const zone = (await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!;
    await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: record }] } }));
  };
}

test('a batch refused for one change is halved until that change stands alone; a record already exactly as wanted counts as done', async () => {
  await ready();
  const { results } = await applySet(SET, factory(), { beforeMutation: txtInTheWay(true) });
  assert.deepEqual(failedOutcomes(results), []);
  const refused = aws.proxy.calls({ operation: 'ChangeResourceRecordSets', outcome: 'error' });
  // The ownership TXT batch holds three records (the tier endpoint's, alpha's, beta's): refused
  // whole, then the half holding alpha's, then alpha's alone, which is found already done.
  assert.equal(refused.length, 3, 'the batch, its half, then the one change on its own');
  await assertInSync(SET, factory());
});

test('a batch refused for one change: only that change\'s action fails (and what depends on it), the others are applied', async () => {
  await ready();
  const { results } = await applySet(SET, factory(), { beforeMutation: txtInTheWay(false) });
  const outcomes = results.flatMap((r) => r.outcomes).filter((o) => o.kind === 'dns-ownership' || o.kind === 'dns-record');
  const notDone = outcomes.filter((o) => o.status !== 'succeeded').map((o) => `${o.status} ${o.key}`).sort();
  assert.deepEqual(notDone, ['failed dnsOwnership:tier-1/cell-1/ig-1/alpha', 'skipped dnsRecord:tier-1/cell-1/ig-1/alpha']);
});
