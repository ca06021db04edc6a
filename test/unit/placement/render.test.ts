import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../../src/desired/placement/placement.js';
import { renderPlacementJson, renderPlacementText } from '../../../src/desired/placement/placement-render.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { livePlacement } from '../../support/placement-helpers.js';

function example() {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 50 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1'] })
    .tenant('tenant-a', { clusters: 2 })
    .tenant('tenant-b')
    .tenant('tenant-c', { placement: { cell: 'cell-2' } })
    .tenant('tenant-d', { placement: { cell: 'cell-2' } })
    .tenant('tenant-m')
    .build();
  const live = livePlacement({
    'tenant-a': 'tier-1/cell-1/ig-1',
    'tenant-m': ['tier-1/cell-1/ig-1', 'tier-1/cell-1/ig-2'],
  });
  return place(set, live);
}

test('the text report lists tenants by tier, cell and infra group, then the fill and the unschedulable', () => {
  assert.equal(
    renderPlacementText(example()),
    [
      '3 of 5 tenants placed (1 new, 2 live), 2 unschedulable',
      '',
      'tier-1',
      '  cell-1',
      '    ig-1',
      '      tenant-a  live',
      '      tenant-m  live, also in cell-1/ig-2',
      '    ig-2',
      '      tenant-m  live, home in cell-1/ig-1',
      '  cell-2',
      '    ig-1',
      '      tenant-c  new',
      '',
      'Fill: used/limit (placeable by new tenants)',
      '  INFRA GROUP          TARGET GROUPS   RULES        TENANTS',
      '  tier-1/cell-1/ig-1   3/100 (50)      2/100 (50)   2/2 (1)',
      '  tier-1/cell-1/ig-2   1/100 (50)      1/100 (50)   1/2 (1)',
      '  tier-1/cell-2/ig-1   1/100 (50)      1/100 (50)   1/2 (1)',
      '',
      'Unschedulable (2)',
      '  tenant-b (tier-1)',
      '    reason: 3 of 3 infra groups of tier-1 are full (tenants 4/3 placeable)',
      '    remedy: add an InfraGroup to tier-1, or raise limits.tenantsPerInfraGroup, or lower limits.headroomPercent (50)',
      '  tenant-d (tier-1)',
      '    reason: pinned to cell cell-2: 1 of 1 infra groups of cell cell-2 in tier-1 are full (tenants 1/1 placeable)',
      '    remedy: add an InfraGroup to cell cell-2 of tier-1, or remove spec.placement.cell, or raise limits.tenantsPerInfraGroup, or lower limits.headroomPercent (50)',
      '',
    ].join('\n'),
  );
});

test('usage above a limit is starred and explained', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 1 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('tenant-a')
    .tenant('tenant-b')
    .build();
  const text = renderPlacementText(place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1', 'tenant-b': 'tier-1/cell-1/ig-1' })));
  assert.match(text, /tier-1\/cell-1\/ig-1 .* 2\/1 \(0\)\*\n/);
  assert.match(text, /\* above the limit: live tenants are never moved to make room/);
});

test('the JSON report carries the documented fields', () => {
  const doc = JSON.parse(renderPlacementJson(example()));
  assert.equal(doc.schema, 'tiered.dev/placement/v1');
  assert.deepEqual(doc.summary, { tenants: 5, placed: 3, new: 1, live: 2, unschedulable: 2 });
  assert.deepEqual(doc.placements[2], {
    tenant: 'tenant-m',
    tier: 'tier-1',
    cell: 'cell-1',
    infraGroup: 'ig-1',
    infraGroups: [
      { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' },
      { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-2' },
    ],
    origin: 'live',
  });
  assert.deepEqual(doc.fill[2], {
    tier: 'tier-1',
    cell: 'cell-2',
    infraGroup: 'ig-1',
    targetGroups: { used: 1, limit: 100, placeable: 50 },
    rules: { used: 1, limit: 100, placeable: 50 },
    tenants: { used: 1, limit: 2, placeable: 1 },
  });
  assert.deepEqual(Object.keys(doc.unschedulable[0]), ['tenant', 'tier', 'reason', 'remedy']);
});
