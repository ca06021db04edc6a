// The lease table itself: checking that the daemon's table is there and shaped right, and
// creating it for local mode and tests. The daemon never creates it: in production it is
// provisioned with the service, and a missing table is an operator error worth stopping for.

import { setTimeout as sleep } from 'node:timers/promises';
import { hasErrorCode } from './lease-table-client.js';
import type { LeaseTableAdminClient, LeaseTableClient } from './lease-table-client.js';
import { LEASE_PARTITION_KEY } from './lease-records.js';

/** The lease table is missing or unusable; the message names the table and the fix. */
export class LeaseTableError extends Error {
  override readonly name = 'LeaseTableError';
  constructor(
    readonly tableName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Throws LeaseTableError unless `tableName` exists with the string partition key `pk`. */
export async function verifyLeaseTable(client: LeaseTableClient, tableName: string): Promise<void> {
  let keySchema;
  try {
    const described = await client.describeTable({ TableName: tableName });
    keySchema = described.Table?.KeySchema ?? [];
  } catch (error) {
    if (hasErrorCode(error, 'ResourceNotFoundException')) {
      throw new LeaseTableError(
        tableName,
        `lease table "${tableName}" does not exist: create it (partition key "${LEASE_PARTITION_KEY}", ` +
          'type String, no sort key), pass the right name with --lease-table, or run with --leader-election=false',
        { cause: error },
      );
    }
    throw error;
  }
  const hash = keySchema.find((key) => key.KeyType === 'HASH');
  if (hash?.AttributeName !== LEASE_PARTITION_KEY || keySchema.length !== 1) {
    const found = keySchema.map((key) => `${key.AttributeName} (${key.KeyType})`).join(', ') || 'none';
    throw new LeaseTableError(
      tableName,
      `lease table "${tableName}" has key ${found}; expected a single partition key "${LEASE_PARTITION_KEY}"`,
    );
  }
}

/**
 * Creates the lease table if it is missing and waits until it is ACTIVE. For `tiered local`
 * bootstrap and tests.
 */
export async function ensureLeaseTable(
  client: LeaseTableAdminClient,
  tableName: string,
  options: { readonly pollMs?: number; readonly maxPolls?: number } = {},
): Promise<void> {
  try {
    await client.createTable({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: LEASE_PARTITION_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: LEASE_PARTITION_KEY, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  } catch (error) {
    if (!hasErrorCode(error, 'ResourceInUseException')) throw error;
  }
  const maxPolls = options.maxPolls ?? 60;
  for (let poll = 0; poll < maxPolls; poll += 1) {
    const described = await client.describeTable({ TableName: tableName });
    if (described.Table?.TableStatus === 'ACTIVE') return verifyLeaseTable(client, tableName);
    await sleep(options.pollMs ?? 1_000);
  }
  throw new LeaseTableError(tableName, `lease table "${tableName}" did not become ACTIVE after ${maxPolls} checks`);
}
