// The lease item of one tier and the DynamoDB requests that acquire, renew, release and read
// it. Pure builders: the manager sends them.
//
// Item: { pk: 'tier#<name>', holder, leaseUntil (epoch ms), fencingToken, renewedAt }.
// The fencing token grows by one on every acquisition and is never reset: a release keeps the
// item and only ends the lease (leaseUntil = 0), so tokens stay monotonic across holders.

import type {
  AttributeValue,
  GetItemCommandInput,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';

export const LEASE_PARTITION_KEY = 'pk';

export interface LeaseRecord {
  readonly holder: string;
  readonly leaseUntil: number;
  readonly fencingToken: number;
  readonly renewedAt: number;
}

export function leaseKey(tier: string): Record<string, AttributeValue> {
  return { [LEASE_PARTITION_KEY]: { S: `tier#${tier}` } };
}

/** Renewal and release apply only to the tenure that acquired: same holder, same token. */
const HELD_BY_ME = 'holder = :me AND fencingToken = :token';

/** A conditional update of one tier's lease item. */
function leaseUpdate(
  table: string,
  tier: string,
  update: string,
  condition: string,
  values: Record<string, string | number>,
): UpdateItemCommandInput {
  const attributes = Object.fromEntries(
    Object.entries(values).map(([name, value]): [string, AttributeValue] =>
      typeof value === 'number' ? [name, { N: String(value) }] : [name, { S: value }],
    ),
  );
  return {
    TableName: table,
    Key: leaseKey(tier),
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeValues: attributes,
  };
}

/** Take the lease if nobody holds it, it has expired, or it is already ours. */
export function acquireRequest(
  table: string,
  tier: string,
  holder: string,
  now: number,
  durationMs: number,
): UpdateItemCommandInput {
  const update = leaseUpdate(
    table,
    tier,
    'SET holder = :me, leaseUntil = :until, renewedAt = :now, ' +
      'fencingToken = if_not_exists(fencingToken, :zero) + :one',
    'attribute_not_exists(pk) OR leaseUntil < :now OR holder = :me',
    { ':me': holder, ':until': now + durationMs, ':now': now, ':zero': 0, ':one': 1 },
  );
  return { ...update, ReturnValues: 'ALL_NEW' };
}

/** Extend the lease, only while this holder still has it under the same token. */
export function renewRequest(
  table: string,
  tier: string,
  holder: string,
  fencingToken: number,
  now: number,
  durationMs: number,
): UpdateItemCommandInput {
  return leaseUpdate(table, tier, 'SET leaseUntil = :until, renewedAt = :now', HELD_BY_ME, {
    ':me': holder,
    ':token': fencingToken,
    ':until': now + durationMs,
    ':now': now,
  });
}

/** End the lease now so the next candidate takes it at once; a no-op if it is no longer ours. */
export function releaseRequest(
  table: string,
  tier: string,
  holder: string,
  fencingToken: number,
  now: number,
): UpdateItemCommandInput {
  return leaseUpdate(table, tier, 'SET leaseUntil = :zero, renewedAt = :now', HELD_BY_ME, {
    ':me': holder,
    ':token': fencingToken,
    ':zero': 0,
    ':now': now,
  });
}

export function readRequest(table: string, tier: string): GetItemCommandInput {
  return { TableName: table, Key: leaseKey(tier), ConsistentRead: true };
}

/** Decodes a lease item, or undefined when it is absent or not shaped like one. */
export function decodeLease(item: Record<string, AttributeValue> | undefined): LeaseRecord | undefined {
  const holder = item?.['holder']?.S;
  const leaseUntil = Number(item?.['leaseUntil']?.N);
  const fencingToken = Number(item?.['fencingToken']?.N);
  const renewedAt = Number(item?.['renewedAt']?.N);
  if (holder === undefined || !Number.isFinite(leaseUntil) || !Number.isFinite(fencingToken)) {
    return undefined;
  }
  return { holder, leaseUntil, fencingToken, renewedAt: Number.isFinite(renewedAt) ? renewedAt : 0 };
}
