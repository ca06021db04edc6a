import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  PriorityInUseException,
  ResourceInUseException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ClusterNotFoundException, ECSClient, ECSServiceException, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { classifyAwsError, isAwsError } from '../../../src/aws/errors.js';
import { elbv2Api } from '../../../src/aws/elbv2.js';
import { ecsApi } from '../../../src/aws/ecs.js';
import { dynamoDbApi } from '../../../src/aws/dynamodb.js';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** What a call through the ELBv2 wrapper throws when the service answers with `error`. */
async function elbv2Failure(error: Error): Promise<unknown> {
  const mock = mockClient(ElasticLoadBalancingV2Client);
  mock.on(DeleteTargetGroupCommand).rejects(error);
  try {
    await elbv2Api(new ElasticLoadBalancingV2Client({ region: 'us-east-1' })).deleteTargetGroup('arn:tg');
    assert.fail('expected the call to fail');
  } catch (err) {
    return err;
  } finally {
    mock.restore();
  }
}

function serviceError(name: string, status: number, message = name): ElasticLoadBalancingV2ServiceException {
  return new ElasticLoadBalancingV2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', message, ...meta(status) });
}

test('ELBv2 Throttling is throttling', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('Throttling', 400, 'Rate exceeded'))), 'throttling');
});

test('a target group still used by a rule (ResourceInUse) is a conflict', async () => {
  const err = await elbv2Failure(new ResourceInUseException({ message: 'in use', ...meta(400) }));
  assert.equal(classifyAwsError(err), 'conflict');
  assert.ok(isAwsError(err, 'ResourceInUse'));
});

test('PriorityInUse and DuplicateTargetGroupName are conflicts', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(new PriorityInUseException({ message: 'p', ...meta(400) }))), 'conflict');
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('DuplicateTargetGroupName', 400))), 'conflict');
});

test('TargetGroupNotFound is not-found', async () => {
  const err = await elbv2Failure(new TargetGroupNotFoundException({ message: 'gone', ...meta(400) }));
  assert.equal(classifyAwsError(err), 'not-found');
});

test('ValidationError and AccessDenied are terminal', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('ValidationError', 400))), 'terminal');
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('AccessDenied', 403))), 'terminal');
});

test('the ALB quota refusals are terminal', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('TooManyRules', 400))), 'terminal');
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('TooManyUniqueTargetGroupsPerLoadBalancer', 400))), 'terminal');
});

test('an unknown code with a 5xx status is transient', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('SomethingBroke', 503))), 'transient');
});

test('an unknown 4xx code is terminal', async () => {
  assert.equal(classifyAwsError(await elbv2Failure(serviceError('NeverHeardOfIt', 400))), 'terminal');
});

test('ECS ThrottlingException is throttling and ClusterNotFoundException not-found', async () => {
  const mock = mockClient(ECSClient);
  const api = ecsApi(new ECSClient({ region: 'us-east-1' }));
  mock.on(DescribeClustersCommand).rejects(
    new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', ...meta(400) }),
  );
  await assert.rejects(api.describeClusters(['c']), (err) => classifyAwsError(err) === 'throttling');
  mock.reset();
  mock.on(DescribeClustersCommand).rejects(new ClusterNotFoundException({ message: 'no', ...meta(400) }));
  await assert.rejects(api.describeClusters(['c']), (err) => classifyAwsError(err) === 'not-found');
  mock.restore();
});

test('a failed DynamoDB condition is a conflict', async () => {
  const mock = mockClient(DynamoDBClient);
  mock.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'held', ...meta(400) }));
  const api = dynamoDbApi(new DynamoDBClient({ region: 'us-east-1' }));
  await assert.rejects(api.putItem({ TableName: 't', Item: {} }), (err) => {
    assert.equal(classifyAwsError(err), 'conflict');
    assert.ok(isAwsError(err, 'ConditionalCheckFailedException'));
    return true;
  });
  mock.restore();
});

test('throttling codes of every service are throttling', () => {
  for (const name of ['RequestLimitExceeded', 'ThrottledException', 'ProvisionedThroughputExceededException', 'ThrottlingException']) {
    assert.equal(classifyAwsError(serviceError(name, 400)), 'throttling', name);
  }
});

test('Route 53 PriorRequestNotComplete is transient', () => {
  assert.equal(classifyAwsError(serviceError('PriorRequestNotComplete', 400)), 'transient');
});

test('Route 53 InvalidChangeBatch is told apart by its message', () => {
  const exists = "[Tried to create resource record set [name='x.example.com.', type='A'] but it already exists]";
  const missing = "[Tried to delete resource record set [name='x.example.com.', type='A'] but it was not found]";
  assert.equal(classifyAwsError(serviceError('InvalidChangeBatch', 400, exists)), 'conflict');
  assert.equal(classifyAwsError(serviceError('InvalidChangeBatch', 400, missing)), 'not-found');
  assert.equal(classifyAwsError(serviceError('InvalidChangeBatch', 400, 'RRSet of type CNAME ...')), 'terminal');
});

test('EC2 *.NotFound codes are not-found', () => {
  assert.equal(classifyAwsError(serviceError('InvalidVpcID.NotFound', 400)), 'not-found');
  assert.equal(classifyAwsError(serviceError('InvalidVpcEndpoint.NotFound', 400)), 'not-found');
});

test('a refused connection is transient; a plain bug is terminal', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.equal(classifyAwsError(refused), 'transient');
  assert.equal(classifyAwsError(new TypeError('x is undefined')), 'terminal');
});
