// Leader election against real DynamoDB semantics (moto, through the local proxy). Time is a
// fake clock moved by the test; renewal rounds are driven one by one with tick(), so every
// assertion counts rounds, never wall time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoLeaseProvider } from '../../../src/controller/leases/dynamodb-leases.js';
import type { DynamoLeaseOptions } from '../../../src/controller/leases/dynamodb-leases.js';
import { LeaseLostError } from '../../../src/controller/leases/lease-types.js';
import { leaseTableClient } from '../../../src/controller/leases/lease-table-client.js';
import type { LeaseTableClient } from '../../../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable, LeaseTableError } from '../../../src/controller/leases/lease-table.js';
import { FakeClock } from '../../support/fake-clock.js';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();
const TABLE = 'tiered-leases';
const DURATION = 15_000;
const RENEW_EVERY = 5_000;

// moto 5.2.1 does not lock conditional writes; the local proxy serialises DynamoDB writes per
// table as DynamoDB does per item, so two replicas racing here see DynamoDB's semantics.
async function leaseTable(): Promise<LeaseTableClient> {
  const client = leaseTableClient(aws.clients().dynamodb);
  await ensureLeaseTable(client, TABLE, { pollMs: 10 });
  return client;
}

async function replica(holder: string, clock: FakeClock, tiers = ['tier-1'], more: Partial<DynamoLeaseOptions> = {}) {
  const leases = new DynamoLeaseProvider({
    ...more,
    client: more.client ?? (await leaseTable()),
    tableName: TABLE,
    holder,
    leaseDurationMs: DURATION,
    safetyMarginMs: 3_000,
    requestTimeoutMs: 1_000,
    clock,
  });
  leases.setTiers(tiers);
  return leases;
}

async function leaseItem(tier: string) {
  const { Item } = await aws.clients().dynamodb.send(
    new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `tier#${tier}` } }, ConsistentRead: true }),
  );
  return { holder: Item?.['holder']?.S, fencingToken: Number(Item?.['fencingToken']?.N) };
}

test('two replicas competing for one tier: exactly one holds it, round after round', async () => {
  const clock = new FakeClock();
  const a = await replica('replica-a', clock);
  const b = await replica('replica-b', clock);
  await Promise.all([a.start(), b.start()]);
  for (let round = 0; round < 4; round += 1) {
    assert.equal(Number(a.isHeld('tier-1')) + Number(b.isHeld('tier-1')), 1, `round ${round}`);
    clock.jump(RENEW_EVERY);
    await Promise.all([a.tick(), b.tick()]);
  }
  const holder = a.isHeld('tier-1') ? 'replica-a' : 'replica-b';
  assert.deepEqual(await leaseItem('tier-1'), { holder, fencingToken: 1 });
  await Promise.all([a.stop(), b.stop()]);
});

test('replicas share tiers: each holds the tiers it won, none held twice', async () => {
  const clock = new FakeClock();
  const a = await replica('replica-a', clock, ['tier-1']);
  const b = await replica('replica-b', clock, ['tier-2']);
  await Promise.all([a.start(), b.start()]);
  a.setTiers(['tier-1', 'tier-2']);
  b.setTiers(['tier-1', 'tier-2']);
  await Promise.all([a.tick(), b.tick()]);
  assert.deepEqual(a.held(), ['tier-1']);
  assert.deepEqual(b.held(), ['tier-2']);
  await Promise.all([a.stop(), b.stop()]);
});

