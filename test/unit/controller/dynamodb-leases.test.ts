import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoLeaseProvider } from '../../../src/controller/leases/dynamodb-leases.js';
import { leaseTableClient } from '../../../src/controller/leases/lease-table-client.js';
import { LeaseTableError } from '../../../src/controller/leases/lease-table.js';
import { LeaseLostError } from '../../../src/controller/leases/lease-types.js';
import type { LeaseLossReason } from '../../../src/controller/leases/lease-types.js';
import { FakeClock } from '../../support/fake-clock.js';

const TABLE = 'tiered-leases';

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function leaseItem(holder: string, fencingToken: number, leaseUntil: number) {
  return {
    pk: { S: 'tier#tier-1' },
    holder: { S: holder },
    fencingToken: { N: String(fencingToken) },
    leaseUntil: { N: String(leaseUntil) },
    renewedAt: { N: '0' },
  };
}

function setup() {
  const sdk = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(sdk);
  mock.on(DescribeTableCommand).resolves({
    Table: { TableName: TABLE, TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] },
  });
  const clock = new FakeClock();
  const changes: Array<[string, boolean, LeaseLossReason | undefined]> = [];
  const leases = new DynamoLeaseProvider({
    client: leaseTableClient(sdk),
    tableName: TABLE,
    holder: 'replica-a',
    leaseDurationMs: 15_000,
    safetyMarginMs: 3_000,
    requestTimeoutMs: 1_000,
    clock,
    onChange: (tier, held, reason) => changes.push([tier, held, reason]),
  });
  leases.setTiers(['tier-1']);
  return { mock, clock, leases, changes };
}

test('a lease held by another replica is not acquired, and that is no error', async () => {
  const { mock, leases, changes } = setup();
  mock.on(UpdateItemCommand).rejects(conditionFailed());
  await leases.start();
  await leases.stop();
  assert.equal(leases.isHeld('tier-1'), false);
  assert.deepEqual(leases.status(), [{ tier: 'tier-1', held: false }]);
  assert.deepEqual(changes, []);
  assert.throws(() => leases.writeGuard('tier-1'), LeaseLostError);
});

test('a missing lease table is a clear error naming the table', async () => {
  const { mock, leases } = setup();
  mock.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  await assert.rejects(leases.start(), (error: unknown) => {
    assert.ok(error instanceof LeaseTableError);
    assert.match(error.message, /lease table "tiered-leases" does not exist/);
    assert.match(error.message, /--leader-election=false/);
    return true;
  });
  assert.equal(mock.commandCalls(UpdateItemCommand).length, 0);
});

test('a lease table with another key is refused with the key it has', async () => {
  const { mock, leases } = setup();
  mock.on(DescribeTableCommand).resolves({ Table: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } });
  await assert.rejects(leases.start(), /lease table "tiered-leases" has key id \(HASH\); expected a single partition key "pk"/);
});

test('acquisition is one conditional update that bumps the fencing token', async () => {
  const { mock, leases, changes } = setup();
  mock.on(UpdateItemCommand).resolves({ Attributes: leaseItem('replica-a', 7, 0) });
  await leases.start();
  const input = mock.commandCalls(UpdateItemCommand)[0]?.args[0].input;
  assert.equal(input?.ConditionExpression, 'attribute_not_exists(pk) OR leaseUntil < :now OR holder = :me');
  assert.match(input?.UpdateExpression ?? '', /fencingToken = if_not_exists\(fencingToken, :zero\) \+ :one/);
  assert.deepEqual(input?.Key, { pk: { S: 'tier#tier-1' } });
  assert.equal(leases.writeGuard('tier-1').fencingToken, 7);
  assert.deepEqual(changes, [['tier-1', true, undefined]]);
  await leases.stop();
});

test('a renewal refused by its condition loses the lease and aborts the guard', async () => {
  const { mock, leases, changes } = setup();
  mock.on(UpdateItemCommand).resolvesOnce({ Attributes: leaseItem('replica-a', 1, 0) }).rejects(conditionFailed());
  await leases.start();
  const guard = leases.writeGuard('tier-1');
  await leases.tick();
  assert.equal(leases.isHeld('tier-1'), false);
  assert.equal(guard.signal.aborted, true);
  await assert.rejects(guard.assertStillLeader(), { name: 'LeaseLostError', reason: 'superseded' });
  assert.deepEqual(changes.at(-1), ['tier-1', false, 'taken']);
  await leases.stop();
});

test('a renewal that fails on the network keeps the lease until its local expiry', async () => {
  const { mock, clock, leases } = setup();
  mock
    .on(UpdateItemCommand)
    .resolvesOnce({ Attributes: leaseItem('replica-a', 1, 0) })
    .rejects(new Error('socket hang up'));
  await leases.start();
  const guard = leases.writeGuard('tier-1');
  await clock.advance(5_000); // first renewal round, failing
  assert.equal(leases.isHeld('tier-1'), true);
  assert.match(leases.status()[0]?.lastError ?? '', /socket hang up/);
  await assert.doesNotReject(guard.assertStillLeader({ verifyInTable: false }));
  await clock.advance(7_000); // 12 s: 15 s lease less the 3 s margin
  assert.equal(leases.isHeld('tier-1'), false);
  await assert.rejects(guard.assertStillLeader({ verifyInTable: false }), { reason: 'expired' });
  await leases.stop();
});

