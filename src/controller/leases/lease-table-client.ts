// The narrow view of DynamoDB that leases need, typed with the SDK's own inputs and outputs,
// so a mock, the SDK client, or the AWS client layer's wrapper can stand behind it.

import type {
  CreateTableCommandInput,
  CreateTableCommandOutput,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
  DynamoDBClient,
  GetItemCommandInput,
  GetItemCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbApi } from '../../aws/dynamodb.js';
import type { DynamoDbApi } from '../../aws/dynamodb.js';

export interface LeaseTableClient {
  describeTable(input: DescribeTableCommandInput): Promise<DescribeTableCommandOutput>;
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>;
  updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput>;
  /** Balancing reads the whole table (leases and heartbeats) and removes heartbeats. */
  scan(input: ScanCommandInput): Promise<ScanCommandOutput>;
  deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput>;
}

/** Also creates the table: for local mode and tests only; the daemon never creates it. */
export interface LeaseTableAdminClient extends LeaseTableClient {
  createTable(input: CreateTableCommandInput): Promise<CreateTableCommandOutput>;
}

/** The lease table straight over an SDK client (tests, local tools). */
export function leaseTableClient(client: DynamoDBClient): LeaseTableAdminClient {
  return leaseTableClientOf(dynamoDbApi(client));
}

/** True if `error` is the AWS error with this code (SDK v3 puts the code in `name`). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && error.name === code;
}

/** The lease table through tiered's AWS client layer (so its calls are counted like any other). */
export function leaseTableClientOf(api: DynamoDbApi): LeaseTableAdminClient {
  return {
    describeTable: (input) => api.describeTable(input.TableName ?? ''),
    getItem: (input) => api.getItem(input),
    updateItem: (input) => api.updateItem(input),
    scan: (input) => api.scan(input),
    deleteItem: (input) => api.deleteItem(input),
    createTable: (input) => api.createTable(input),
  };
}
