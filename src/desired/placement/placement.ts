// The placement solver (docs/design.md §5.3): which infra group hosts each tenant. Pure and
// deterministic: the result is a function of the manifest set and the live placement only,
// whatever order their arrays and maps come in.
//
// - Tenants found live stay where they are, even past a limit lowered since, as long as that
//   place honours their pins; one that does not (its pin changed, or it lives in another tier
//   than its manifest's) is placed again like a new tenant, as a move from where it lives,
//   which the move engine executes (docs/moves.md); until it ends, it counts in both. A
//   infra group that is gone from the manifests (or now belongs to another tier than the
//   tenant's) no longer counts, and a tenant left with none is placed again as new.
// - New tenants are placed most constrained first (pinned to an infra group, then to a cell,
//   then free; within each, most clusters first, then by name): pins get their room before
//   free tenants take it, and large tenants go first as in first-fit-decreasing packing.
// - New placements fill each infra group only up to its limits less the tier's headroom.
// - A tenant that fits nowhere is reported with a reason and a remedy; the others still place.
// - A suspended tier or tenant is placed all the same: placement is data; suspend acts on apply.
// - A drained infra group (its own or its cell's `spec.drain`) is no destination: its tenants
//   are placed again elsewhere, and one that fits nowhere stays where it is, refused with why
//   (docs/drain-and-decommission.md §2). A decommissioned tier places nothing (§4).
import {
  capacityOf,
  CellLoad,
  cellQuotaCapacity,
  InfraGroupLoad,
  tenantDemand,
  tenantSize,
  type Capacity,
  type TenantSize,
} from './capacity.js';
import { cellKey, cellQuotas, tenantQuotaDemand, type CellQuota } from '../account-usage.js';
import { infraGroupKeyOf, infraGroupKeyString } from '../model.js';
import type { InfraGroup, InfraGroupKey, ManifestSet, PlacementStrategy, Tenant, Tier } from '../model.js';
import { drainedInfraGroups, isDecommissioned, sourceOf } from './drained.js';
import { CandidatePools, type CandidatePool } from './placement-pool.js';
import {
  allFull,
  invalidClusters,
  noCandidates,
  tooManyClusters,
  unknownTier,
  type Explanation,
} from './placement-reasons.js';
import type {
  DrainingInfraGroup,
  LivePlacement,
  PlacementResult,
  RefusedMove,
  TenantPlacement,
  Unschedulable,
} from './placement-types.js';

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: InfraGroupKey, b: InfraGroupKey): number {
  return byCodeUnits(a.tier, b.tier) || byCodeUnits(a.cell, b.cell) || byCodeUnits(a.infraGroup, b.infraGroup);
}

/** Names first; the source location only orders duplicates an invalid set may hold. */
function compareTenants(a: Tenant, b: Tenant): number {
  return (
    byCodeUnits(a.name, b.name) ||
    byCodeUnits(a.source.file, b.source.file) ||
    a.source.line - b.source.line ||
    a.source.col - b.source.col
  );
}

/** 0: pinned to an infra group, 1: pinned to a cell, 2: free. */
function pinRank(t: Tenant): number {
  if (t.spec.placement.infraGroup !== undefined) return 0;
  return t.spec.placement.cell !== undefined ? 1 : 2;
}

/** The order new tenants are placed in: most constrained first, then largest, then by name. */
function placingOrder(a: Tenant, b: Tenant): number {
  return pinRank(a) - pinRank(b) || b.spec.clusters - a.spec.clusters || compareTenants(a, b);
}

/** The manifest set as the solver needs it: tiers with their capacity, and a load per
 * infra group and per cell. */
class Topology {
  readonly tiers = new Map<string, { readonly tier: Tier; readonly capacity: Capacity }>();
  readonly loads = new Map<string, InfraGroupLoad>();
  readonly loadsByTier = new Map<string, InfraGroupLoad[]>();
  /** `tier/cell` of every cell a Cell document or an InfraGroup names. */
  readonly cells = new Set<string>();
  /** Drained infra groups by key string: never a load, so never a destination. */
  readonly drained: ReadonlyMap<string, InfraGroup>;

