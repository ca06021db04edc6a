// Which services make a pass degraded (docs/design.md §11.4): FAILED at once, IN_PROGRESS only
// past the tier's bound, COMPLETED never; foreign services are not ours to report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveResource, ServiceRollout } from '../../../src/plan/live-resource.js';
import { degradedServices } from '../../../src/plan/rollout-health.js';

const START = Date.parse('2026-11-30T12:00:00Z');

function service(tenant: string, rollout: ServiceRollout, ownership: 'ours' | 'foreign' = 'ours'): LiveResource {
  const base = {
    kind: 'ecs-service' as const, account: '111111111111', tags: {}, spec: {}, attrs: {}, rollout,
    aws: { name: tenant, parentArn: `arn:aws:ecs:us-east-1:111111111111:cluster/tier-1-cell-1-ig-1-${tenant}` },
  };
  return ownership === 'foreign'
    ? { ...base, ownership }
    : { ...base, ownership, key: `ecsService:tier-1/cell-1/ig-1/${tenant}/1`, owner: { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1', tenant, clusterIndex: 1 } };
}

const at = (state: string, event?: string): ServiceRollout => ({
  state, startedAt: new Date(START).toISOString(), reason: `ECS deployment ecs-svc/1 ${state.toLowerCase()}.`, ...(event !== undefined ? { event } : {}),
});

test('FAILED is degraded with ECS’s latest event; COMPLETED and foreign services are not', () => {
  const live = [
    service('a', at('FAILED', '(service a) failed to launch a task: CannotPullContainerError')),
    service('b', at('COMPLETED')),
    service('c', at('FAILED'), 'foreign'),
    service('d', at('FAILED')),
  ];
  assert.deepEqual(degradedServices(live, START + 60_000, () => 30), [
    { tier: 'tier-1', tenant: 'a', key: 'ecsService:tier-1/cell-1/ig-1/a/1', service: 'tier-1-cell-1-ig-1-a/a', state: 'FAILED', message: '(service a) failed to launch a task: CannotPullContainerError' },
    { tier: 'tier-1', tenant: 'd', key: 'ecsService:tier-1/cell-1/ig-1/d/1', service: 'tier-1-cell-1-ig-1-d/d', state: 'FAILED', message: 'ECS deployment ecs-svc/1 failed.' },
  ]);
});

test('IN_PROGRESS is degraded only once the tier’s bound has passed', () => {
  const live = [service('a', at('IN_PROGRESS'))];
  assert.deepEqual(degradedServices(live, START + 29 * 60_000, () => 30), []);
  const late = degradedServices(live, START + 31 * 60_000, () => 30);
  assert.deepEqual(late.map((d) => [d.state, d.message]), [['IN_PROGRESS', 'deployment in progress for 31 minutes: ECS deployment ecs-svc/1 in_progress.']]);
});
