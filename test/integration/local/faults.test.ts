// Injected faults reach real SDK v3 clients as the errors the real services return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isThrottlingError } from '@smithy/core/retry';
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetChangeCommand, ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ServiceName } from '../../../src/local/proxy/types.js';
import { withLocalAws, type TestClients } from '../../support/local-aws.js';

const aws = withLocalAws();

/** One harmless read per service. */
const READS: Readonly<Record<ServiceName, (c: TestClients) => Promise<unknown>>> = {
  elbv2: (c) => c.elbv2.send(new DescribeLoadBalancersCommand({})),
  route53: (c) => c.route53.send(new ListHostedZonesCommand({})),
  sts: (c) => c.sts.send(new GetCallerIdentityCommand({})),
  ec2: (c) => c.ec2.send(new DescribeVpcsCommand({})),
  ecs: (c) => c.ecs.send(new ListClustersCommand({})),
  dynamodb: (c) => c.dynamodb.send(new ListTablesCommand({})),
  tagging: (c) => c.tagging.send(new GetResourcesCommand({})),
  logs: (c) => c.logs.send(new DescribeLogGroupsCommand({})),
  autoscaling: (c) => c.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })),
  cloudwatch: (c) => c.cloudwatch.send(new DescribeAlarmsCommand({})),
  servicequotas: (c) => c.servicequotas.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-DF5E4CA3' })),
};

interface SdkError {
  readonly name: string;
  readonly $metadata: { readonly httpStatusCode?: number };
}

async function failure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  assert.fail('the call succeeded');
}

const THROTTLES: ReadonlyArray<readonly [ServiceName, string, number]> = [
  ['elbv2', 'Throttling', 400],
  ['route53', 'Throttling', 400],
  ['sts', 'Throttling', 400],
  ['ec2', 'RequestLimitExceeded', 503],
  ['ecs', 'ThrottlingException', 400],
  ['dynamodb', 'ProvisionedThroughputExceededException', 400],
  ['tagging', 'ThrottledException', 400],
  ['logs', 'ThrottlingException', 400],
  ['autoscaling', 'ThrottlingException', 400],
  ['cloudwatch', 'Throttling', 400],
];

test('an injected throttle reaches each SDK client as that service’s throttling error', async () => {
  const clients = aws.clients();
  aws.proxy.setFaults([{ kind: 'throttle' }]);
  for (const [service, name, status] of THROTTLES) {
    const error = await failure(READS[service](clients));
    assert.equal(error.name, name, service);
    assert.equal(error.$metadata.httpStatusCode, status, service);
    assert.equal(isThrottlingError(error as never), true, `${service}: the SDK classifies ${name} as a throttle`);
  }
  assert.equal(aws.proxy.count({ outcome: 'fault' }), THROTTLES.length);
});

test('an injected 500 and 503 arrive as server errors in each service’s code', async () => {
  const clients = aws.clients();
  aws.proxy.setFaults([{ service: 'ecs', kind: 'server-error' }, { service: 'elbv2', kind: 'unavailable' }, { service: 'ec2', kind: 'server-error' }]);
  const ecs = await failure(READS.ecs(clients));
  assert.deepEqual([ecs.name, ecs.$metadata.httpStatusCode], ['ServerException', 500]);
  const elbv2 = await failure(READS.elbv2(clients));
  assert.deepEqual([elbv2.name, elbv2.$metadata.httpStatusCode], ['ServiceUnavailable', 503]);
  const ec2 = await failure(READS.ec2(clients));
  assert.deepEqual([ec2.name, ec2.$metadata.httpStatusCode], ['InternalError', 500]);
  await READS.route53(clients); // not named by any rule
});

test('Route 53 PriorRequestNotComplete reaches the SDK, classified as a throttle', async () => {
  aws.proxy.setFaults([{ service: 'route53', operation: 'GetChange', kind: 'prior-request-not-complete' }]);
  const error = await failure(aws.clients().route53.send(new GetChangeCommand({ Id: 'C1' })));
  assert.deepEqual([error.name, error.$metadata.httpStatusCode], ['PriorRequestNotComplete', 400]);
  assert.equal(isThrottlingError(error as never), true);
});

test('the SDK retries an injected throttle and the proxy counts every attempt', async () => {
  aws.proxy.setFaults([{ service: 'ecs', operation: 'ListClusters', kind: 'throttle', times: 1 }]);
  await READS.ecs(aws.clients({ maxAttempts: 2 }));
  assert.equal(aws.proxy.count({ operation: 'ListClusters', outcome: 'fault' }), 1);
  assert.equal(aws.proxy.count({ operation: 'ListClusters', outcome: 'ok' }), 1);
});

test('a fault limited to one account spares the others', async () => {
  const other = await aws.clientsInAccount('222222222222');
  aws.proxy.setFaults([{ service: 'ecs', account: '222222222222', kind: 'throttle' }]);
  await READS.ecs(aws.clients());
  assert.equal((await failure(READS.ecs(other))).name, 'ThrottlingException');
});

test('injected latency delays a call that then succeeds', async () => {
  aws.proxy.setFaults([{ service: 'sts', kind: 'latency', latencyMs: 20, jitterMs: 10 }]);
  await READS.sts(aws.clients());
  assert.equal(aws.proxy.count({ service: 'sts', outcome: 'ok' }), 1);
});

test('a rate limit refuses calls beyond its burst with the service’s throttle', async () => {
  // A refill of one token per hour: the bucket cannot refill during the test.
  aws.proxy.setRateLimits([{ service: 'route53', ratePerSecond: 1 / 3600, burst: 2 }]);
  const { route53 } = aws.clients();
  await READS.route53({ route53 } as TestClients);
  await READS.route53({ route53 } as TestClients);
  const error = await failure(route53.send(new ListHostedZonesCommand({})));
  assert.deepEqual([error.name, error.$metadata.httpStatusCode], ['Throttling', 400]);
  assert.equal(aws.proxy.count({ service: 'route53', outcome: 'rate-limited' }), 1);
  await READS.ecs(aws.clients()); // other services are not limited
});

test('clearing faults lets calls through again', async () => {
  aws.proxy.setFaults([{ kind: 'throttle' }]);
  aws.proxy.clearFaults();
  await READS.dynamodb(aws.clients());
  assert.equal(aws.proxy.count({ outcome: 'ok' }), 1);
});
