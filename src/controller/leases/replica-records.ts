// The heartbeat item of one replica, in the lease table beside the tiers' lease items, and the
// whole-table read that balancing decides on (docs/leases.md, "Sharing the fleet"). Pure
// builders and decoders: the lease provider sends them.
//
// Item: { pk: 'replica#<holder id>', holder, heartbeatUntil (epoch ms), startedAt, renewedAt,
// accepting }. `accepting` is false while the replica has no tiers to compete for (no revision
// loaded yet): the others then do not count it, so they never hand tiers to one that would not
// take them.

import type { AttributeValue, DeleteItemCommandInput, ScanCommandInput, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { decodeLease, LEASE_PARTITION_KEY } from './lease-records.js';
import type { LeaseRecord } from './lease-records.js';

const REPLICA_PREFIX = 'replica#';
const TIER_PREFIX = 'tier#';

export interface HeartbeatRecord {
  readonly holder: string;
  readonly heartbeatUntil: number;
  readonly startedAt: number;
  readonly accepting: boolean;
}

/** What one consistent scan of the lease table shows. */
export interface TableView {
  readonly leases: ReadonlyMap<string, LeaseRecord>;
  readonly replicas: readonly HeartbeatRecord[];
}

function replicaKey(holder: string): Record<string, AttributeValue> {
  return { [LEASE_PARTITION_KEY]: { S: `${REPLICA_PREFIX}${holder}` } };
}

/** Writes (or creates) this replica's heartbeat, valid until `now + durationMs`. */
export function heartbeatRequest(table: string, holder: string, startedAt: number, now: number, durationMs: number, accepting: boolean): UpdateItemCommandInput {
  return {
    TableName: table,
    Key: replicaKey(holder),
    UpdateExpression: 'SET holder = :me, heartbeatUntil = :until, startedAt = if_not_exists(startedAt, :started), renewedAt = :now, accepting = :accepting',
    ExpressionAttributeValues: {
      ':me': { S: holder },
      ':until': { N: String(now + durationMs) },
      ':started': { N: String(startedAt) },
      ':now': { N: String(now) },
      ':accepting': { BOOL: accepting },
    },
  };
}

/** Removes this replica's heartbeat at shutdown, so the others stop counting it at once. */
export function leaveRequest(table: string, holder: string): DeleteItemCommandInput {
  return { TableName: table, Key: replicaKey(holder), ConditionExpression: 'holder = :me', ExpressionAttributeValues: { ':me': { S: holder } } };
}

/** Removes the heartbeat of a replica that died long ago (before `cutoff`), if still so. */
export function forgetRequest(table: string, holder: string, cutoff: number): DeleteItemCommandInput {
  return {
    TableName: table,
    Key: replicaKey(holder),
    ConditionExpression: 'heartbeatUntil < :cutoff',
    ExpressionAttributeValues: { ':cutoff': { N: String(cutoff) } },
  };
}

/** One page of the whole table, strongly consistent: a view no older than the call. */
export function scanRequest(table: string, startKey?: Record<string, AttributeValue>): ScanCommandInput {
  return { TableName: table, ConsistentRead: true, ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }) };
}

export function decodeHeartbeat(item: Record<string, AttributeValue>): HeartbeatRecord | undefined {
  const holder = item['holder']?.S;
  const heartbeatUntil = Number(item['heartbeatUntil']?.N);
  if (holder === undefined || !Number.isFinite(heartbeatUntil)) return undefined;
  const startedAt = Number(item['startedAt']?.N);
  return { holder, heartbeatUntil, startedAt: Number.isFinite(startedAt) ? startedAt : 0, accepting: item['accepting']?.BOOL === true };
}

/** Sorts scanned items into tier leases and replica heartbeats; anything else is ignored. */
export function decodeTableView(items: readonly Record<string, AttributeValue>[]): TableView {
  const leases = new Map<string, LeaseRecord>();
  const replicas: HeartbeatRecord[] = [];
  for (const item of items) {
    const key = item[LEASE_PARTITION_KEY]?.S ?? '';
    if (key.startsWith(TIER_PREFIX)) {
      const lease = decodeLease(item);
      if (lease) leases.set(key.slice(TIER_PREFIX.length), lease);
    } else if (key.startsWith(REPLICA_PREFIX)) {
      const heartbeat = decodeHeartbeat(item);
      if (heartbeat) replicas.push(heartbeat);
    }
  }
  replicas.sort((a, b) => (a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0));
  return { leases, replicas };
}
