// The load of every infra group while a plan of moves is worked out (docs/design.md §5.4): read from a
// PlacementResult's fill, changed move by move. Mutable only inside one planning run.
import { capacityOf, DIMENSIONS, fillRatio, type Amounts, type Capacity, type Dimension } from './capacity.js';
import { infraGroupKeyString, type InfraGroupKey, type ManifestSet } from '../model.js';
import type { InfraGroupFill, PlacementResult, Usage } from './placement-types.js';

/** An infra group's fill with its ratio: the tightest dimension as a share of what is placeable. */
export interface MoveFill extends InfraGroupFill {
  readonly ratio: number;
}

export interface GroupLoad {
  readonly key: InfraGroupKey;
  readonly id: string;
  readonly used: Record<Dimension, number>;
  readonly capacity: Capacity;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fillOf(g: GroupLoad): number {
  return fillRatio(g.used, g.capacity);
}

/** Whether `demand` fits within what new placements may fill (the headroom stays free). */
export function fits(g: GroupLoad, demand: Amounts): boolean {
  return DIMENSIONS.every((d) => g.used[d] + demand[d] <= g.capacity.placeable[d]);
}

export class MoveLoads {
  /** Sorted by tier, cell, infra group: the order that breaks every tie. */
  readonly groups: readonly GroupLoad[];
  readonly capacities = new Map<string, Capacity>();

  constructor(set: ManifestSet, current: PlacementResult) {
    for (const tier of set.tiers) {
      if (!this.capacities.has(tier.name)) this.capacities.set(tier.name, capacityOf(tier.spec.limits));
    }
    const groups: GroupLoad[] = [];
    for (const f of current.fill) {
      const capacity = this.capacities.get(f.key.tier);
      if (capacity === undefined) continue;
      const used = { targetGroups: f.targetGroups.used, rules: f.rules.used, tenants: f.tenants.used };
      groups.push({ key: f.key, id: infraGroupKeyString(f.key), used, capacity });
    }
    this.groups = groups.sort((a, b) => byCodeUnits(a.id, b.id));
  }

  ofTier(tier: string): GroupLoad[] {
    return this.groups.filter((g) => g.key.tier === tier);
  }

  get(key: InfraGroupKey): GroupLoad | undefined {
    const id = infraGroupKeyString(key);
    return this.groups.find((g) => g.id === id);
  }

  move(from: GroupLoad, to: GroupLoad, demand: Amounts): void {
    for (const d of DIMENSIONS) {
      from.used[d] -= demand[d];
      to.used[d] += demand[d];
    }
  }

  /** The fill of every infra group of `tiers`, as it stands now. */
  snapshot(tiers: ReadonlySet<string>): MoveFill[] {
    return this.groups
      .filter((g) => tiers.has(g.key.tier))
      .map((g) => {
        const usage = (d: Dimension): Usage => ({ used: g.used[d], limit: g.capacity.limit[d], placeable: g.capacity.placeable[d] });
        return { key: g.key, targetGroups: usage('targetGroups'), rules: usage('rules'), tenants: usage('tenants'), ratio: fillOf(g) };
      });
  }
}
