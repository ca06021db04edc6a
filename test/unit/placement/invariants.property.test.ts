// Property-based checks of the placement invariants (docs/design.md §5.3) over small random worlds:
// tiers of a few cells and infra groups with tight limits, tenants with pins (some pointing
// nowhere) and live placements (some in removed infra groups, some already over a limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capacityOf, tenantDemand, DIMENSIONS, type Amounts } from '../../../src/desired/placement/capacity.js';
import { infraGroupKeyString, type InfraGroupKey, type ManifestSet } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import type { LivePlacement, PlacementResult } from '../../../src/desired/placement/placement-types.js';
import { manifestSet } from '../../support/manifest-builder.js';

const RUNS = 150;

const limitsArb = fc.record({
  targetGroupsPerLoadBalancer: fc.integer({ min: 4, max: 16 }),
  rulesPerListener: fc.integer({ min: 2, max: 10 }),
  targetGroupsPerRule: fc.integer({ min: 3, max: 5 }),
  tenantsPerInfraGroup: fc.integer({ min: 2, max: 10 }),
  headroomPercent: fc.integer({ min: 0, max: 40 }),
});

const tierArb = fc.record({
  strategy: fc.constantFrom('spread' as const, 'binpack' as const),
  limits: limitsArb,
  /** Infra groups per cell; a cell may have none. */
  cells: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
});

/** `value` one time in `oneIn`, null otherwise. */
function sometimes<T>(value: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary: value, weight: 1 });
}

/** Indices may point past what exists: pins and live placements to nowhere are part of it. */
const tenantArb = fc.record({
  tier: fc.nat(2),
  clusters: fc.integer({ min: 1, max: 6 }),
  pinCell: sometimes(fc.nat(3), 5),
  pinGroup: sometimes(fc.nat(3), 8),
  live: sometimes(fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 2 }), 3),
});

interface World {
  readonly set: ManifestSet;
  readonly live: LivePlacement;
}

const worldArb: fc.Arbitrary<World> = fc
  .record({ tiers: fc.array(tierArb, { minLength: 1, maxLength: 2 }), tenants: fc.array(tenantArb, { maxLength: 40 }) })
  .map(({ tiers, tenants }) => {
    const builder = manifestSet();
    tiers.forEach((t, i) => {
      builder.tier(`tier-${i}`, { placement: { strategy: t.strategy }, limits: t.limits });
      t.cells.forEach((groups, c) => {
        builder.cell(`tier-${i}`, `cell-${c}`);
        for (let g = 0; g < groups; g++) builder.infraGroup(`tier-${i}`, `cell-${c}`, `ig-${g}`);
      });
    });
    const live = new Map<string, InfraGroupKey[]>();
    tenants.forEach((t, n) => {
      const tier = `tier-${t.tier % tiers.length}`;
      builder.tenant(`tenant-${n}`, {
        tier,
        clusters: t.clusters,
        placement: {
          ...(t.pinCell === null ? {} : { cell: `cell-${t.pinCell}` }),
          ...(t.pinGroup === null ? {} : { infraGroup: `ig-${t.pinGroup}` }),
        },
      });
      if (t.live !== null) {
        live.set(`tenant-${n}`, t.live.map(([c, g]) => ({ tier, cell: `cell-${c}`, infraGroup: `ig-${g}` })));
      }
    });
    return { set: builder.build(), live };
  });

/** A deterministic shuffle, so a failing case replays from fast-check's seed alone. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function existingKeys(set: ManifestSet): Set<string> {
  return new Set(set.infraGroups.map((ig) => `${ig.spec.tier}/${ig.spec.cell}/${ig.name}`));
}

/** Usage per infra group recomputed from the placements alone. */
function usageOf(world: World, result: PlacementResult): Map<string, Record<keyof Amounts, number>> {
  const usage = new Map<string, Record<keyof Amounts, number>>();
  const existing = existingKeys(world.set);
  for (const p of result.placements) {
    const clusters = world.set.tenants.find((t) => t.name === p.tenant)?.spec.clusters ?? 0;
    // A tenant counts wherever it lives in its tier until its move ends (docs/moves.md).
    const live = (world.live.get(p.tenant) ?? []).filter((k) => k.tier === p.tier && existing.has(infraGroupKeyString(k)));
    const keys = new Map([...p.infraGroups, ...live].map((k) => [infraGroupKeyString(k), k]));
    for (const key of keys.values()) {
      const id = infraGroupKeyString(key);
      const u = usage.get(id) ?? { targetGroups: 0, rules: 0, tenants: 0 };
      const d = tenantDemand(clusters);
      for (const dim of DIMENSIONS) u[dim] += d[dim];
      usage.set(id, u);
    }
  }
  return usage;
}

function capacityOfTier(world: World, tier: string) {
  const t = world.set.tiers.find((x) => x.name === tier);
  assert.ok(t, `tier ${tier} exists`);
  return capacityOf(t.spec.limits);
}

