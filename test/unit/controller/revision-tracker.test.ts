import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FULL, PendingScopes, revisionChanges } from '../../../src/controller/revision-tracker.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { exampleTier, withoutTenant, withTenant } from '../../support/example-tier.js';

function both(a: ManifestSet, b: ManifestSet): ManifestSet {
  return { tiers: [...a.tiers, ...b.tiers], cells: [...a.cells, ...b.cells], infraGroups: [...a.infraGroups, ...b.infraGroups], tenants: [...a.tenants, ...b.tenants] };
}

test('the first revision asks for a full pass of every tier', async () => {
  const set = both(await exampleTier('tier-2'), await exampleTier('tier-3'));
  const changes = revisionChanges(undefined, set);
  assert.deepEqual([...changes.tiers], [['tier-2', FULL], ['tier-3', FULL]]);
});

test('a tenant added to one tier touches that tier only, scoped to the tenant', async () => {
  const set = both(await exampleTier('tier-2'), await exampleTier('tier-3'));
  const changes = revisionChanges(set, withTenant(set, 'newco', 'soylent'));
  assert.deepEqual([...changes.tiers], [['tier-3', { kind: 'tenants', tenants: ['newco'] }]]);
});

test('a changed tenant spec is scoped to that tenant; where its document is written does not count', async () => {
  const set = await exampleTier();
  const moved = { ...set, tenants: set.tenants.map((t) => ({ ...t, source: { file: 'elsewhere.yaml', line: 9, col: 1 } })) };
  assert.equal(revisionChanges(set, moved).tiers.size, 0);
  const edited = { ...set, tenants: set.tenants.map((t) => (t.name === 'oscorp' ? { ...t, spec: { ...t.spec, clusters: t.spec.clusters + 1 } } : t)) };
  assert.deepEqual([...revisionChanges(set, edited).tiers], [['tier-3', { kind: 'tenants', tenants: ['oscorp'] }]]);
});

test('a removed tenant or a changed Tier, Cell or InfraGroup asks for a full pass', async () => {
  const set = await exampleTier();
  assert.deepEqual(revisionChanges(set, withoutTenant(set, 'oscorp')).tiers.get('tier-3'), FULL);
  const reweighted = { ...set, infraGroups: set.infraGroups.map((g) => ({ ...g, spec: { ...g.spec, dnsWeight: g.spec.dnsWeight + 1 } })) };
  assert.deepEqual(revisionChanges(set, reweighted).tiers.get('tier-3'), FULL);
});

test('a tier that left the manifests is reported as removed', async () => {
  const two = both(await exampleTier('tier-2'), await exampleTier('tier-3'));
  const changes = revisionChanges(two, await exampleTier('tier-3'));
  assert.deepEqual(changes.removed, ['tier-2']);
  assert.equal(changes.tiers.size, 0);
});

test('scopes gathered before a pass are united, a full one wins, and taking clears them', () => {
  const pending = new PendingScopes();
  pending.add('t', { kind: 'tenants', tenants: ['b'] });
  pending.add('t', { kind: 'tenants', tenants: ['a', 'b'] });
  assert.deepEqual(pending.take('t'), { kind: 'tenants', tenants: ['a', 'b'] });
  assert.deepEqual(pending.take('t'), FULL);
  pending.add('t', { kind: 'tenants', tenants: ['a'] });
  pending.add('t', FULL);
  pending.add('t', { kind: 'tenants', tenants: ['c'] });
  assert.deepEqual(pending.take('t'), FULL);
});