test('a holder that stops renewing loses the tier to the other once its lease expires', async () => {
  const clock = new FakeClock();
  const a = await replica('replica-a', clock);
  await a.start();
  const acquiredAt = clock.now();
  const b = await replica('replica-b', clock);
  await b.start();
  assert.equal(b.isHeld('tier-1'), false);
  // replica-a is paused from here on: only replica-b's renewal rounds run.
  let rounds = 0;
  while (!b.isHeld('tier-1')) {
    rounds += 1;
    assert.ok(rounds <= 4, 'replica-b should take the tier within the lease duration');
    clock.jump(RENEW_EVERY + 1);
    await b.tick();
    if (clock.now() <= acquiredAt + DURATION) assert.equal(b.isHeld('tier-1'), false, 'not before expiry');
  }
  assert.equal(rounds, 3, 'taken at the first round after the 15 s lease ran out');
  assert.deepEqual(await leaseItem('tier-1'), { holder: 'replica-b', fencingToken: 2 });
  await Promise.all([a.stop(), b.stop()]);
});

test('a paused ex-leader’s write guard refuses once its lease was taken', async () => {
  const clock = new FakeClock();
  const a = await replica('replica-a', clock);
  await a.start();
  const guard = a.writeGuard('tier-1');
  await assert.doesNotReject(guard.assertStillLeader());
  clock.jump(DURATION + 1); // replica-a paused for a whole lease
  const b = await replica('replica-b', clock);
  await b.start();
  assert.equal(b.isHeld('tier-1'), true);
  await assert.rejects(guard.assertStillLeader(), { name: 'LeaseLostError', reason: 'expired' });
  assert.equal(guard.signal.aborted, true);
  await Promise.all([a.stop(), b.stop()]);
});

test('an ex-leader whose clock lags is stopped by the fencing token in the table', async () => {
  const clockA = new FakeClock(1_700_000_000_000);
  const clockB = new FakeClock(1_700_000_000_000 + DURATION + 5_000); // runs 20 s ahead
  const a = await replica('replica-a', clockA);
  await a.start();
  const guard = a.writeGuard('tier-1');
  const b = await replica('replica-b', clockB);
  await b.start();
  assert.equal(b.isHeld('tier-1'), true, 'by replica-b’s clock the lease had expired');
  // By its own clock replica-a still holds a fresh lease; only the table can tell it otherwise.
  await assert.doesNotReject(guard.assertStillLeader({ verifyInTable: false }));
  await assert.rejects(guard.assertStillLeader(), { name: 'LeaseLostError', reason: 'taken' });
  assert.equal(a.isHeld('tier-1'), false);
  await a.tick();
  assert.equal(a.isHeld('tier-1'), false, 'no re-acquisition while replica-b holds it');
  assert.deepEqual(await leaseItem('tier-1'), { holder: 'replica-b', fencingToken: 2 });
  await Promise.all([a.stop(), b.stop()]);
});

test('release on shutdown hands the tier over at the next round, without waiting for expiry', async () => {
  const clock = new FakeClock();
  const a = await replica('replica-a', clock);
  const b = await replica('replica-b', clock);
  await a.start();
  await b.start();
  assert.equal(b.isHeld('tier-1'), false);
  await a.stop();
  await b.tick();
  assert.equal(b.isHeld('tier-1'), true);
  assert.deepEqual(await leaseItem('tier-1'), { holder: 'replica-b', fencingToken: 2 });
  await b.stop();
});

test('starting against a table that does not exist fails naming it', async () => {
  const leases = new DynamoLeaseProvider({
    client: leaseTableClient(aws.clients().dynamodb),
    tableName: 'no-such-leases',
    holder: 'replica-a',
  });
  await assert.rejects(leases.start(), (error: unknown) => {
    assert.ok(error instanceof LeaseTableError);
    assert.match(error.message, /lease table "no-such-leases" does not exist/);
    return true;
  });
});

test('ensureLeaseTable is idempotent', async () => {
  await leaseTable();
  await assert.doesNotReject(leaseTable());
});

// ---- balancing replicas (docs/leases.md, "Sharing the fleet") ----

const FOUR = ['tier-1', 'tier-2', 'tier-3', 'tier-4'];