test('every tenant is either placed or unschedulable, exactly once', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      const names = [...result.placements.map((p) => p.tenant), ...result.unschedulable.map((u) => u.tenant)];
      assert.deepEqual([...names].sort(), world.set.tenants.map((t) => t.name).sort());
    }),
    { numRuns: RUNS },
  );
});

test('the fill equals the usage the placements imply', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      const usage = usageOf(world, result);
      for (const f of result.fill) {
        const u = usage.get(infraGroupKeyString(f.key)) ?? { targetGroups: 0, rules: 0, tenants: 0 };
        assert.deepEqual([f.targetGroups.used, f.rules.used, f.tenants.used], [u.targetGroups, u.rules, u.tenants]);
      }
    }),
    { numRuns: RUNS },
  );
});

test('no infra group that receives a new tenant ends above its placeable share', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      const usage = usageOf(world, result);
      for (const p of result.placements.filter((x) => x.origin === 'new')) {
        const key = p.infraGroups[0] as InfraGroupKey;
        const u = usage.get(infraGroupKeyString(key));
        const capacity = capacityOfTier(world, p.tier);
        for (const dim of DIMENSIONS) assert.ok((u?.[dim] ?? 0) <= capacity.placeable[dim], `${dim} of ${infraGroupKeyString(key)}`);
      }
    }),
    { numRuns: RUNS },
  );
});

test('no live tenant is moved unless told: it keeps every live infra group still in its tier that its pins allow; with none, it moves from them', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      const existing = existingKeys(world.set);
      for (const [tenant, keys] of world.live) {
        const kept = [...new Set(keys.map(infraGroupKeyString))].filter((k) => existing.has(k));
        if (kept.length === 0) continue;
        const pin = world.set.tenants.find((t) => t.name === tenant)?.spec.placement ?? {};
        const allowed = kept.filter((k) => {
          const [, cell, ig] = k.split('/');
          return (pin.cell === undefined || pin.cell === cell) && (pin.infraGroup === undefined || pin.infraGroup === ig);
        });
        const p = result.placements.find((x) => x.tenant === tenant);
        if (allowed.length > 0) {
          assert.equal(p?.origin, 'live');
          assert.deepEqual(p?.infraGroups.map(infraGroupKeyString), allowed);
        } else if (p?.origin === 'move') {
          assert.deepEqual(p.from?.map(infraGroupKeyString), kept);
        } else {
          // A move that cannot be made leaves the tenant where it lives, refused with a reason.
          assert.deepEqual(p?.infraGroups.map(infraGroupKeyString), kept);
          assert.ok(result.refusedMoves?.some((r) => r.tenant === tenant));
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('new placements honour pins', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      for (const p of result.placements.filter((x) => x.origin === 'new')) {
        const pin = world.set.tenants.find((t) => t.name === p.tenant)?.spec.placement ?? {};
        const home = p.infraGroups[0] as InfraGroupKey;
        if (pin.cell !== undefined) assert.equal(home.cell, pin.cell);
        if (pin.infraGroup !== undefined) assert.equal(home.infraGroup, pin.infraGroup);
      }
    }),
    { numRuns: RUNS },
  );
});

test('a tenant that fits somewhere its pin allows is never left unschedulable', () => {
  fc.assert(
    fc.property(worldArb, (world) => {
      const result = place(world.set, world.live);
      const usage = usageOf(world, result);
      for (const u of result.unschedulable) {
        const tenant = world.set.tenants.find((t) => t.name === u.tenant);
        assert.ok(tenant);
        const capacity = capacityOfTier(world, tenant.spec.tier);
        if (tenant.spec.clusters > capacity.targetGroupsPerRule) continue;
        const { cell, infraGroup } = tenant.spec.placement;
        const demand = tenantDemand(tenant.spec.clusters);
        for (const ig of world.set.infraGroups) {
          if (ig.spec.tier !== tenant.spec.tier) continue;
          if ((cell !== undefined && ig.spec.cell !== cell) || (infraGroup !== undefined && ig.name !== infraGroup)) continue;
          const used = usage.get(`${ig.spec.tier}/${ig.spec.cell}/${ig.name}`) ?? { targetGroups: 0, rules: 0, tenants: 0 };
          const fits = DIMENSIONS.every((d) => used[d] + demand[d] <= capacity.placeable[d]);
          assert.ok(!fits, `${u.tenant} would fit in ${ig.spec.cell}/${ig.name}: ${u.reason}`);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('the same input gives the same output, in whatever order it comes', () => {
  fc.assert(
    fc.property(worldArb, fc.integer(), (world, seed) => {
      const { set, live } = world;
      const permuted: ManifestSet = {
        tiers: shuffled(set.tiers, seed),
        cells: shuffled(set.cells, seed + 1),
        infraGroups: shuffled(set.infraGroups, seed + 2),
        tenants: shuffled(set.tenants, seed + 3),
      };
      const expected = place(set, live);
      assert.deepEqual(place(set, live), expected);
      assert.deepEqual(place(permuted, new Map(shuffled([...live], seed + 4))), expected);
    }),
    { numRuns: RUNS },
  );
});
