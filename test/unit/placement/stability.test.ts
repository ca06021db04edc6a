import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { fillOf, homeOf, hostsOf, livePlacement } from '../../support/placement-helpers.js';

const twoGroups = () =>
  manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] });

test('a tenant with no live placement is placed as new in an infra group of its tier', () => {
  const result = place(twoGroups().tenant('tenant-a').build(), new Map());
  assert.deepEqual(result.placements, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      infraGroups: [{ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' }],
      origin: 'new',
    },
  ]);
  assert.deepEqual(result.unschedulable, []);
});

test('a live tenant stays where it is even where the strategy would not put it', () => {
  const set = twoGroups().tenant('tenant-a').tenant('tenant-b').tenant('tenant-c').build();
  const live = livePlacement({
    'tenant-a': 'tier-1/cell-2/ig-1',
    'tenant-b': 'tier-1/cell-2/ig-1',
  });
  const result = place(set, live);
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-2/ig-1');
  assert.equal(homeOf(result, 'tenant-b'), 'tier-1/cell-2/ig-1');
  assert.equal(result.placements.find((p) => p.tenant === 'tenant-a')?.origin, 'live');
  assert.equal(homeOf(result, 'tenant-c'), 'tier-1/cell-1/ig-1');
});

test('live tenants over a limit lowered since stay put; the fill shows the excess', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'] })
    .tenant('tenant-a')
    .tenant('tenant-b')
    .tenant('tenant-c')
    .tenant('tenant-d')
    .build();
  const live = livePlacement({
    'tenant-a': 'tier-1/cell-1/ig-1',
    'tenant-b': 'tier-1/cell-1/ig-1',
    'tenant-c': 'tier-1/cell-1/ig-1',
  });
  const result = place(set, live);
  for (const t of ['tenant-a', 'tenant-b', 'tenant-c']) assert.equal(homeOf(result, t), 'tier-1/cell-1/ig-1');
  assert.deepEqual(fillOf(result, 'tier-1/cell-1/ig-1')?.tenants, { used: 3, limit: 2, placeable: 2 });
  assert.equal(homeOf(result, 'tenant-d'), 'tier-1/cell-1/ig-2');
});

test('a tenant whose live infra group was removed from the manifests is placed again', () => {
  const set = twoGroups().tenant('tenant-a').build();
  const result = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-9/ig-1' }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-1/ig-1');
  assert.equal(result.placements[0]?.origin, 'new');
});

test('a live infra group of another tier than the tenant now names makes its placement a move from there', () => {
  const set = twoGroups()
    .tier('tier-2')
    .layout('tier-2', { 'cell-1': ['ig-1'] })
    .tenant('tenant-a', { tier: 'tier-2' })
    .build();
  const result = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1' }));
  assert.deepEqual(hostsOf(result, 'tenant-a'), ['tier-2/cell-1/ig-1']);
  assert.equal(result.placements[0]?.origin, 'move');
  assert.deepEqual(result.placements[0]?.from, [{ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' }]);
});

test('a tenant mid-migration keeps both live infra groups, home first', () => {
  const set = twoGroups().tenant('tenant-a', { clusters: 2 }).build();
  const result = place(set, livePlacement({ 'tenant-a': ['tier-1/cell-2/ig-1', 'tier-1/cell-1/ig-1'] }));
  assert.deepEqual(hostsOf(result, 'tenant-a'), ['tier-1/cell-2/ig-1', 'tier-1/cell-1/ig-1']);
  assert.equal(fillOf(result, 'tier-1/cell-1/ig-1')?.targetGroups.used, 2);
  assert.equal(fillOf(result, 'tier-1/cell-2/ig-1')?.targetGroups.used, 2);
});

test('a tenant mid-migration whose target infra group was removed keeps the one that remains', () => {
  const set = twoGroups().tenant('tenant-a').build();
  const result = place(set, livePlacement({ 'tenant-a': ['tier-1/cell-2/ig-1', 'tier-1/cell-3/ig-1'] }));
  assert.deepEqual(hostsOf(result, 'tenant-a'), ['tier-1/cell-2/ig-1']);
  assert.equal(result.placements[0]?.origin, 'live');
});

test('live entries of tenants no longer in the manifests take no room', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 1, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('tenant-new')
    .build();
  const result = place(set, livePlacement({ 'tenant-gone': 'tier-1/cell-1/ig-1' }));
  assert.equal(homeOf(result, 'tenant-new'), 'tier-1/cell-1/ig-1');
  assert.equal(hostsOf(result, 'tenant-gone'), undefined);
});

test('the same manifests and live state in another order give the same placement', () => {
  const builder = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 3, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1'] });
  for (const [i, name] of ['d', 'a', 'c', 'b', 'e', 'f', 'g'].entries()) {
    builder.tenant(`tenant-${name}`, { clusters: (i % 3) + 1 });
  }
  const set = builder.build();
  const live = livePlacement({ 'tenant-c': 'tier-1/cell-2/ig-1', 'tenant-f': 'tier-1/cell-1/ig-2' });
  const reversed = {
    tiers: [...set.tiers].reverse(),
    cells: [...set.cells].reverse(),
    infraGroups: [...set.infraGroups].reverse(),
    tenants: [...set.tenants].reverse(),
  };
  const liveReversed = new Map([...live].reverse());
  assert.deepEqual(place(reversed, liveReversed), place(set, live));
});

test('tenants of a suspended tier are placed all the same', () => {
  const set = manifestSet()
    .tier('tier-1', { suspend: true })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('tenant-a', { suspend: true })
    .build();
  assert.equal(homeOf(place(set, new Map()), 'tenant-a'), 'tier-1/cell-1/ig-1');
});
