// Plans of moves (docs/design.md §5.4): rebalancing a tier and migrating one tenant, as explicit
// operations an operator asks for; the solver itself never moves a placed tenant. Pure and
// deterministic: a function of the manifest set and a placement only.
//
// A move is data. Executing it is not done here: the destination infra group must first host
// the tenant alongside its home while the tenant's DNS weights shift step by step (docs/design.md §6.2),
// and only then is the old home released. Nothing in this module touches AWS.
import { DIMENSIONS, fillRatio, tenantDemand, type Amounts } from './capacity.js';
import { infraGroupKeyString, type InfraGroupKey, type ManifestSet, type Tenant } from '../model.js';
import { fillOf, fits, MoveLoads, type GroupLoad, type MoveFill } from './move-loads.js';
import type { PlacementResult } from './placement-types.js';

export type { MoveFill } from './move-loads.js';

export interface Move {
  readonly tenant: string;
  /** The tier the tenant leaves (and stays in, unless `toTier` is set). */
  readonly tier: string;
  readonly from: InfraGroupKey;
  readonly to: InfraGroupKey;
  /** Set only for a tier migration: the tier the tenant goes to. */
  readonly toTier?: string;
  readonly reason: string;
}

export interface MovePlan {
  readonly moves: readonly Move[];
  /** Fill of every infra group of the tiers involved, before and after the moves. */
  readonly before: readonly MoveFill[];
  readonly after: readonly MoveFill[];
  /** Why no move could be planned (unknown tier or tenant, no room, a pin in the way). */
  readonly refused?: string;
}

export interface Destination {
  readonly tier: string;
  readonly cell?: string;
  readonly infraGroup?: string;
}

/** Moves smaller than this are float noise, not progress. */
const EPSILON = 1e-9;

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tenantsByName(set: ManifestSet): Map<string, Tenant> {
  const byName = new Map<string, Tenant>();
  for (const t of set.tenants) if (!byName.has(t.name)) byName.set(t.name, t);
  return byName;
}

function allows(tenant: Tenant, key: InfraGroupKey): boolean {
  const pin = tenant.spec.placement;
  return (pin.cell === undefined || pin.cell === key.cell) && (pin.infraGroup === undefined || pin.infraGroup === key.infraGroup);
}

/** What rebalancing minimises: the spread (max − min fill), then the sum of squared fills, so
 * that a tie at the top can be worked down one infra group at a time. */
function score(groups: readonly GroupLoad[]): { spread: number; squares: number } {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let squares = 0;
  for (const g of groups) {
    const f = fillOf(g);
    max = Math.max(max, f);
    min = Math.min(min, f);
    squares += f * f;
  }
  return { spread: groups.length === 0 ? 0 : max - min, squares };
}

function better(a: { spread: number; squares: number }, b: { spread: number; squares: number }): boolean {
  if (a.spread < b.spread - EPSILON) return true;
  return a.spread <= b.spread + EPSILON && a.squares < b.squares - EPSILON;
}

interface Resident {
  readonly tenant: Tenant;
  readonly demand: Amounts;
  home: GroupLoad;
}

/**
 * Moves that bring the fill of `tier`'s infra groups closer to even. Greedy: each step takes
 * the fullest infra group that has a movable tenant, its smallest tenant, and the least full
 * infra group that the tenant's pin allows and that has room for it within the usable space,
 * provided the move lowers the spread (or keeps it and evens the rest). It stops when no move
 * helps, or after `maxMoves`. Tenants mid-migration (hosted twice) are left alone.
 */
export function rebalanceMoves(
  set: ManifestSet,
  current: PlacementResult,
  tier: string,
  options: { readonly maxMoves?: number } = {},
): MovePlan {
  const loads = new MoveLoads(set, current);
  const tiers = new Set([tier]);
  const before = loads.snapshot(tiers);
  if (!loads.capacities.has(tier)) return { moves: [], before, after: before, refused: `unknown tier ${tier}` };
  const groups = loads.ofTier(tier);
  const tenants = tenantsByName(set);
  const residents: Resident[] = [];
  for (const p of current.placements) {
    const tenant = tenants.get(p.tenant);
    const home = p.infraGroups.length === 1 && p.infraGroups[0] !== undefined ? loads.get(p.infraGroups[0]) : undefined;
    if (p.tier !== tier || tenant === undefined || home === undefined) continue;
    residents.push({ tenant, demand: tenantDemand(tenant.spec.clusters), home });
  }
  // Smallest first, then by name: the order a source's tenants are tried in.
  residents.sort((a, b) => a.tenant.spec.clusters - b.tenant.spec.clusters || byCodeUnits(a.tenant.name, b.tenant.name));

  const moves: Move[] = [];
  const maxMoves = options.maxMoves ?? Number.POSITIVE_INFINITY;
  while (moves.length < maxMoves) {
    const step = nextMove(groups, residents, loads);
    if (step === undefined) break;
    const { resident, to } = step;
    const from = resident.home;
    const reason = `evens out ${tier}: ${from.id} is ${pct(fillOf(from))} full, ${to.id} ${pct(fillOf(to))}`;
    loads.move(from, to, resident.demand);
    resident.home = to;
    moves.push({ tenant: resident.tenant.name, tier, from: from.key, to: to.key, reason });
  }
  return { moves, before, after: loads.snapshot(tiers) };
}