test('renewal rounds run every third of the lease duration once started', async () => {
  const { mock, clock, leases } = setup();
  mock.on(UpdateItemCommand).resolves({ Attributes: leaseItem('replica-a', 1, 0) });
  await leases.start();
  await clock.advance(14_999);
  assert.equal(mock.commandCalls(UpdateItemCommand).length, 3, 'acquire + renewals at 5 s and 10 s');
  await clock.advance(1);
  assert.equal(mock.commandCalls(UpdateItemCommand).length, 4);
  await leases.stop();
});

test('the write guard refuses when the table shows another fencing token', async () => {
  const { mock, clock, leases } = setup();
  mock.on(UpdateItemCommand).resolves({ Attributes: leaseItem('replica-a', 4, 0) });
  await leases.start();
  const guard = leases.writeGuard('tier-1');
  mock.on(GetItemCommand).resolves({ Item: leaseItem('replica-a', 4, clock.now() + 15_000) });
  await assert.doesNotReject(guard.assertStillLeader());
  assert.equal(mock.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead, true);
  mock.on(GetItemCommand).resolves({ Item: leaseItem('replica-b', 5, clock.now() + 15_000) });
  await assert.rejects(guard.assertStillLeader(), /holder replica-b, fencing token 5; ours was 4/);
  assert.equal(leases.isHeld('tier-1'), false);
  await leases.stop();
});

test('stop releases each lease held, on condition it is still ours', async () => {
  const { mock, leases } = setup();
  mock.on(UpdateItemCommand).resolves({ Attributes: leaseItem('replica-a', 3, 0) });
  await leases.start();
  await leases.stop();
  const release = mock.commandCalls(UpdateItemCommand).at(-1)?.args[0].input;
  assert.equal(release?.ConditionExpression, 'holder = :me AND fencingToken = :token');
  assert.equal(release?.ExpressionAttributeValues?.[':token']?.N, '3');
  assert.equal(release?.ExpressionAttributeValues?.[':zero']?.N, '0');
  assert.equal(leases.isHeld('tier-1'), false);
});

test('a tier no longer wanted is released at the next round', async () => {
  const { mock, leases, changes } = setup();
  mock.on(UpdateItemCommand).resolves({ Attributes: leaseItem('replica-a', 1, 0) });
  await leases.start();
  leases.setTiers([]);
  await leases.tick();
  assert.equal(leases.isHeld('tier-1'), false);
  assert.deepEqual(changes.at(-1), ['tier-1', false, 'released']);
  await leases.stop();
});

test('the fence lets writes start until the lease end less the margin and the request timeout', async () => {
  const { mock, clock, leases } = setup();
  mock.on(UpdateItemCommand).resolvesOnce({ Attributes: leaseItem('replica-a', 1, 0) }).rejects(new Error('socket hang up'));
  await leases.start();
  const { fence } = leases.writeGuard('tier-1');
  // 15 s lease, 3 s margin, 1 s request timeout: writes may start until 11 s.
  clock.jump(10_999);
  assert.doesNotThrow(() => fence.check('CreateCluster'));
  clock.jump(1);
  assert.throws(() => fence.check('CreateCluster'), { name: 'LeaseLostError', reason: 'expired', message: /no write may start after/ });
  assert.equal(leases.isHeld('tier-1'), true, 'still held: a renewal may yet land before 12 s');
  await leases.stop();
});

test('a lease too short for the request timeout and margin is refused at construction', () => {
  const sdk = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  assert.throws(
    () => new DynamoLeaseProvider({ client: leaseTableClient(sdk), tableName: TABLE, holder: 'a', leaseDurationMs: 10_000, requestTimeoutMs: 10_000 }),
    /--lease-duration or lower --request-timeout/,
  );
});

test('a lease call that hangs for one tier holds up no other tier\'s renewal', async () => {
  const { mock, clock, leases } = setup();
  let releaseHung: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => (releaseHung = resolve));
  let renewals = 0;
  mock.on(UpdateItemCommand).callsFake(async (input: { Key: { pk: { S: string } }; ReturnValues?: string }) => {
    if (input.Key.pk.S === 'tier#tier-2') {
      await hung;
      throw conditionFailed();
    }
    if (input.ReturnValues === undefined) renewals += 1;
    return { Attributes: leaseItem('replica-a', 1, 0) };
  });
  leases.setTiers(['tier-1']);
  await leases.start();
  leases.setTiers(['tier-1', 'tier-2']);
  await clock.advance(15_000);
  assert.equal(renewals, 3, 'tier-1 renewed at 5, 10 and 15 s while tier-2\'s acquisition hung');
  assert.equal(leases.isHeld('tier-1'), true);
  releaseHung();
  await leases.stop();
});
