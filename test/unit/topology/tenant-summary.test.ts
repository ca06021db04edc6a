// What the status page's search lists for a tenant (src/desired/topology/tenant-summary.ts),
// read off the compiled topology: names, rule priority and condition, DNS name and weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { describeConditions, summarizeTenants } from '../../../src/desired/topology/tenant-summary.js';
import { placeAll, smallSet, tenant, tier } from '../../support/topology-fixtures.js';

test('a tenant of two clusters: its clusters, services, target groups, rule and DNS record', () => {
  const set = smallSet([tenant('tenant-b', 1), tenant('tenant-a', 2)], tier('tier-1', { match: 'host' }));
  const [a, b] = summarizeTenants(compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' }));
  assert.equal(b?.tenant, 'tenant-b');
  assert.deepEqual(a, {
    tenant: 'tenant-a',
    tier: 'tier-1',
    infraGroups: ['tier-1/cell-1/ig-1'],
    clusters: [
      { name: 'tier-1-cell-1-ig-1-tenant-a', infraGroup: 'tier-1/cell-1/ig-1' },
      { name: 'tier-1-cell-1-ig-1-tenant-a-2', infraGroup: 'tier-1/cell-1/ig-1' },
    ],
    services: [
      { name: 'tenant-a', infraGroup: 'tier-1/cell-1/ig-1' },
      { name: 'tenant-a', infraGroup: 'tier-1/cell-1/ig-1' },
    ],
    targetGroups: a?.targetGroups,
    rules: [{ infraGroup: 'tier-1/cell-1/ig-1', priority: 1, condition: 'host-header tenant-a.tier-1.us-east-1.example.com' }],
    dnsRecords: [{ infraGroup: 'tier-1/cell-1/ig-1', name: 'tenant-a.tier-1.us-east-1.example.com', type: 'A', setIdentifier: 'tiered:cell-1/ig-1', weight: 1 }],
  });
  assert.deepEqual(a?.targetGroups.map((t) => t.name.replace(/-[0-9a-f]{10}$/, '')), ['tenant-a-1', 'tenant-a-2']);
});

test('a tenant hosted by two infra groups (a move) lists both, with a record in each', () => {
  const set = smallSet([tenant('tenant-a', 1)]);
  const [a] = summarizeTenants(compileTopology(set, placeAll(set, { 'tenant-a': ['ig-1', 'ig-2'] }), NO_HINTS, { instanceId: 'ci' }));
  assert.deepEqual(a?.infraGroups, ['tier-1/cell-1/ig-1', 'tier-1/cell-1/ig-2']);
  assert.deepEqual(a?.dnsRecords.map((r) => r.setIdentifier), ['tiered:cell-1/ig-1', 'tiered:cell-1/ig-2']);
  assert.deepEqual(a?.rules.map((r) => r.condition), ['path-pattern /tenant-a | /tenant-a/*', 'path-pattern /tenant-a | /tenant-a/*']);
});

test('conditions in words, for each routing', () => {
  assert.equal(describeConditions({ httpHeader: { name: 'X-Tenant', values: ['acme'] } }), 'http-header X-Tenant: acme');
  assert.equal(describeConditions(undefined), '');
});
