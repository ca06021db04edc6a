// The DynamoDB operations tiered uses: the leader-election lease table (conditional writes)
// and, for local bootstrap, creating that table.
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
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
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';

export interface DynamoDbApi {
  /** With a ConditionExpression, a failed condition is ConditionalCheckFailedException. */
  putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput>;
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>;
  deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput>;
  updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput>;
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
    describeTable: (TableName) => client.send(new DescribeTableCommand({ TableName })),
    createTable: (input) => client.send(new CreateTableCommand(input)),
  };
}