test('balancing: a lone replica takes every tier; one joining receives half, each handed over once its pass in flight has finished', async () => {
  const clock = new FakeClock();
  const running = new Set<string>();
  const a = await replica('replica-a', clock, FOUR, { balance: true, passRunning: (t) => running.has(t) });
  await a.start();
  assert.deepEqual(a.held(), FOUR);
  const guards = new Map(FOUR.map((t) => [t, a.writeGuard(t)]));
  for (const t of FOUR) running.add(t);
  const b = await replica('replica-b', clock, FOUR, { balance: true });
  await b.start();
  assert.deepEqual(b.held(), [], 'every tier is held: nothing to take');

  clock.jump(RENEW_EVERY);
  await a.tick();
  const handing = a.status().filter((s) => s.handingOver === true).map((s) => s.tier);
  assert.equal(handing.length, 2, 'two replicas, four tiers: replica-a gives up two');
  for (const t of handing) {
    assert.equal(a.isHeld(t), false, 'no new pass of a tier being handed over');
    assert.throws(() => a.writeGuard(t), LeaseLostError);
    // The pass in flight still writes: its lease is renewed until it has finished.
    assert.doesNotThrow(() => guards.get(t)!.fence.check('ModifyListener'));
    assert.equal((await leaseItem(t)).holder, 'replica-a');
  }
  await b.tick();
  assert.deepEqual(b.held(), [], 'not released while its pass runs');

  running.delete(handing[0]!);
  clock.jump(RENEW_EVERY);
  await a.tick();
  assert.equal(guards.get(handing[0]!)!.signal.aborted, true, 'released');
  assert.equal(guards.get(handing[1]!)!.signal.aborted, false, 'still running: still held');
  await b.tick();
  assert.deepEqual(b.held(), [handing[0]]);

  running.clear();
  clock.jump(RENEW_EVERY);
  await a.tick();
  await b.tick();
  assert.deepEqual(b.held(), [...handing].sort());
  assert.deepEqual(a.held(), FOUR.filter((t) => !handing.includes(t)));
  for (const t of handing) assert.deepEqual(await leaseItem(t), { holder: 'replica-b', fencingToken: 2 });

  // Both see the whole fleet: every tier's holder and both replicas (a round's read).
  clock.jump(RENEW_EVERY);
  await Promise.all([a.tick(), b.tick()]);
  for (const view of [a.fleet(), b.fleet()]) {
    assert.ok(view !== undefined);
    assert.deepEqual(view.tiers.map((t) => [t.tier, t.holder]), FOUR.map((t) => [t, handing.includes(t) ? 'replica-b' : 'replica-a']));
    assert.deepEqual(view.replicas.map((r) => [r.id, r.live, r.tiers]), [['replica-a', true, 2], ['replica-b', true, 2]]);
    assert.deepEqual(view.share, { floor: 2, cap: 2 });
  }
  assert.equal(a.fleet()?.replica, 'replica-a');

  // Stopping: out of the count first, then every lease released; the other takes all at once.
  await a.stop();
  clock.jump(RENEW_EVERY);
  await b.tick();
  assert.deepEqual(b.held(), FOUR);
  assert.deepEqual(b.fleet()?.replicas.map((r) => r.id), ['replica-b']);
  await b.stop();
});

test('balancing: a replica that cannot read the table waits a lease duration, then competes for every tier', async () => {
  const clock = new FakeClock();
  const table = await leaseTable();
  const blind = { ...table, scan: () => Promise.reject(Object.assign(new Error('not authorized to perform: dynamodb:Scan'), { name: 'AccessDeniedException' })) };
  const a = await replica('replica-a', clock, FOUR, { balance: true, client: blind });
  await a.start();
  assert.deepEqual(a.held(), []);
  assert.match(a.fleet()?.lastError ?? '', /AccessDeniedException: not authorized to perform: dynamodb:Scan/);
  clock.jump(DURATION);
  await a.tick();
  assert.deepEqual(a.held(), FOUR);
  await a.stop();
});
