// Tiers dropped from the manifests (docs/drain-and-decommission.md §5): found from our load
// balancers' tags, reported in /status and tiered_orphaned_tiers, never deleted.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ControllerMetrics } from '../../../src/controller/http/metrics.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { orphanedFromTags, orphanedMessage } from '../../../src/live/orphaned-tiers.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';

const lb = (tier: string, cell: string, ig: string) => ({ 'tiered.dev/tier': tier, 'tiered.dev/cell': cell, 'tiered.dev/infra-group': ig });

test('a tier named by our load balancers but not by the manifests is orphaned, with where it still is', () => {
  const found = orphanedFromTags(
    new Set(['tier-1']),
    new Map([
      ['111111111111', [lb('tier-1', 'cell-1', 'ig-1'), lb('tier-old', 'cell-1', 'ig-2'), lb('tier-old', 'cell-1', 'ig-1')]],
      ['222222222222', [lb('tier-old', 'cell-2', 'ig-1')]],
    ]),
  );
  assert.deepEqual(found, [
    { tier: 'tier-old', infraGroups: ['111111111111/cell-1/ig-1', '111111111111/cell-1/ig-2', '222222222222/cell-2/ig-1'] },
  ]);
  assert.equal(
    orphanedMessage({ tier: 'tier-old', infraGroups: ['111111111111/cell-1/ig-1'] }),
    'orphaned: tier tier-old is not in the manifests, but tiered still owns 1 infra group of it (111111111111/cell-1/ig-1); nothing is deleted. To delete it, put its manifests back with spec.decommission: {confirm: tier-old}',
  );
});

test('orphaned tiers are in the status snapshot and counted by tiered_orphaned_tiers', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.setOrphanedTiers([{ tier: 'tier-old', infraGroups: ['111111111111/cell-1/ig-1'] }, { tier: 'tier-gone', infraGroups: [] }]);
  assert.deepEqual(store.snapshot().orphanedTiers.map((o) => o.tier), ['tier-old', 'tier-gone']);
  const families = parsePrometheusText((await metrics.render()).body);
  assert.equal(families.get('tiered_orphaned_tiers')?.type, 'gauge');
  assert.equal(sampleValue(families, 'tiered_orphaned_tiers', {}), 2);
  store.setOrphanedTiers([]);
  assert.equal(sampleValue(parsePrometheusText((await metrics.render()).body), 'tiered_orphaned_tiers', {}), 0);
});
