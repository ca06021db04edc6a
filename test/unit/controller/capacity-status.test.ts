// The capacity figures in /status and as tiered_capacity_* gauges (docs/capacity.md §4.1): set
// per tier from the last pass, replaced whole, gone with the tier.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ControllerMetrics } from '../../../src/controller/http/metrics.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { cellQuotas } from '../../../src/desired/account-usage.js';
import { capacityReport } from '../../../src/desired/placement/capacity-report.js';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';

function capacityOf(cells: readonly string[]) {
  const b = manifestSet().tier('tier-1', { workload: { desiredCount: 3 } });
  for (const c of cells) b.cell('tier-1', c, { quotas: { networkInterfaces: 100 } }).infraGroup('tier-1', c, 'ig-1');
  const set = b.tenant('a', { clusters: 2 }).build();
  const [capacity] = capacityReport({ set, placements: new Map([['tier-1', place(set, new Map(), cellQuotas(set))]]) });
  return capacity!;
}

test('a tier\'s capacity shows in /status and as gauges, and a cell gone takes its series along', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.setCapacity('tier-1', capacityOf(['cell-1', 'cell-2']));
  const status = store.snapshot().tiers['tier-1']!.capacity!;
  assert.equal(status.advice.lever, 'none');
  assert.deepEqual(status.cells.map((c) => [c.cell, c.share.networkInterfaces.used]), [['cell-1', 6], ['cell-2', 0]]);

  let f = parsePrometheusText(await metrics.registry.metrics());
  assert.equal(sampleValue(f, 'tiered_capacity_more_tenants', { tier: 'tier-1' }), status.moreTenants);
  assert.equal(sampleValue(f, 'tiered_capacity_quota_used', { tier: 'tier-1', cell: 'cell-1', quota: 'networkInterfaces' }), 8);
  assert.equal(sampleValue(f, 'tiered_capacity_quota_limit', { tier: 'tier-1', cell: 'cell-1', quota: 'networkInterfaces' }), 100);
  assert.equal(sampleValue(f, 'tiered_capacity_share_placeable', { tier: 'tier-1', cell: 'cell-1', quota: 'networkInterfaces' }), 88);
  assert.equal(sampleValue(f, 'tiered_capacity_advice', { tier: 'tier-1', lever: 'none' }), 1);
  assert.equal(sampleValue(f, 'tiered_capacity_advice', { tier: 'tier-1', lever: 'cell' }), 0);

  store.setCapacity('tier-1', capacityOf(['cell-1']));
  f = parsePrometheusText(await metrics.registry.metrics());
  assert.deepEqual(f.get('tiered_capacity_cell_more_tenants')?.samples.map((s) => s.labels['cell']), ['cell-1']);
  metrics.forgetTier('tier-1');
  f = parsePrometheusText(await metrics.registry.metrics());
  assert.equal(f.get('tiered_capacity_quota_used')?.samples.length ?? 0, 0);
});
