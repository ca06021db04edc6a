import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { ecsApi } from '../../../src/aws/ecs.js';

function setup() {
  const mock = mockClient(ECSClient);
  return { mock, api: ecsApi(new ECSClient({ region: 'us-east-1' })) };
}

test('250 clusters are described 100 per call, with tags, and misses come back as failures', async () => {
  const { mock, api } = setup();
  mock.on(DescribeClustersCommand).callsFake((input: { clusters: string[] }) => ({
    clusters: input.clusters.filter((c) => c !== 'gone').map((clusterName) => ({ clusterName })),
    failures: input.clusters.filter((c) => c === 'gone').map((arn) => ({ arn, reason: 'MISSING' })),
  }));
  const names = [...Array.from({ length: 249 }, (_, i) => `c-${i}`), 'gone'];
  const described = await api.describeClusters(names);
  const inputs = mock.commandCalls(DescribeClustersCommand).map((c) => c.args[0].input);
  assert.deepEqual(inputs.map((i) => i.clusters?.length), [100, 100, 50]);
  assert.ok(inputs.every((i) => i.include?.includes('TAGS')));
  assert.equal(described.found.length, 249);
  assert.deepEqual(described.failures, [{ arn: 'gone', reason: 'MISSING' }]);
  mock.restore();
});

test('25 services of one cluster are described 10 per call, each naming the cluster', async () => {
  const { mock, api } = setup();
  mock.on(DescribeServicesCommand).resolves({ services: [], failures: [] });
  await api.describeServices('cluster-a', Array.from({ length: 25 }, (_, i) => `s-${i}`));
  const inputs = mock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input);
  assert.deepEqual(inputs.map((i) => i.services?.length), [10, 10, 5]);
  assert.ok(inputs.every((i) => i.cluster === 'cluster-a'));
  mock.restore();
});

test('listServices follows nextToken, 100 per page', async () => {
  const { mock, api } = setup();
  mock
    .on(ListServicesCommand, { nextToken: undefined })
    .resolves({ serviceArns: ['a', 'b'], nextToken: 't1' })
    .on(ListServicesCommand, { nextToken: 't1' })
    .resolves({ serviceArns: ['c'] });
  assert.deepEqual(await api.listServices('cluster-a'), ['a', 'b', 'c']);
  assert.ok(mock.commandCalls(ListServicesCommand).every((c) => c.args[0].input.maxResults === 100));
  mock.restore();
});

test('listTaskDefinitions passes the family prefix on every page', async () => {
  const { mock, api } = setup();
  mock
    .on(ListTaskDefinitionsCommand, { nextToken: undefined })
    .resolves({ taskDefinitionArns: ['td:1'], nextToken: 't' })
    .on(ListTaskDefinitionsCommand, { nextToken: 't' })
    .resolves({ taskDefinitionArns: ['td:2'] });
  assert.deepEqual(await api.listTaskDefinitions({ familyPrefix: 'fam', status: 'ACTIVE' }), ['td:1', 'td:2']);
  assert.ok(mock.commandCalls(ListTaskDefinitionsCommand).every((c) => c.args[0].input.familyPrefix === 'fam'));
  mock.restore();
});
