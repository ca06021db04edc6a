import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { TAG } from '../../../src/desired/tags.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { completeObservation } from '../../../src/live/complete-observation.js';
import type { TierObservation } from '../../../src/live/types.js';
import { diff } from '../../../src/plan/diff.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

/** A factory whose ECS answers DescribeTaskDefinition with `image`, counting the calls. */
function countingFactory(image: string) {
  const calls: string[] = [];
  const ecs = {
    describeTaskDefinition: async (arn: string) => {
      calls.push(arn);
      return {
        $metadata: {},
        taskDefinition: {
          family: 'tier-1-cell-1-ig-1-a', requiresCompatibilities: ['FARGATE' as const], networkMode: 'awsvpc' as const, cpu: '1024', memory: '4096',
          taskRoleArn: 'arn:aws:iam::111111111111:role/tier-1-task', executionRoleArn: 'arn:aws:iam::111111111111:role/tier-1-exec',
          containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 8080, protocol: 'tcp' as const }], environment: [{ name: 'CACHE_ENDPOINT', value: 'cache.tier-1.internal' }, { name: 'TENANT_ID', value: 'a' }, { name: 'TIER_ID', value: 'tier-1' }, { name: 'REGION', value: 'us-east-1' }],
            logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-stream-prefix': 'a', 'awslogs-group': '/tiered/tier-1', 'awslogs-region': 'us-east-1' } } }],
        },
      };
    },
  };
  const factory: AwsClientFactory = { clients: () => ({ ecs }) as unknown as AwsClients, destroy: () => undefined };
  return { factory, calls };
}

function observed(hash: string | undefined): { obs: TierObservation; desired: ReturnType<typeof compileTopology> } {
  const set = smallSet([tenant('a')]);
  const desired = compileTopology(set, placeAll(set), NO_HINTS);
  const live = liveFrom(desired);
  // Phase 1 leaves task definition specs empty, with the revision's own tags.
  const resources = live.resources.map((r) =>
    r.kind !== 'task-definition' ? r : { ...r, spec: {}, tags: hash === undefined ? { ...r.tags, [TAG.specHash]: '' } : { ...r.tags, [TAG.specHash]: hash } });
  return { obs: { tier: 'tier-1', live: { ...live, resources }, placement: new Map(), hints: NO_HINTS, errors: [] }, desired };
}

test('a revision whose spec-hash tag matches takes the desired spec without a call', async () => {
  const set = smallSet([tenant('a')]);
  const hash = compileTopology(set, placeAll(set), NO_HINTS).resources.find((r) => r.kind === 'task-definition')?.tags[TAG.specHash];
  const { obs, desired } = observed(hash);
  const { factory, calls } = countingFactory('unused');
  const done = await completeObservation(obs, desired, factory, 'tiered');
  assert.deepEqual(calls, []);
  assert.deepEqual(diff(desired, done.live).actions, []);
});

test('a revision whose hash differs is described, and its drift reported', async () => {
  const { obs, desired } = observed('0000000000000000');
  const { factory, calls } = countingFactory('registry.example.com/app:0.9');
  const done = await completeObservation(obs, desired, factory, 'tiered');
  assert.equal(calls.length, 1);
  const update = diff(desired, done.live).actions.find((a) => a.kind === 'task-definition');
  assert.deepEqual(update && 'changes' in update ? update.changes : [], [
    { field: 'container.image', live: 'registry.example.com/app:0.9', desired: 'registry.example.com/app:1.0' },
  ]);
});
