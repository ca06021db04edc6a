// The capacity advisor's figures and levers, pure (docs/capacity.md §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellQuotas } from '../../../src/desired/account-usage.js';
import { capacityReport } from '../../../src/desired/placement/capacity-report.js';
import { nextName, suggestedManifest } from '../../../src/desired/placement/capacity-manifest.js';
import { place } from '../../../src/desired/placement/placement.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { manifestSet } from '../../support/manifest-builder.js';

function report(set: ManifestSet) {
  const placements = new Map(set.tiers.map((t) => [t.name, place({ ...set, tenants: set.tenants.filter((x) => x.spec.tier === t.name) }, new Map(), cellQuotas(set))]));
  return capacityReport({ set, placements });
}

test('names follow the series they extend', () => {
  assert.equal(nextName(['ig-1', 'ig-2', 'ig-10'], 'ig'), 'ig-11');
  assert.equal(nextName(['cell-a', 'cell-b'], 'cell'), 'cell-1');
  assert.equal(nextName([], 'ig'), 'ig-1');
  assert.equal(nextName(['eu1', 'eu2', 'ap1'], 'cell'), 'eu3');
});

test('no ALB left in any account: add a cell, naming the ALB quota', () => {
  const b = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 0 } })
    .cell('tier-1', 'cell-1', { quotas: { loadBalancers: 1 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1');
  const set = b.tenant('a').tenant('b').build();
  const [tier] = report(set);
  assert.equal(tier!.advice.lever, 'cell');
  assert.match(tier!.advice.text, /^add a cell \(cell-1 with no room for another ALB \(1\/1\)\)/);
  const written = suggestedManifest(set, tier!);
  assert.deepEqual(written?.documents, ['Cell/cell-2', 'InfraGroup/ig-1']);
  assert.equal(written?.file, 'tier-1-cell-2.yaml');
});

test('how many more fit follows the strategy and every limit, and shows per cell', () => {
  const b = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 4 }, limits: { tenantsPerInfraGroup: 10, headroomPercent: 0 } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 22 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1')
    .cell('tier-1', 'cell-2')
    .infraGroup('tier-1', 'cell-2', 'ig-1');
  const [tier] = report(b.tenant('a').build());
  // cell-1: 22 - 2 ALB ENIs = 20, 4 a tenant: 5, one of them taken by a (spread puts a in cell-1).
  assert.deepEqual(tier!.cells.map((c) => [c.cell, c.moreTenants]), [['cell-1', 4], ['cell-2', 10]]);
  assert.equal(tier!.moreTenants, 14);
  assert.deepEqual(tier!.cells[0]!.infraGroups.map((g) => g.moreTenants), [4]);
  assert.equal(tier!.advice.lever, 'none');
});

test('a cell without infra groups is where the next infra group goes, by its account\'s room', () => {
  const set = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 2, headroomPercent: 0 } })
    .cell('tier-1', 'cell-1', { quotas: { networkInterfaces: 10 } })
    .infraGroup('tier-1', 'cell-1', 'ig-1')
    .cell('tier-1', 'cell-2')
    .tenant('a')
    .tenant('b')
    .build();
  const [tier] = report(set);
  assert.deepEqual(tier!.advice, { lever: 'infra-group', cell: 'cell-2', text: 'add an infra group in cell-2 (room for 50 more ALBs, 5,000 ENIs); room for 0 more tenants of the typical size (1 cluster, 2 ENIs)' });
  const written = suggestedManifest(set, tier!);
  assert.equal(written?.file, 'tier-1-cell-2-ig-1.yaml');
  assert.match(written?.text ?? '', /cell: cell-2\n {2}vpc: \{"name":"tier-1-cell-2-ig-1"\}/);
});
