import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { homeOf, livePlacement } from '../../support/placement-helpers.js';

test('a tenant that fits nowhere is reported with reason and remedy while smaller ones still place', () => {
  const builder = manifestSet()
    .tier('tier-1', { limits: { targetGroupsPerLoadBalancer: 10, headroomPercent: 10 } })
    .layout('tier-1', { 'cell-1': ['ig-1', 'ig-2'], 'cell-2': ['ig-1'] });
  const live: Record<string, string> = {};
  for (const [i, path] of ['cell-1/ig-1', 'cell-1/ig-2', 'cell-2/ig-1'].entries()) {
    for (const n of [1, 2]) {
      builder.tenant(`live-${i}-${n}`, { clusters: 4 });
      live[`live-${i}-${n}`] = `tier-1/${path}`;
    }
  }
  const set = builder.tenant('big', { clusters: 5 }).tenant('small', { clusters: 1 }).build();
  const result = place(set, livePlacement(live));
  assert.deepEqual(result.unschedulable, [
    {
      tenant: 'big',
      tier: 'tier-1',
      reason: '3 of 3 infra groups of tier-1 are full (target groups 24/27 placeable, needs 5)',
      remedy: 'add an InfraGroup to tier-1, or raise limits.targetGroupsPerLoadBalancer',
    },
  ]);
  assert.equal(homeOf(result, 'small'), 'tier-1/cell-1/ig-1');
});

test('when only the headroom stands in the way, the remedy says so', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 50 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('tenant-a')
    .tenant('tenant-b')
    .build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    {
      tenant: 'tenant-b',
      tier: 'tier-1',
      reason: '1 of 1 infra groups of tier-1 are full (tenants 1/1 placeable)',
      remedy:
        'add an InfraGroup to tier-1, or raise limits.tenantsPerInfraGroup, or lower limits.headroomPercent (50)',
    },
  ]);
});

test('a tier without infra groups leaves its tenants unschedulable', () => {
  const set = manifestSet().tier('tier-1').tenant('tenant-a').build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    { tenant: 'tenant-a', tier: 'tier-1', reason: 'tier-1 has no infra groups', remedy: 'add an InfraGroup to tier-1' },
  ]);
});

test('a tenant with more clusters than one rule can forward to is unschedulable', () => {
  const set = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('tenant-a', { clusters: 6 })
    .tenant('tenant-b')
    .build();
  const result = place(set, new Map());
  assert.deepEqual(result.unschedulable, [
    {
      tenant: 'tenant-a',
      tier: 'tier-1',
      reason: 'needs 6 clusters, but one listener rule forwards to at most 5 target groups (limits.targetGroupsPerRule)',
      remedy: 'lower spec.clusters to 5 or fewer',
    },
  ]);
  assert.equal(homeOf(result, 'tenant-b'), 'tier-1/cell-1/ig-1');
});

test('a tenant of an undefined tier is unschedulable, not a crash', () => {
  const set = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'] }).tenant('x', { tier: 'tier-9' }).build();
  assert.deepEqual(place(set, new Map()).unschedulable, [
    { tenant: 'x', tier: 'tier-9', reason: 'tier tier-9 is not defined', remedy: 'add a Tier named tier-9, or fix spec.tier' },
  ]);
});
