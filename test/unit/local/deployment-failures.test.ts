// The proxy's deployment failure: DescribeServices reports the named service's primary
// deployment FAILED and ECS's message first among its events; other services are untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failDeployments } from '../../../src/local/proxy/deployment-failures.js';

const answer = JSON.stringify({
  services: [
    { serviceName: 'a', clusterArn: 'arn:aws:ecs:us-east-1:1:cluster/c-a', deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }, { status: 'ACTIVE', rolloutState: 'COMPLETED' }], events: [] },
    { serviceName: 'b', clusterArn: 'arn:aws:ecs:us-east-1:1:cluster/c-b', deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }] },
  ],
  failures: [],
});

test('the named service fails, in the named cluster only, and others stay as moto said', () => {
  const out = JSON.parse(failDeployments(answer, [{ service: 'a', reason: 'tasks failed to start' }])) as { services: { deployments: { rolloutState: string }[]; events?: { message: string }[] }[] };
  assert.deepEqual(out.services[0]!.deployments.map((d) => d.rolloutState), ['FAILED', 'COMPLETED']);
  assert.equal(out.services[0]!.events?.[0]?.message, '(service a) tasks failed to start');
  assert.equal(out.services[1]!.deployments[0]!.rolloutState, 'COMPLETED');
  const elsewhere = JSON.parse(failDeployments(answer, [{ service: 'a', cluster: 'other', reason: 'x' }])) as { services: { deployments: { rolloutState: string }[] }[] };
  assert.equal(elsewhere.services[0]!.deployments[0]!.rolloutState, 'COMPLETED');
  assert.equal(failDeployments(answer, []), answer);
});