  constructor(set: ManifestSet, quotas: ReadonlyMap<string, CellQuota>) {
    this.drained = drainedInfraGroups(set);
    for (const tier of [...set.tiers].sort((a, b) => byCodeUnits(a.name, b.name))) {
      if (!this.tiers.has(tier.name)) {
        this.tiers.set(tier.name, { tier, capacity: capacityOf(tier.spec.limits) });
      }
    }
    for (const cell of set.cells) this.cells.add(`${cell.spec.tier}/${cell.name}`);
    const keys = set.infraGroups
      .map(infraGroupKeyOf)
      .sort(compareKeys);
    const cellLoads = new Map<string, CellLoad>();
    for (const key of keys) {
      const tier = this.tiers.get(key.tier);
      const id = infraGroupKeyString(key);
      if (tier === undefined || this.loads.has(id) || this.drained.has(id)) continue;
      const cellId = `${key.tier}/${key.cell}`;
      this.cells.add(cellId);
      let cell = cellLoads.get(cellId);
      if (cell === undefined) {
        const share = quotas.get(cellKey(key.tier, key.cell))?.limit;
        cell = new CellLoad(key.tier, key.cell, tier.capacity, cellQuotaCapacity(share, tier.capacity.headroomPercent));
        cellLoads.set(cellId, cell);
      }
      const load = new InfraGroupLoad(key, cell, tier.capacity, this.loads.size);
      this.loads.set(id, load);
      const list = this.loadsByTier.get(key.tier);
      if (list === undefined) this.loadsByTier.set(key.tier, [load]);
      else list.push(load);
    }
  }

  strategyOf(tier: string): PlacementStrategy {
    return this.tiers.get(tier)?.tier.spec.placement.strategy ?? 'spread';
  }
}

/** The live infra groups a tenant keeps: those still in its tier's manifests, home first. */
function keptLive(tenant: Tenant, live: readonly InfraGroupKey[], topology: Topology): InfraGroupLoad[] {
  const kept: InfraGroupLoad[] = [];
  for (const key of live) {
    const load = key.tier === tenant.spec.tier ? topology.loads.get(infraGroupKeyString(key)) : undefined;
    if (load !== undefined && !kept.includes(load)) kept.push(load);
  }
  return kept;
}

/** Whether an infra group is one a tenant's pins allow. */
function honoursPin(tenant: Tenant, key: InfraGroupKey): boolean {
  const pin = tenant.spec.placement;
  return (pin.cell === undefined || key.cell === pin.cell) && (pin.infraGroup === undefined || key.infraGroup === pin.infraGroup);
}

/** The drained infra groups of its tier a tenant lives in now: the ones it is to leave. */
function leaving(tenant: Tenant, live: readonly InfraGroupKey[], topology: Topology): InfraGroupKey[] {
  return live.filter((key) => key.tier === tenant.spec.tier && topology.drained.has(infraGroupKeyString(key)));
}

/** Why a pin finds no candidate when what it names is drained; undefined when it is not. */
function pinnedToDrained(tenant: Tenant, topology: Topology): Explanation | undefined {
  const { tier, placement: pin } = tenant.spec;
  const named = [...topology.drained.values()].filter(
    (ig) => ig.spec.tier === tier && (pin.cell === undefined || ig.spec.cell === pin.cell) && (pin.infraGroup === undefined || ig.name === pin.infraGroup),
  );
  if (named.length === 0 || (pin.cell === undefined && pin.infraGroup === undefined)) return undefined;
  const where = named.map((ig) => `${infraGroupKeyString({ tier, cell: ig.spec.cell, infraGroup: ig.name })} (${sourceOf(ig)})`).join(', ');
  return {
    reason: `pinned to drained infra group${named.length === 1 ? '' : 's'} ${where}`,
    remedy: 'pin the tenant elsewhere (or remove spec.placement), or set spec.drain: false',
  };
}

/** Every drained infra group with the tenants live in it, and those that could not leave. */
function drainingGroups(topology: Topology, live: LivePlacement, refused: ReadonlyMap<string, Unschedulable[]>): DrainingInfraGroup[] {
  const hosting = new Map<string, string[]>();
  for (const [tenant, keys] of live) {
    for (const key of keys) {
      const id = infraGroupKeyString(key);
      if (topology.drained.has(id)) hosting.set(id, [...(hosting.get(id) ?? []), tenant]);
    }
  }
  return [...topology.drained]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([id, ig]) => ({
      key: infraGroupKeyOf(ig),
      source: sourceOf(ig),
      hosting: [...(hosting.get(id) ?? [])].sort(byCodeUnits),
      refused: refused.get(id) ?? [],
    }));
}

