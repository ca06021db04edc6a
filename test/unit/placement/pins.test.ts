import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { homeOf, livePlacement } from '../../support/placement-helpers.js';

const fourGroups = () =>
  manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1', 'ig-2'] });

test('a tenant pinned to a cell goes to that cell even where spread would go elsewhere', () => {
  const set = fourGroups().tenant('tenant-a').tenant('tenant-b', { placement: { cell: 'cell-1' } }).build();
  const result = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1' }));
  assert.equal(homeOf(result, 'tenant-b'), 'tier-1/cell-1/ig-2');
});

test('a tenant pinned to an infra group goes to exactly that one', () => {
  const set = fourGroups().tenant('tenant-a', { placement: { cell: 'cell-2', infraGroup: 'ig-2' } }).build();
  assert.equal(homeOf(place(set, new Map()), 'tenant-a'), 'tier-1/cell-2/ig-2');
});

test('an infra group pin without a cell chooses among the infra groups of that name', () => {
  const set = fourGroups()
    .tenant('tenant-live')
    .tenant('tenant-a', { placement: { infraGroup: 'ig-2' } })
    .build();
  const result = place(set, livePlacement({ 'tenant-live': 'tier-1/cell-1/ig-2' }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-2/ig-2');
});

test('pinned tenants are placed before free ones take their room', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 1, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] })
    .tenant('tenant-a')
    .tenant('tenant-z', { placement: { cell: 'cell-1' } })
    .build();
  const result = place(set, new Map());
  assert.equal(homeOf(result, 'tenant-z'), 'tier-1/cell-1/ig-1');
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-2/ig-1');
});

test('a pin to an unknown cell is rejected with a reason naming the cell', () => {
  const set = fourGroups().tenant('tenant-a', { placement: { cell: 'cell-9' } }).build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      reason: 'pinned to cell cell-9, which is not a cell of tier-1',
      remedy: 'fix spec.placement.cell, or add a Cell cell-9 to tier-1',
    },
  ]);
});

test('a pin to an unknown infra group is rejected with a reason naming it', () => {
  const set = fourGroups().tenant('tenant-a', { placement: { cell: 'cell-1', infraGroup: 'ig-9' } }).build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      reason: 'pinned to infra group cell-1/ig-9, which is not an infra group of tier-1',
      remedy: 'fix spec.placement.infraGroup, or add an InfraGroup ig-9 to cell cell-1 of tier-1',
    },
  ]);
});

test('a pin to a cell without infra groups is rejected with a reason', () => {
  const set = fourGroups().cell('tier-1', 'cell-3').tenant('tenant-a', { placement: { cell: 'cell-3' } }).build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      reason: 'pinned to cell cell-3, which has no infra groups in tier-1',
      remedy: 'add an InfraGroup to cell cell-3 of tier-1, or remove spec.placement.cell',
    },
  ]);
});

test('a pin to a full infra group is rejected naming it, while other tenants still place', () => {
  const set = fourGroups()
    .tenant('tenant-a')
    .tenant('tenant-b')
    .tenant('tenant-c', { placement: { cell: 'cell-1', infraGroup: 'ig-1' } })
    .tenant('tenant-d')
    .build();
  const live = livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1', 'tenant-b': 'tier-1/cell-1/ig-1' });
  const result = place(set, live);
  assert.deepEqual(result.unschedulable, [
    {
      tenant: 'tenant-c',
      tier: 'tier-1',
      reason: 'pinned to infra group cell-1/ig-1 of tier-1, which is full (tenants 2/2 placeable)',
      remedy:
        'pin spec.placement.infraGroup to another infra group, or remove the pin, or raise limits.tenantsPerInfraGroup',
    },
  ]);
  assert.equal(homeOf(result, 'tenant-d'), 'tier-1/cell-2/ig-1');
});

test('a pin to a full cell is rejected naming the cell', () => {
  const live = livePlacement({
    t1: 'tier-1/cell-1/ig-1',
    t2: 'tier-1/cell-1/ig-1',
    t3: 'tier-1/cell-1/ig-2',
    t4: 'tier-1/cell-1/ig-2',
  });
  const withLive = fourGroups()
    .tenant('t1')
    .tenant('t2')
    .tenant('t3')
    .tenant('t4')
    .tenant('tenant-a', { placement: { cell: 'cell-1' } })
    .build();
  assert.deepEqual(place(withLive, live).unschedulable, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      reason: 'pinned to cell cell-1: 2 of 2 infra groups of cell cell-1 in tier-1 are full (tenants 4/4 placeable)',
      remedy:
        'add an InfraGroup to cell cell-1 of tier-1, or remove spec.placement.cell, or raise limits.tenantsPerInfraGroup',
    },
  ]);
});

test('a live tenant whose pin changed is moved to honour it, from where it lives (docs/moves.md)', () => {
  const set = fourGroups().tenant('tenant-a', { placement: { cell: 'cell-2' } }).build();
  const result = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1' }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-2/ig-1');
  const p = result.placements.find((x) => x.tenant === 'tenant-a');
  assert.equal(p?.origin, 'move');
  assert.deepEqual(p?.from, [{ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' }]);
});

test('a live tenant whose pin names a cell with no room is refused the move and stays where it lives', () => {
  const set = fourGroups()
    .tenant('tenant-a', { placement: { cell: 'cell-2' } })
    .tenant('tenant-b').tenant('tenant-c').tenant('tenant-d').tenant('tenant-e')
    .build();
  const full = { 'tenant-b': 'tier-1/cell-2/ig-1', 'tenant-c': 'tier-1/cell-2/ig-1', 'tenant-d': 'tier-1/cell-2/ig-2', 'tenant-e': 'tier-1/cell-2/ig-2' };
  const result = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1', ...full }));
  assert.equal(homeOf(result, 'tenant-a'), 'tier-1/cell-1/ig-1');
  assert.equal(result.placements.find((x) => x.tenant === 'tenant-a')?.origin, 'live');
  assert.equal(result.refusedMoves?.[0]?.tenant, 'tenant-a');
  assert.match(result.refusedMoves?.[0]?.reason ?? '', /cell-2/);
});
