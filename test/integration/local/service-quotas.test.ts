// Applied quotas read from Service Quotas through the proxy on moto change where tenants go
// (docs/capacity.md §1): moto answers the vpc quotas itself, the proxy the others and any value
// a test sets; a manifest override is never read, and a reader reads each account once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellQuotas } from '../../../src/desired/account-usage.js';
import { place } from '../../../src/desired/placement/placement.js';
import { appliedQuotaReader } from '../../../src/engine/applied-quotas.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
const ACCOUNT = '111111111111';

function world(quotas = {}) {
  const b = manifestSet()
    .tier('tier-1', { workload: { desiredCount: 10 } })
    .cell('tier-1', 'cell-1', { accountId: ACCOUNT, quotas })
    .infraGroup('tier-1', 'cell-1', 'ig-1');
  for (let i = 0; i < 6; i++) b.tenant(`t-${i}`);
  return b.build();
}

test('a network interface quota applied in Service Quotas limits placement; an override is not read', async () => {
  const factory = tieredAwsFor(aws.endpoint);
  try {
    const set = world();
    const before = await appliedQuotaReader(factory).read(set, 'tier-1');
    assert.deepEqual(before.errors, []);
    // moto's own vpc defaults, the proxy's for ELB and ECS.
    assert.deepEqual(before.applied.get(`${ACCOUNT}/us-east-1`), {
      networkInterfaces: 5000, loadBalancers: 50, targetGroups: 3000, vpcEndpoints: 50, ecsClusters: 10000, listenersPerLoadBalancer: 50,
    });
    assert.equal(place(set, new Map(), cellQuotas(set, before.applied)).unschedulable.length, 0);

    aws.proxy.setServiceQuotas([{ serviceCode: 'vpc', quotaCode: 'L-DF5E4CA3', value: 40, account: ACCOUNT }]);
    aws.proxy.resetCounters();
    const reader = appliedQuotaReader(factory);
    const after = await reader.read(set, 'tier-1');
    await reader.read(set, 'tier-1'); // the same pass: answered from the reader's cache
    assert.equal(aws.proxy.count({ operation: 'GetServiceQuota' }), 6);
    const result = place(set, new Map(), cellQuotas(set, after.applied));
    // (40 - 2 ALB ENIs) x 90 % = 34: three tenants of 10 tasks.
    assert.equal(result.placements.length, 3);
    assert.match(result.unschedulable[0]!.reason, /Network interfaces per Region \(vpc L-DF5E4CA3\): 30\/34/);

    aws.proxy.resetCounters();
    const overridden = world({ networkInterfaces: 5000 });
    const read = await appliedQuotaReader(factory).read(overridden, 'tier-1');
    assert.equal(aws.proxy.count({ operation: 'GetServiceQuota' }), 5);
    assert.equal(place(overridden, new Map(), cellQuotas(overridden, read.applied)).unschedulable.length, 0);
  } finally {
    factory.destroy();
  }
});
