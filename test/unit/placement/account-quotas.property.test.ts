// Property-based checks of placement against account quotas (docs/capacity.md §2): random tiers
// whose cells share a few accounts with random quotas, tenants of random sizes and task counts,
// each tier placed alone (as a pass does) against shares made from the whole set. No cell
// exceeds its placeable share, no account its quota, and a tenant refused while the infra
// groups themselves had room names the account quota in its way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TENANT_QUOTAS } from '../../../src/desired/account-quotas.js';
import { accountFootprints, cellKey, cellQuotas, tenantQuotaDemand } from '../../../src/desired/account-usage.js';
import { placeableOf, type ManifestSet } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import { tierSubset } from '../../../src/engine/tier-subset.js';
import { manifestSet } from '../../support/manifest-builder.js';

const RUNS = 120;
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

const worldArb = fc
  .record({
    tiers: fc.array(
      fc.record({
        strategy: fc.constantFrom('spread' as const, 'binpack' as const),
        headroom: fc.integer({ min: 0, max: 40 }),
        /** Roomy infra groups: only the account quotas can block. */
        roomy: fc.boolean(),
        desired: fc.integer({ min: 1, max: 6 }),
        cells: fc.array(fc.record({ account: fc.nat(2), groups: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    quotas: fc.array(fc.record({ enis: fc.integer({ min: 0, max: 200 }), targetGroups: fc.integer({ min: 0, max: 40 }) }), { minLength: 3, maxLength: 3 }),
    tenants: fc.array(fc.record({ tier: fc.nat(2), clusters: fc.integer({ min: 1, max: 5 }), maxTasks: fc.option(fc.integer({ min: 1, max: 9 })), pin: fc.option(fc.nat(2)) }), { maxLength: 50 }),
  })
  .map(({ tiers, quotas, tenants }): ManifestSet => {
    const b = manifestSet();
    tiers.forEach((t, i) => {
      const limits = t.roomy
        ? { targetGroupsPerLoadBalancer: 1000, rulesPerListener: 1000, tenantsPerInfraGroup: 1000, headroomPercent: t.headroom }
        : { targetGroupsPerLoadBalancer: 12, rulesPerListener: 6, tenantsPerInfraGroup: 5, headroomPercent: t.headroom };
      b.tier(`tier-${i}`, { placement: { strategy: t.strategy }, limits, workload: { desiredCount: t.desired } });
      t.cells.forEach((c, n) => {
        const q = quotas[c.account]!;
        b.cell(`tier-${i}`, `cell-${n}`, { accountId: ACCOUNTS[c.account]!, quotas: { networkInterfaces: q.enis, targetGroups: q.targetGroups } });
        for (let g = 0; g < c.groups; g++) b.infraGroup(`tier-${i}`, `cell-${n}`, `ig-${g}`);
      });
    });
    tenants.forEach((t, n) =>
      b.tenant(`tenant-${n}`, {
        tier: `tier-${t.tier % tiers.length}`,
        clusters: t.clusters,
        ...(t.maxTasks === null ? {} : { workload: { autoscaling: { minCapacity: 1, maxCapacity: t.maxTasks, cpuTarget: 60, memoryTarget: 70 } } }),
        ...(t.pin === null ? {} : { placement: { cell: `cell-${t.pin}` } }),
      }),
    );
    return b.build();
  });

function placeByTier(set: ManifestSet) {
  const shares = cellQuotas(set);
  return { shares, results: set.tiers.map((t) => place(tierSubset(set, t.name), new Map(), shares)) };
}

test('no cell goes past its placeable share, and no account past its quota', () => {
  fc.assert(
    fc.property(worldArb, (set) => {
      const { shares, results } = placeByTier(set);
      const byCell = new Map<string, Record<string, number>>();
      for (const result of results) {
        for (const p of result.placements) {
          const tenant = set.tenants.find((t) => t.name === p.tenant)!;
          const key = cellKey(p.tier, p.infraGroups[0]!.cell);
          const used = byCell.get(key) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
          const demand = tenantQuotaDemand(tenant.spec);
          for (const q of TENANT_QUOTAS) used[q]! += demand[q];
          byCell.set(key, used);
        }
      }
      const byAccount = new Map<string, Record<string, number>>();
      for (const [key, used] of byCell) {
        const share = shares.get(key)!;
        const headroom = set.tiers.find((t) => t.name === key.split('/')[0])!.spec.limits.headroomPercent;
        for (const q of TENANT_QUOTAS) assert.ok(used[q]! <= placeableOf(share.limit[q], headroom), `${key} ${q} ${used[q]} > share ${share.limit[q]} less ${headroom}%`);
        const total = byAccount.get(share.account) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
        for (const q of TENANT_QUOTAS) total[q]! += used[q]!;
        byAccount.set(share.account, total);
      }
      for (const account of accountFootprints(set).values()) {
        const used = byAccount.get(account.key) ?? { networkInterfaces: 0, targetGroups: 0 };
        assert.ok(used['networkInterfaces']! + account.fixed.networkInterfaces <= Math.max(account.quotas.networkInterfaces, account.fixed.networkInterfaces));
        assert.ok(used['targetGroups']! <= account.quotas.targetGroups);
      }
    }),
    { numRuns: RUNS },
  );
});

test('a tenant refused in a tier whose infra groups have room names the account quota that blocks it', () => {
  fc.assert(
    fc.property(worldArb, (set) => {
      const { results } = placeByTier(set);
      for (const result of results) {
        for (const u of result.unschedulable) {
          const tier = set.tiers.find((t) => t.name === u.tier)!;
          if (tier.spec.limits.tenantsPerInfraGroup !== 1000 || /no infra groups|not a cell|^needs \d+ clusters/.test(u.reason)) continue;
          assert.match(u.reason, /\((vpc L-DF5E4CA3|elasticloadbalancing L-B22855CB|ecs L-21C621EB)\)/, u.reason);
        }
      }
    }),
    { numRuns: RUNS },
  );
});
