// The two-level DNS tree (docs/dns-tree.md), compiled: which tiers take it, the cell weights, and
// the records with their names, SetIdentifiers, ownership values and dependencies, literally
// (persisted contracts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestSet, Tier } from '../../../src/desired/model.js';
import { WEIGHTED_RECORDS_MAX, dnsTreeShape } from '../../../src/desired/dns-tree-shape.js';
import { cellDnsName, cellSetIdentifier, cellsOwnershipTxtName } from '../../../src/desired/naming.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { parseOwnershipTxt } from '../../../src/desired/topology/dns-ownership.js';
import { cellWeights, dnsRecordRole } from '../../../src/desired/topology/dns-tree.js';
import { keyFromTags, ownerFromTags } from '../../../src/desired/topology/keys.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredResource } from '../../../src/desired/topology/resource.js';
import { seededRandom } from '../../support/seeded-random.js';
import { cell, infraGroup, placeAll, tenant, tier } from '../../support/topology-fixtures.js';

const ENDPOINT = 'tier-1.us-east-1.example.com';

function withTree(t: Tier, tree: 'auto' | 'cells', zone?: { id: string }): Tier {
  return { ...t, spec: { ...t.spec, dns: { ...t.spec.dns, tree, ...(zone !== undefined ? { zone } : {}) } } };
}

/** cell-1 (ig-1 weight 50, ig-2 weight 30), cell-2 (ig-1 weight 7), tenant-a in cell-1/ig-1. */
function twoCells(t: Tier): ManifestSet {
  return {
    tiers: [t],
    cells: [cell('cell-1'), cell('cell-2', 'tier-1', '222222222222')],
    infraGroups: [infraGroup('ig-1'), infraGroup('ig-2', 'cell-1', 'tier-1', 30), infraGroup('ig-1', 'cell-2', 'tier-1', 7)],
    tenants: [tenant('tenant-a')],
  };
}

function dns(resources: readonly DesiredResource[]): DesiredResource[] {
  return resources.filter((r) => r.kind === 'dns-record' || r.kind === 'dns-ownership');
}

test('a tier takes the two-level tree past 100 infra groups, or when it asks for it', () => {
  assert.equal(WEIGHTED_RECORDS_MAX, 100);
  assert.equal(dnsTreeShape(undefined, 100), 'one-level');
  assert.equal(dnsTreeShape('auto', 100), 'one-level');
  assert.equal(dnsTreeShape('auto', 101), 'two-level');
  assert.equal(dnsTreeShape(undefined, 101), 'two-level');
  assert.equal(dnsTreeShape('cells', 1), 'two-level');
  assert.equal(dnsTreeShape('cells', 0), 'two-level');
});

test('cell weights: the infra groups\' weights summed, a Cell\'s own taken as is, sums scaled into 0–255 without rounding a weighted cell to 0', () => {
  const w = (cells: Parameters<typeof cellWeights>[0]) => Object.fromEntries(cellWeights(cells));
  assert.deepEqual(w([{ cell: 'a', infraGroupWeights: [50, 30] }, { cell: 'b', infraGroupWeights: [7] }]), { a: 80, b: 7 });
  assert.deepEqual(w([{ cell: 'a', infraGroupWeights: [50, 30] }, { cell: 'b', dnsWeight: 200, infraGroupWeights: [7] }]), { a: 80, b: 200 });
  assert.deepEqual(w([{ cell: 'a', infraGroupWeights: [200, 100] }, { cell: 'b', infraGroupWeights: [150] }]), { a: 255, b: 128 });
  assert.deepEqual(w([{ cell: 'a', infraGroupWeights: Array(100).fill(255) }, { cell: 'b', infraGroupWeights: [1] }]), { a: 255, b: 1 });
  assert.deepEqual(w([{ cell: 'a', infraGroupWeights: [0, 0] }, { cell: 'b', infraGroupWeights: [255, 255] }]), { a: 0, b: 255 });
  assert.deepEqual(w([{ cell: 'a', dnsWeight: 0, infraGroupWeights: [5] }]), { a: 0 });
  // Any sizes: every weight in 0–255, zero exactly when the sum is, and the order of the sums kept.
  const random = seededRandom(15);
  for (let round = 0; round < 100; round++) {
    const cells = Array.from({ length: 1 + Math.floor(random() * 100) }, (_, c) => ({
      cell: `c${c}`,
      infraGroupWeights: Array.from({ length: 1 + Math.floor(random() * 100) }, () => (random() < 0.2 ? 0 : Math.floor(random() * 256))),
    }));
    const got = cellWeights(cells);
    const sums = cells.map((c) => c.infraGroupWeights.reduce((a, b) => a + b, 0));
    cells.forEach((c, i) => {
      const weight = got.get(c.cell) as number;
      assert.ok(Number.isInteger(weight) && weight >= 0 && weight <= 255, `${weight}`);
      assert.equal(weight === 0, sums[i] === 0);
      cells.forEach((d, j) => {
        if ((sums[i] as number) > (sums[j] as number)) assert.ok(weight >= (got.get(d.cell) as number));
      });
    });
  }
});

