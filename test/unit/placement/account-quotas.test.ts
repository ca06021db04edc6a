// Placement against the cells' account quotas (docs/capacity.md §2): network interfaces per task,
// target groups and ECS clusters per tenant cluster, each cell packing into its share of its
// account less the tier's headroom; an unschedulable tenant names the quota in its way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellQuotas, tenantQuotaDemand } from '../../../src/desired/account-usage.js';
import { place } from '../../../src/desired/placement/placement.js';
import { tierSubset } from '../../../src/engine/tier-subset.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { homeOf } from '../../support/placement-helpers.js';

test('each task of each cluster takes a network interface; autoscaling reserves its maximum', () => {
  const set = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 3 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('fixed', { clusters: 2 })
    .tenant('scaled', { clusters: 2, workload: { autoscaling: { minCapacity: 2, maxCapacity: 8, cpuTarget: 60, memoryTarget: 70 } } })
    .build();
  const [fixed, scaled] = set.tenants;
  assert.deepEqual(tenantQuotaDemand(fixed!.spec), { networkInterfaces: 6, targetGroups: 2, ecsClusters: 2 });
  assert.deepEqual(tenantQuotaDemand(scaled!.spec), { networkInterfaces: 16, targetGroups: 2, ecsClusters: 2 });
});

test('a cell takes tenants only up to its network interface quota less headroom; the next is refused naming the quota', () => {
  // cell-1: 100 ENIs, 2 of them its ALB's (two subnets) -> 98, 90 % placeable -> 88: four tenants of 20.
  const set = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 10 }, limits: { headroomPercent: 10 } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 100 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1')
    .cell('tier-1', 'cell-2')
    .infraGroup('tier-1', 'cell-2', 'ig-1')
    .build();
  const builder = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 10 }, limits: { headroomPercent: 10 }, placement: { strategy: 'binpack' } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 100 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1');
  for (let i = 0; i < 6; i++) builder.tenant(`t-${i}`, { clusters: 2, placement: { cell: 'cell-1' } });
  const result = place(builder.build(), new Map());
  assert.equal(result.placements.length, 4);
  assert.deepEqual(result.unschedulable.map((u) => u.tenant), ['t-4', 't-5']);
  const why = result.unschedulable[0]!;
  assert.equal(
    why.reason,
    'pinned to cell cell-1: 1 of 1 infra groups of cell cell-1 in tier-1 are full (Network interfaces per Region (vpc L-DF5E4CA3): 80/88 ENIs placeable in the cells\' shares, needs 20)',
  );
  assert.match(why.remedy, /add a Cell \(another account\) to tier-1, or raise L-DF5E4CA3 \(spec\.quotas\.networkInterfaces of the Cell\) in Service Quotas/);
  assert.ok(cellQuotas(set).get('tier-1/cell-2')!.limit.networkInterfaces > 4000);
});

test('spread moves on to a cell with room once one cell\'s account is full', () => {
  const builder = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 10 } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 50 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1')
    .infraGroup('tier-1', 'cell-1', 'ig-2')
    .cell('tier-1', 'cell-2', { quotas: { networkInterfaces: 500 } })
    .infraGroup('tier-1', 'cell-2', 'ig-1');
  for (let i = 0; i < 8; i++) builder.tenant(`t-${i}`, { clusters: 1 });
  const result = place(builder.build(), new Map());
  assert.equal(result.unschedulable.length, 0);
  // cell-1: (50 - 4 ALB ENIs) * 0.9 = 41 placeable: four tenants of 10 at most.
  const inCell1 = result.placements.filter((p) => p.infraGroups[0]!.cell === 'cell-1').length;
  assert.equal(inCell1, 4);
});

test('cells of two tiers sharing an account split it by infra groups, so each tier placed alone never overruns it', () => {
  const account = '123456789012';
  const builder = manifestSet()
    .tier('tier-a', { workload: { desiredCount: 5 }, limits: { headroomPercent: 0 } })
    .tier('tier-b', { workload: { desiredCount: 5 }, limits: { headroomPercent: 0 } })
    .cell('tier-a', 'cell-1', { accountId: account, quotas: { networkInterfaces: 306 } })
    .infraGroup('tier-a', 'cell-1', 'ig-1')
    .infraGroup('tier-a', 'cell-1', 'ig-2')
    .cell('tier-b', 'cell-1', { accountId: account })
    .infraGroup('tier-b', 'cell-1', 'ig-1');
  for (let i = 0; i < 40; i++) builder.tenant(`a-${i}`, { tier: 'tier-a' }).tenant(`b-${i}`, { tier: 'tier-b' });
  const set = builder.build();
  const shares = cellQuotas(set);
  // 306 less 3 ALBs x 2 subnets = 300, two thirds to tier-a's two infra groups.
  assert.equal(shares.get('tier-a/cell-1')!.limit.networkInterfaces, 200);
  assert.equal(shares.get('tier-b/cell-1')!.limit.networkInterfaces, 100);
  let enis = 0;
  for (const tier of ['tier-a', 'tier-b']) {
    const result = place(tierSubset(set, tier), new Map(), shares);
    enis += result.placements.length * 5;
    assert.ok(result.unschedulable.every((u) => u.reason.includes('L-DF5E4CA3')));
  }
  assert.equal(enis, 300);
});

test('target groups and ECS clusters per region block like network interfaces', () => {
  const builder = manifestSet()
    .tier('tier-1', { limits: { headroomPercent: 0 } })
    .cell('tier-1', 'cell-1', { quotas: { targetGroups: 7, ecsClusters: 100 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1');
  for (let i = 0; i < 3; i++) builder.tenant(`t-${i}`, { clusters: 3 });
  const result = place(builder.build(), new Map());
  assert.equal(result.placements.length, 2);
  assert.match(result.unschedulable[0]!.reason, /Target Groups per Region \(elasticloadbalancing L-B22855CB\): 6\/7 target groups placeable/);
});

test('live tenants count against the cell\'s share, even past it', () => {
  const builder = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 10 }, limits: { headroomPercent: 0 } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 22 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1')
    .tenant('live-1')
    .tenant('live-2')
    .tenant('new');
  const live = new Map([
    ['live-1', [{ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' }]],
    ['live-2', [{ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' }]],
  ]);
  const result = place(builder.build(), live);
  assert.equal(homeOf(result, 'live-1'), 'tier-1/cell-1/ig-1');
  assert.deepEqual(result.unschedulable.map((u) => u.tenant), ['new']);
});