function nextMove(
  groups: readonly GroupLoad[],
  residents: readonly Resident[],
  loads: MoveLoads,
): { resident: Resident; to: GroupLoad } | undefined {
  const now = score(groups);
  const byFill = (dir: 1 | -1) => (a: GroupLoad, b: GroupLoad) => dir * (fillOf(a) - fillOf(b)) || byCodeUnits(a.id, b.id);
  const fullestFirst = [...groups].sort(byFill(-1));
  const emptiestFirst = [...groups].sort(byFill(1));
  for (const source of fullestFirst) {
    for (const resident of residents) {
      if (resident.home !== source) continue;
      for (const to of emptiestFirst) {
        if (fillOf(to) >= fillOf(source)) break;
        if (!allows(resident.tenant, to.key) || !fits(to, resident.demand)) continue;
        loads.move(source, to, resident.demand);
        const after = score(groups);
        loads.move(to, source, resident.demand);
        if (better(after, now)) return { resident, to };
      }
    }
  }
  return undefined;
}

/**
 * The move of one tenant to another infra group: in its own tier, or in another (a tier
 * migration). Without a named infra group the destination tier's strategy picks among those
 * the destination (and, within its own tier, the tenant's pin) allows: spread takes the least
 * full (the least full cell among equals), binpack the fullest that fits. A tenant's pin names
 * cells of its own tier, so a tier migration is bound by `to` only.
 */
export function migrationMoves(set: ManifestSet, current: PlacementResult, tenantName: string, to: Destination): MovePlan {
  const loads = new MoveLoads(set, current);
  const placement = current.placements.find((p) => p.tenant === tenantName);
  const tiers = new Set([to.tier, ...(placement === undefined ? [] : [placement.tier])]);
  const before = loads.snapshot(tiers);
  const refuse = (refused: string): MovePlan => ({ moves: [], before, after: before, refused });

  const tenant = tenantsByName(set).get(tenantName);
  if (tenant === undefined) return refuse(`unknown tenant ${tenantName}`);
  if (placement === undefined) return refuse(`${tenantName} is not placed, so there is nothing to move`);
  if (placement.infraGroups.length !== 1) {
    return refuse(`${tenantName} is already migrating (hosted by ${placement.infraGroups.map(infraGroupKeyString).join(' and ')})`);
  }
  const from = placement.infraGroups[0] === undefined ? undefined : loads.get(placement.infraGroups[0]);
  if (from === undefined) return refuse(`${tenantName}'s infra group is not in the manifests`);
  const capacity = loads.capacities.get(to.tier);
  if (capacity === undefined) return refuse(`unknown destination tier ${to.tier}`);
  const named = [to.tier, to.cell, to.infraGroup].filter((s) => s !== undefined).join('/');
  const inScope = loads
    .ofTier(to.tier)
    .filter((g) => (to.cell === undefined || g.key.cell === to.cell) && (to.infraGroup === undefined || g.key.infraGroup === to.infraGroup));
  if (inScope.length === 0) return refuse(`unknown destination ${named}: no such infra group`);
  const sameTier = to.tier === placement.tier;
  const candidates = inScope.filter((g) => g !== from && (!sameTier || allows(tenant, g.key)));
  if (candidates.length === 0) {
    return refuse(
      sameTier && inScope.some((g) => g !== from)
        ? `${tenantName} is pinned to ${JSON.stringify(tenant.spec.placement)}, which ${named} is outside`
        : `${tenantName} already lives in ${from.id}; ${named} offers nowhere else`,
    );
  }
  const clusters = tenant.spec.clusters;
  if (clusters > capacity.targetGroupsPerRule) {
    return refuse(`${tenantName} has ${clusters} clusters; a rule of ${to.tier} forwards to at most ${capacity.targetGroupsPerRule}`);
  }
  const demand = tenantDemand(clusters);
  const roomy = candidates.filter((g) => fits(g, demand));
  if (roomy.length === 0) {
    return refuse(`no room: ${candidates.length} of ${candidates.length} infra groups of ${named} are full for a tenant of ${clusters} clusters (after the ${capacity.headroomPercent}% headroom)`);
  }
  const strategy = set.tiers.find((t) => t.name === to.tier)?.spec.placement.strategy ?? 'spread';
  const chosen = pick(roomy, loads.ofTier(to.tier), strategy);
  const reason =
    to.infraGroup !== undefined && to.cell !== undefined
      ? `moved to ${chosen.id} as asked`
      : `${strategy} picks ${chosen.id} (${pct(fillOf(chosen))} full) in ${named}`;
  loads.move(from, chosen, demand);
  const move: Move = {
    tenant: tenantName,
    tier: placement.tier,
    from: from.key,
    to: chosen.key,
    ...(sameTier ? {} : { toTier: to.tier }),
    reason,
  };
  return { moves: [move], before, after: loads.snapshot(tiers) };
}

/** The strategy's choice; ties go to the least full cell (spread), then to name order. */
function pick(roomy: readonly GroupLoad[], tierGroups: readonly GroupLoad[], strategy: 'spread' | 'binpack'): GroupLoad {
  const cellFill = (cell: string): number => {
    const inCell = tierGroups.filter((g) => g.key.cell === cell);
    const used = { targetGroups: 0, rules: 0, tenants: 0 };
    for (const g of inCell) for (const d of DIMENSIONS) used[d] += g.used[d];
    return inCell[0] === undefined ? 0 : fillRatio(used, inCell[0].capacity, inCell.length);
  };
  const sign = strategy === 'spread' ? 1 : -1;
  const sorted = [...roomy].sort(
    (a, b) =>
      sign * (fillOf(a) - fillOf(b)) ||
      (strategy === 'spread' ? cellFill(a.key.cell) - cellFill(b.key.cell) : 0) ||
      byCodeUnits(a.id, b.id),
  );
  return sorted[0] as GroupLoad;
}