/** Caches "all full" explanations per pool and cluster count until the pool changes. */
class FullReasons {
  private readonly cache = new Map<CandidatePool, Map<string, { version: number; text: Explanation }>>();

  get(pool: CandidatePool, size: TenantSize, capacity: Capacity): Explanation {
    let bySize = this.cache.get(pool);
    if (bySize === undefined) {
      bySize = new Map();
      this.cache.set(pool, bySize);
    }
    const hit = bySize.get(size.key);
    if (hit !== undefined && hit.version === pool.version) return hit.text;
    const text = allFull(pool, size, capacity);
    bySize.set(size.key, { version: pool.version, text });
    return text;
  }
}

/** `quotas`: each cell's share of its account's quotas (account-usage.ts `cellQuotas`), made
 * from the whole set even when `set` is one tier of it, with the values Service Quotas applied
 * where they were read; by default, from `set` and AWS's defaults. */
export function place(set: ManifestSet, live: LivePlacement, quotas: ReadonlyMap<string, CellQuota> = cellQuotas(set)): PlacementResult {
  const topology = new Topology(set, quotas);
  const pools = new CandidatePools(
    (tier) => topology.loadsByTier.get(tier) ?? [],
    (tier) => topology.strategyOf(tier),
  );
  const placements: TenantPlacement[] = [];
  const unschedulable: Unschedulable[] = [];
  const refusedMoves: RefusedMove[] = [];
  /** Tenant -> where it lives, for the tenants placement moves. */
  const movingFrom = new Map<string, { readonly from: readonly InfraGroupKey[]; readonly kept: readonly InfraGroupLoad[] }>();
  const refuse = (tenant: Tenant, why: Explanation): void => {
    unschedulable.push({ tenant: tenant.name, tier: tenant.spec.tier, ...why });
  };

  // Live tenants first: their load is a fact the new placements must work around.
  const seen = new Set<string>();
  const pending: Tenant[] = [];
  /** Tenants placed again because their infra groups are drained: where they still are. */
  const leavingOf = new Map<string, InfraGroupKey[]>();
  for (const tenant of [...set.tenants].sort(compareTenants)) {
    if (seen.has(tenant.name)) continue;
    seen.add(tenant.name);
    const tierOf = topology.tiers.get(tenant.spec.tier);
    if (tierOf === undefined) {
      refuse(tenant, unknownTier(tenant.spec.tier));
      continue;
    }
    if (isDecommissioned(tierOf.tier)) continue;
    const liveKeys = live.get(tenant.name) ?? [];
    const kept = keptLive(tenant, liveKeys, topology);
    // Another tier's infra groups reach here only when the caller knows them (engine/plan-tier.ts).
    const elsewhere = liveKeys.filter((k) => k.tier !== tenant.spec.tier);
    // Drained infra groups are no load (never a destination): a tenant in one is placed again.
    const from = leaving(tenant, liveKeys, topology);
    if (from.length > 0) leavingOf.set(tenant.name, from);
    if (kept.length === 0 && elsewhere.length === 0 && from.length === 0) {
      pending.push(tenant);
      continue;
    }
    // A moving tenant runs in both of its infra groups until the move ends, so it counts in both.
    for (const load of kept) pools.add(load, tenantDemand(tenant.spec.clusters), tenantQuotaDemand(tenant.spec));
    const staying = kept.filter((l) => honoursPin(tenant, l.key));
    if (staying.length > 0) {
      placements.push({ tenant: tenant.name, tier: tenant.spec.tier, infraGroups: staying.map((l) => l.key), origin: 'live' });
      continue;
    }
    movingFrom.set(tenant.name, { from: [...kept.map((l) => l.key), ...from, ...elsewhere], kept });
    pending.push(tenant);
  }

  // New tenants: every pool learns how many of each size to expect, so it can retire the heap
  // of a size once its last tenant is through.
  const fullReasons = new FullReasons();
  const drainRefused = new Map<string, Unschedulable[]>();
  const queue = pending.sort(placingOrder).map((tenant) => {
    const { tier, placement: pin } = tenant.spec;
    const pool = pools.get({ tier, cell: pin.cell, infraGroup: pin.infraGroup });
    const size = tenantSize(tenant.spec.clusters, tenantQuotaDemand(tenant.spec));
    pool.expect(size);
    return { tenant, pool, size };
  });
  for (const { tenant, pool, size } of queue) {
    const capacity = (topology.tiers.get(tenant.spec.tier) as { capacity: Capacity }).capacity;
    const chosen = choose(tenant, pool, capacity, size);
    pool.settled(size);
    const moving = movingFrom.get(tenant.name);
    const from = leavingOf.get(tenant.name);
    if ('reason' in chosen && from !== undefined) {
      // Nowhere to go: it stays in the drained infra group rather than lose its resources.
      stay(tenant, [...(moving?.kept ?? []).map((l) => l.key), ...from], from, chosen);
      continue;
    }
    if ('reason' in chosen) {
      if (moving === undefined) refuse(tenant, chosen);
      else {
        // A move that cannot be made leaves the tenant exactly where it lives.
        refusedMoves.push({ tenant: tenant.name, tier: tenant.spec.tier, from: moving.from, ...chosen });
        if (moving.kept.length > 0) placements.push({ tenant: tenant.name, tier: tenant.spec.tier, infraGroups: moving.kept.map((l) => l.key), origin: 'live' });
      }
      continue;
    }
    pools.add(chosen, tenantDemand(tenant.spec.clusters), size.quota);
    placements.push(
      moving === undefined
        ? { tenant: tenant.name, tier: tenant.spec.tier, infraGroups: [chosen.key], origin: 'new' }
        : { tenant: tenant.name, tier: tenant.spec.tier, infraGroups: [chosen.key], origin: 'move', from: moving.from },
    );
  }

  /** A tenant that cannot leave drained infra groups stays where it is (`where`); each drained
   * group it is in (`drained`) reports why. */
  function stay(tenant: Tenant, where: readonly InfraGroupKey[], drained: readonly InfraGroupKey[], why: Explanation): void {
    for (const load of drained) {
      const id = infraGroupKeyString(load);
      const ig = topology.drained.get(id) as InfraGroup;
      const refusal = {
        tenant: tenant.name,
        tier: tenant.spec.tier,
        reason: `cannot leave drained infra group ${id} (${sourceOf(ig)}): ${why.reason}`,
        remedy: why.remedy,
      };
      drainRefused.set(id, [...(drainRefused.get(id) ?? []), refusal]);
    }
    placements.push({ tenant: tenant.name, tier: tenant.spec.tier, infraGroups: where, origin: 'live' });
  }

  /** The infra group for a new tenant, or why there is none. */
  function choose(tenant: Tenant, pool: CandidatePool, capacity: Capacity, size: TenantSize): InfraGroupLoad | Explanation {
    const { tier, clusters, placement: pin } = tenant.spec;
    if (!Number.isInteger(clusters) || clusters < 1) return invalidClusters(clusters);
    if (clusters > capacity.targetGroupsPerRule) return tooManyClusters(clusters, capacity);
    if (pool.members.length === 0) {
      const drained = pinnedToDrained(tenant, topology);
      if (drained !== undefined) return drained;
      return noCandidates(pool.scope, pin.cell === undefined || topology.cells.has(`${tier}/${pin.cell}`));
    }
    return pool.best(size) ?? fullReasons.get(pool, size, capacity);
  }

  const byTierThenTenant = (a: { tier: string; tenant: string }, b: { tier: string; tenant: string }) =>
    byCodeUnits(a.tier, b.tier) || byCodeUnits(a.tenant, b.tenant);
  const draining = topology.drained.size === 0 ? {} : { draining: drainingGroups(topology, live, drainRefused) };
  return {
    placements: placements.sort(byTierThenTenant),
    unschedulable: unschedulable.sort(byTierThenTenant),
    fill: [...topology.loads.values()].map((l) => l.toFill()),
    ...(refusedMoves.length > 0 ? { refusedMoves: refusedMoves.sort(byTierThenTenant) } : {}),
    ...draining,
  };
}
