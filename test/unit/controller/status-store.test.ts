import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StatusStore } from '../../../src/controller/http/status-store.js';

const AT = new Date('2026-01-02T03:04:05.000Z');
const store = (): StatusStore => new StatusStore(undefined, () => AT);

test('a fresh store has no revision, unknown leases and no tiers', () => {
  assert.deepEqual(store().snapshot(), {
    source: { location: null, revision: null, error: null, validation: null },
    leases: { known: false, held: [] },
    awsGone: null,
    aws: { readable: true, problems: [] },
    queueDepth: 0,
    tiers: {},
    orphanedTiers: [],
  });
});

test('a pass sets the tier revision, last pass, drift summary and errors', () => {
  const s = store();
  s.recordPass('tier-1', 'applied', 1234, { 'target-group': 2, 'listener-rule': 1 }, { revision: 'main@abc' });
  assert.deepEqual(s.snapshot().tiers['tier-1'], {
    tier: 'tier-1',
    revision: 'main@abc',
    lastPass: { at: AT.toISOString(), result: 'applied', durationMs: 1234, revision: 'main@abc' },
    drift: { total: 3, byKind: { 'target-group': 2, 'listener-rule': 1 } },
    placement: { fill: [], unschedulable: [], placements: [] },
    errors: [],
    degraded: [],
    capacity: null,
    moves: [],
  });
});

test('a failed pass keeps the revision of the last pass that did not fail', () => {
  const s = store();
  s.recordPass('tier-1', 'in-sync', 10, {}, { revision: 'main@aaa' });
  s.recordPass('tier-1', 'failed', 10, {}, { revision: 'main@bbb', errors: ['AccessDenied: elbv2:CreateRule'] });
  const tier = s.snapshot().tiers['tier-1']!;
  assert.equal(tier.revision, 'main@aaa');
  assert.equal(tier.lastPass?.result, 'failed');
  assert.equal(tier.lastPass?.revision, 'main@bbb');
  assert.deepEqual(tier.errors, ['AccessDenied: elbv2:CreateRule']);
});

test('placement fill is keyed by tier/cell/infraGroup and unschedulable tenants are listed', () => {
  const s = store();
  const usage = (used: number) => ({ used, limit: 100, placeable: 90 });
  s.setPlacement(
    'tier-1',
    [{ key: { tier: 'tier-1', cell: 'c1', infraGroup: 'ig1' }, targetGroups: usage(4), rules: usage(2), tenants: usage(2) }],
    [{ tenant: 'big', tier: 'tier-1', reason: '1 of 1 infra groups full', remedy: 'add an InfraGroup to tier-1' }],
  );
  const placement = s.snapshot().tiers['tier-1']!.placement;
  assert.deepEqual(placement.fill, [{ infraGroup: 'tier-1/c1/ig1', targetGroups: usage(4), rules: usage(2), tenants: usage(2) }]);
  assert.equal(placement.unschedulable[0]?.tenant, 'big');
});

test('source revision, source error and validation errors are reported side by side', () => {
  const s = store();
  s.setSourceLocation('file:///repo#main (manifests/)');
  s.setRevision('main@abc', 'abc0000', AT);
  s.setSourceError('git fetch: unreachable', AT);
  s.setValidationErrors('main@def', ['tenants/a.yaml:3:5 spec.clusters: must be <= 5']);
  assert.deepEqual(s.snapshot().source, {
    location: 'file:///repo#main (manifests/)',
    revision: { revision: 'main@abc', fullRevision: 'abc0000', at: AT.toISOString() },
    error: { message: 'git fetch: unreachable', at: AT.toISOString() },
    validation: { revision: 'main@def', errors: ['tenants/a.yaml:3:5 spec.clusters: must be <= 5'] },
  });
  s.setSourceError(undefined);
  s.setValidationErrors('main@eee', []);
  assert.equal(s.snapshot().source.error, null);
  assert.equal(s.snapshot().source.validation, null);
});

test('setTiers lists new tiers before their first pass and forgets removed ones', () => {
  const s = store();
  s.recordPass('old', 'in-sync', 1, {});
  s.setTiers(['tier-2', 'tier-1']);
  assert.deepEqual(Object.keys(s.snapshot().tiers), ['tier-1', 'tier-2']);
  assert.equal(s.snapshot().tiers['tier-1']?.lastPass, null);
});

test('leases become known with the first report, held tiers sorted', () => {
  const s = store();
  s.setLeases(['tier-2', 'tier-1']);
  assert.deepEqual(s.snapshot().leases, { known: true, held: ['tier-1', 'tier-2'] });
});

test('the snapshot survives a JSON round trip unchanged', () => {
  const s = store();
  s.recordPass('tier-1', 'drift', 5, { service: 1 }, { revision: 'dir@1' });
  s.setQueueDepth(3);
  const snap = s.snapshot();
  assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
});