test('a two-level tier: each infra group\'s record at its cell name, each cell\'s at the endpoint, literally; tenants unchanged', () => {
  const set = twoCells(withTree(tier(), 'cells'));
  const topo = compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' });
  const records = dns(topo.resources);
  assert.deepEqual(Object.fromEntries(records.map((r) => [r.key, r.identity.name])), {
    'dnsOwnership:tier-1/cell-1/ig-1/@cell': '_tiered.cell-1.cells.tier-1.us-east-1.example.com|TXT|tiered:cell-1/ig-1',
    'dnsRecord:tier-1/cell-1/ig-1/@cell': 'cell-1.cells.tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1',
    'dnsOwnership:tier-1/cell-1/ig-1/tenant-a': '_tiered.tenant-a.tier-1.us-east-1.example.com|TXT|tiered:cell-1/ig-1',
    'dnsRecord:tier-1/cell-1/ig-1/tenant-a': 'tenant-a.tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1',
    'dnsOwnership:tier-1/cell-1/ig-2/@cell': '_tiered.cell-1.cells.tier-1.us-east-1.example.com|TXT|tiered:cell-1/ig-2',
    'dnsRecord:tier-1/cell-1/ig-2/@cell': 'cell-1.cells.tier-1.us-east-1.example.com|A|tiered:cell-1/ig-2',
    'dnsOwnership:tier-1/cell-2/ig-1/@cell': '_tiered.cell-2.cells.tier-1.us-east-1.example.com|TXT|tiered:cell-2/ig-1',
    'dnsRecord:tier-1/cell-2/ig-1/@cell': 'cell-2.cells.tier-1.us-east-1.example.com|A|tiered:cell-2/ig-1',
    'dnsOwnership:tier-1/cell-1/*': '_tiered-cells.tier-1.us-east-1.example.com|TXT|tiered:cell-1',
    'dnsRecord:tier-1/cell-1/*': 'tier-1.us-east-1.example.com|A|tiered:cell-1',
    'dnsOwnership:tier-1/cell-2/*': '_tiered-cells.tier-1.us-east-1.example.com|TXT|tiered:cell-2',
    'dnsRecord:tier-1/cell-2/*': 'tier-1.us-east-1.example.com|A|tiered:cell-2',
  });
  const byKey = new Map(records.map((r) => [r.key, r]));
  const top = byKey.get('dnsRecord:tier-1/cell-1/*') as DesiredResource;
  assert.deepEqual(top.spec, {
    name: ENDPOINT, type: 'A', setIdentifier: 'tiered:cell-1', weight: 80,
    alias: { dnsName: `cell-1.cells.${ENDPOINT}`, hostedZoneId: { lookup: 'hosted-zone', account: '', region: '', name: 'us-east-1.example.com' }, evaluateTargetHealth: true },
  });
  assert.deepEqual(top.dependsOn, ['dnsRecord:tier-1/cell-1/ig-1/@cell', 'dnsRecord:tier-1/cell-1/ig-2/@cell', 'dnsOwnership:tier-1/cell-1/*']);
  assert.equal((byKey.get('dnsRecord:tier-1/cell-2/*') as DesiredResource).spec['weight'], 7);
  const cellRecord = byKey.get('dnsRecord:tier-1/cell-1/ig-2/@cell') as DesiredResource;
  assert.deepEqual(cellRecord.spec, {
    name: `cell-1.cells.${ENDPOINT}`, type: 'A', setIdentifier: 'tiered:cell-1/ig-2', weight: 30,
    alias: { dnsName: { ref: 'loadBalancer:tier-1/cell-1/ig-2', attr: 'dnsName' }, hostedZoneId: { ref: 'loadBalancer:tier-1/cell-1/ig-2', attr: 'canonicalHostedZoneId' }, evaluateTargetHealth: true },
  });
  assert.deepEqual(cellRecord.dependsOn, ['loadBalancer:tier-1/cell-1/ig-2', 'dnsOwnership:tier-1/cell-1/ig-2/@cell']);
  assert.equal(
    (byKey.get('dnsOwnership:tier-1/cell-1/*') as DesiredResource).spec['value'],
    '"heritage=tiered,tiered.dev/managed-by=ci,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/dns-tree=endpoint"',
  );
  assert.equal(
    (byKey.get('dnsOwnership:tier-1/cell-1/ig-2/@cell') as DesiredResource).spec['value'],
    '"heritage=tiered,tiered.dev/managed-by=ci,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-2,tiered.dev/dns-tree=cell"',
  );
  // Discovery rebuilds every key from the TXT value alone.
  for (const r of records.filter((x) => x.kind === 'dns-ownership')) {
    const tags = parseOwnershipTxt(r.spec['value'] as string) as Record<string, string>;
    assert.equal(keyFromTags('dns-ownership', tags), r.key);
    assert.equal(keyFromTags('dns-record', tags), r.key.replace('dnsOwnership:', 'dnsRecord:'));
    assert.deepEqual(ownerFromTags(tags), r.owner);
  }
  assert.deepEqual(records.map((r) => dnsRecordRole(r.key, r.owner)), ['cell', 'cell', 'tenant', 'tenant', 'cell', 'cell', 'cell', 'cell', 'endpoint-cell', 'endpoint-cell', 'endpoint-cell', 'endpoint-cell']);
  // Every resource after what it depends on.
  const seen = new Set<string>();
  for (const r of topo.resources) {
    for (const d of r.dependsOn) assert.ok(seen.has(d), `${r.key} before ${d}`);
    seen.add(r.key);
  }
});

