// Issue 12 acceptance, rollout health (docs/design.md §11.4), on moto through the proxy: services
// get the deployment circuit breaker with rollback; a service whose deployment the proxy reports
// as FAILED makes the pass degraded, and /status says which tenant and why; the plan shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { daemonStatus } from '../../../src/controller/daemon-status.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';
import { FULL } from '../../../src/controller/revision-tracker.js';
import { runTierPass } from '../../../src/controller/tier-pass.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { planTier } from '../../../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { renderText } from '../../../src/plan/render-text.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { withEngineAws } from '../../support/engine-harness.js';

const { aws, factory } = withEngineAws();
const silent = pino({ level: 'silent' });

function tierWith(...tenants: string[]): ManifestSet {
  const b = manifestSet().tier('tier-1', { routing: { match: 'host' } }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const t of tenants) b.tenant(t);
  return b.build();
}

const pass = (set: ManifestSet) =>
  runTierPass(
    { engine: { factory: factory(), instanceId: 'tiered' }, leases: new AlwaysHeldLeases(), dryRun: false, planOptions: {}, log: silent },
    { set, tier: 'tier-1', revision: 'test@1', scope: FULL, signal: new AbortController().signal },
  );

test('services run with the circuit breaker and rollback, and a healthy tier converges in sync, not degraded', async () => {
  const set = tierWith('alpha');
  await bootstrapLocalAws(set, factory());
  assert.equal((await pass(set)).result, 'applied');
  const { ecs } = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'tier-1-cell-1-ig-1-alpha', services: ['alpha'] }))).services![0]!;
  assert.deepEqual(service.deploymentConfiguration?.deploymentCircuitBreaker, { enable: true, rollback: true });
  const second = await pass(set);
  assert.deepEqual([second.result, second.degraded], ['in-sync', []]);
});

test('a deployment the proxy reports FAILED makes the pass degraded; /status names the tenant and ECS’s message, and the plan shows it', async () => {
  const set = tierWith('alpha', 'beta');
  await bootstrapLocalAws(set, factory());
  await pass(set);
  aws.proxy.setDeploymentFailures([{ service: 'beta', reason: 'tasks failed to start: CannotPullContainerError: image not found' }]);

  const report = await pass(set);
  assert.equal(report.result, 'degraded');
  const store = new StatusStore();
  store.recordPass('tier-1', report.result, 1, report.drift, { revision: 'test@1', errors: report.notes, degraded: report.degraded });
  const status = daemonStatus(store.snapshot(), { depth: 0, inFlight: 0, stopping: false, tiers: [] }, [], { instanceId: 'tiered', dryRun: false }, 'test@1', new Set());
  const tier = status.tiers['tier-1']!;
  assert.equal(tier.lastPass?.result, 'degraded');
  assert.equal(tier.converged, false);
  assert.deepEqual(tier.degraded.map((d) => [d.tenant, d.service, d.state]), [['beta', 'tier-1-cell-1-ig-1-beta/beta', 'FAILED']]);
  assert.match(tier.degraded[0]!.message, /CannotPullContainerError: image not found/);

  const planned = await planTier(set, 'tier-1', { factory: factory(), instanceId: 'tiered' });
  assert.ok(planned.ok);
  assert.deepEqual(planToJson(planned.plan).degraded.map((d) => d.tenant), ['beta']);
  assert.match(renderText(planned.plan), /! degraded tenant beta: service tier-1-cell-1-ig-1-beta\/beta deployment FAILED: .*image not found/);

  aws.proxy.setDeploymentFailures([]);
  assert.equal((await pass(set)).result, 'in-sync');
});
