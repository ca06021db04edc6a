// The DynamoDB operations tiered uses: the leader-election lease table (conditional writes,
// and a scan of it to balance the leases across replicas) and, for local bootstrap, creating that table.
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type {
  CreateTableCommandInput,
  CreateTableCommandOutput,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  DescribeTableCommandOutput,
  DynamoDBClient,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';

export interface DynamoDbApi {
  /** With a ConditionExpression, a failed condition is ConditionalCheckFailedException. */
  putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput>;
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>;
  deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput>;
  updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput>;
  /** One page; the lease table is small (a lease item per tier, a heartbeat per replica). */
  scan(input: ScanCommandInput): Promise<ScanCommandOutput>;
  describeTable(tableName: string): Promise<DescribeTableCommandOutput>;
  /** Local bootstrap only. */
  createTable(input: CreateTableCommandInput): Promise<CreateTableCommandOutput>;
}

export function dynamoDbApi(client: DynamoDBClient): DynamoDbApi {
  return {
    putItem: (input) => client.send(new PutItemCommand(input)),
    getItem: (input) => client.send(new GetItemCommand(input)),
    deleteItem: (input) => client.send(new DeleteItemCommand(input)),
    updateItem: (input) => client.send(new UpdateItemCommand(input)),
    scan: (input) => client.send(new ScanCommand(input)),
    describeTable: (TableName) => client.send(new DescribeTableCommand({ TableName })),
    createTable: (input) => client.send(new CreateTableCommand(input)),
  };
}