test('the names and identifiers of the two-level tree, literally', () => {
  assert.equal(cellDnsName('cell-1', ENDPOINT), 'cell-1.cells.tier-1.us-east-1.example.com');
  assert.equal(cellSetIdentifier('cell-1'), 'tiered:cell-1');
  assert.equal(cellsOwnershipTxtName(ENDPOINT), '_tiered-cells.tier-1.us-east-1.example.com');
});

test('a zone given by id is the alias target\'s HostedZoneId as given', () => {
  const set = twoCells(withTree(tier(), 'cells', { id: 'Z0123456789ABC' }));
  const topo = compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' });
  const top = topo.resources.find((r) => r.key === 'dnsRecord:tier-1/cell-1/*');
  assert.equal((top?.spec['alias'] as Record<string, unknown>)['hostedZoneId'], 'Z0123456789ABC');
});

test('auto: one record per infra group at the endpoint up to 100 infra groups, the two-level tree at 101', () => {
  const sized = (n: number): ManifestSet => ({
    tiers: [tier()],
    cells: [cell('cell-1'), cell('cell-2', 'tier-1', '222222222222')],
    infraGroups: Array.from({ length: n }, (_, i) => infraGroup(`ig-${i}`, i % 2 === 0 ? 'cell-1' : 'cell-2', 'tier-1', 1)),
    tenants: [],
  });
  const endpointRecords = (n: number) =>
    compileTopology(sized(n), { placements: [], unschedulable: [], fill: [] }, NO_HINTS).resources.filter((r) => r.kind === 'dns-record' && r.spec['name'] === ENDPOINT);
  const hundred = endpointRecords(100);
  assert.equal(hundred.length, 100);
  assert.ok(hundred.every((r) => dnsRecordRole(r.key, r.owner) === 'endpoint'));
  const more = endpointRecords(101);
  assert.deepEqual(more.map((r) => [r.spec['setIdentifier'], r.spec['weight']]), [['tiered:cell-1', 51], ['tiered:cell-2', 50]]);
});
