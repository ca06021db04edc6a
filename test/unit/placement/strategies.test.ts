import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { fillOf, homeOf, livePlacement } from '../../support/placement-helpers.js';

test('spread puts consecutive tenants in different cells before reusing a cell', () => {
  const set = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1', 'ig-2'] })
    .tenant('tenant-a')
    .tenant('tenant-b')
    .build();
  const result = place(set, new Map());
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-1/ig-1');
  assert.equal(homeOf(result, 'tenant-b'), 'tier-1/cell-2/ig-1');
});

test('spread gives every infra group one tenant before any gets a second', () => {
  const builder = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1', 'ig-2'] });
  for (const name of ['a', 'b', 'c', 'd']) builder.tenant(`tenant-${name}`);
  const result = place(builder.build(), new Map());
  assert.deepEqual(
    result.fill.map((f) => f.tenants.used),
    [1, 1, 1, 1],
  );
});

test('spread sends new tenants to the least loaded infra group', () => {
  const set = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'] })
    .tenant('tenant-live', { clusters: 5 })
    .tenant('tenant-a')
    .tenant('tenant-b')
    .build();
  const result = place(set, livePlacement({ 'tenant-live': 'tier-1/cell-1/ig-1' }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-1/ig-2');
  assert.equal(homeOf(result, 'tenant-b'), 'tier-1/cell-1/ig-2');
});

test('binpack fills the fullest infra group that fits before opening another', () => {
  const builder = manifestSet()
    .tier('tier-1', { placement: { strategy: 'binpack' }, limits: { tenantsPerInfraGroup: 3, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1'] });
  for (const name of ['a', 'b', 'c', 'd']) builder.tenant(`tenant-${name}`);
  const result = place(builder.build(), new Map());
  assert.deepEqual(
    result.fill.map((f) => f.tenants.used),
    [3, 1, 0],
  );
});

test('binpack prefers a partly filled live infra group over an empty one', () => {
  const set = manifestSet()
    .tier('tier-1', { placement: { strategy: 'binpack' } })
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] })
    .tenant('tenant-live')
    .tenant('tenant-a')
    .build();
  const result = place(set, livePlacement({ 'tenant-live': 'tier-1/cell-2/ig-1' }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-2/ig-1');
});

test('binpack places larger tenants first, so it needs no more infra groups than first-fit-decreasing', () => {
  // Six placeable target groups per infra group: in name order 2,2,4,4 would need three
  // infra groups; largest first, 4+2 and 4+2 need two.
  const set = manifestSet()
    .tier('tier-1', {
      placement: { strategy: 'binpack' },
      limits: { targetGroupsPerLoadBalancer: 6, headroomPercent: 0 },
    })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2', 'ig-3'] })
    .tenant('tenant-a', { clusters: 2 })
    .tenant('tenant-b', { clusters: 2 })
    .tenant('tenant-c', { clusters: 4 })
    .tenant('tenant-d', { clusters: 4 })
    .build();
  const result = place(set, new Map());
  assert.deepEqual(
    result.fill.map((f) => f.targetGroups.used),
    [6, 6, 0],
  );
});

test('each tier places with its own strategy and limits', () => {
  const set = manifestSet()
    .tier('tier-1', { placement: { strategy: 'binpack' } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'] })
    .tier('tier-2', { placement: { strategy: 'spread' } })
    .layout('tier-2', { 'cell-1': ['ig-1', 'ig-2'] })
    .tenant('a-1', { tier: 'tier-1' })
    .tenant('a-2', { tier: 'tier-1' })
    .tenant('b-1', { tier: 'tier-2' })
    .tenant('b-2', { tier: 'tier-2' })
    .build();
  const result = place(set, new Map());
  assert.deepEqual(
    result.fill.map((f) => f.tenants.used),
    [2, 0, 1, 1],
  );
});

test('new placements stop at the limit less the headroom', () => {
  const builder = manifestSet()
    .tier('tier-1', { limits: { targetGroupsPerLoadBalancer: 10, headroomPercent: 20 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] });
  for (let i = 0; i < 9; i++) builder.tenant(`tenant-${i}`);
  const result = place(builder.build(), new Map());
  assert.deepEqual(fillOf(result, 'tier-1/cell-1/ig-1')?.targetGroups, { used: 8, limit: 10, placeable: 8 });
  assert.equal(result.placements.length, 8);
  assert.equal(result.unschedulable.length, 1);
});

test('the fill lists every infra group, empty ones included, with limit and placeable share', () => {
  const set = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] })
    .tenant('tenant-a', { clusters: 3 })
    .build();
  const result = place(set, new Map());
  assert.deepEqual(result.fill, [
    {
      key: { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' },
      targetGroups: { used: 3, limit: 100, placeable: 90 },
      rules: { used: 1, limit: 100, placeable: 90 },
      tenants: { used: 1, limit: 50, placeable: 45 },
    },
    {
      key: { tier: 'tier-1', cell: 'cell-2', infraGroup: 'ig-1' },
      targetGroups: { used: 0, limit: 100, placeable: 90 },
      rules: { used: 0, limit: 100, placeable: 90 },
      tenants: { used: 0, limit: 50, placeable: 45 },
    },
  ]);
});
