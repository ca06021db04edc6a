// Candidate infra groups for new tenants, ordered by the tier's strategy (DESIGN §4).
// A pool is the set of infra groups a tenant may go to: its whole tier, or what its pin leaves.
// Each pool keeps one heap per cluster count holding the infra groups that still fit such a
// tenant, so choosing costs O(log n). Loads only grow during a run, which lets heaps be lazy:
// an entry remembers the versions it was ordered with, and a stale entry met at the top is
// dropped (its infra group changed and was pushed again) or re-ordered (only its cell changed).
import { BinaryHeap } from './binary-heap.js';
import { tenantDemand, type Amounts, type InfraGroupLoad } from './capacity.js';
import type { PlacementStrategy } from './model.js';

/** Where a tenant may go: its tier, narrowed by a pin to a cell and/or an infra group name. */
export interface Scope {
  readonly tier: string;
  readonly cell?: string;
  readonly infraGroup?: string;
}

interface Entry {
  readonly load: InfraGroupLoad;
  readonly fill: number;
  readonly cellFill: number;
  readonly version: number;
  readonly cellVersion: number;
}

function entryOf(load: InfraGroupLoad): Entry {
  return {
    load,
    fill: load.fill,
    cellFill: load.cell.fill,
    version: load.version,
    cellVersion: load.cell.version,
  };
}

/** Names decide what the numbers leave tied: cell, then infra group (code-unit order, so no
 * locale can change a placement). */
function namesBefore(a: InfraGroupLoad, b: InfraGroupLoad): boolean {
  if (a.key.cell !== b.key.cell) return a.key.cell < b.key.cell;
  return a.key.infraGroup < b.key.infraGroup;
}

const BEFORE: Readonly<Record<PlacementStrategy, (a: Entry, b: Entry) => boolean>> = {
  // Least loaded infra group; among equals, the least loaded cell, so tenants spread across
  // cells (accounts) first.
  spread: (a, b) => {
    if (a.fill !== b.fill) return a.fill < b.fill;
    if (a.cellFill !== b.cellFill) return a.cellFill < b.cellFill;
    return namesBefore(a.load, b.load);
  },
  // Fullest infra group that still fits.
  binpack: (a, b) => {
    if (a.fill !== b.fill) return a.fill > b.fill;
    return namesBefore(a.load, b.load);
  },
};

export class CandidatePool {
  private readonly heaps = new Map<number, BinaryHeap<Entry>>();
  /** Bumped whenever a member changes: lets callers cache what they derived from the pool. */
  version = 0;

  constructor(
    readonly scope: Scope,
    readonly members: readonly InfraGroupLoad[],
    private readonly strategy: PlacementStrategy,
  ) {}

  /** The infra group the strategy picks for a tenant of `clusters` clusters, if any fits. */
  best(clusters: number): InfraGroupLoad | undefined {
    const heap = this.heapFor(clusters);
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      if (top.version !== top.load.version) {
        heap.pop();
      } else if (this.strategy === 'spread' && top.cellVersion !== top.load.cell.version) {
        heap.pop();
        heap.push(entryOf(top.load));
      } else {
        return top.load;
      }
    }
  }

  /** A member's load grew: order it again wherever it still fits. */
  changed(load: InfraGroupLoad): void {
    this.version += 1;
    for (const [clusters, heap] of this.heaps) {
      if (load.fits(tenantDemand(clusters))) heap.push(entryOf(load));
    }
  }

  private heapFor(clusters: number): BinaryHeap<Entry> {
    let heap = this.heaps.get(clusters);
    if (heap === undefined) {
      heap = new BinaryHeap(BEFORE[this.strategy]);
      const demand = tenantDemand(clusters);
      for (const load of this.members) if (load.fits(demand)) heap.push(entryOf(load));
      this.heaps.set(clusters, heap);
    }
    return heap;
  }
}

/** Every pool of one solver run, made on first use, and the one way to add load to an infra
 * group so that every pool holding it hears of it. */
export class CandidatePools {
  private readonly pools = new Map<string, CandidatePool>();
  private readonly poolsOf = new Map<InfraGroupLoad, CandidatePool[]>();

  constructor(
    /** Each tier's infra groups, sorted by cell and name. */
    private readonly infraGroupsOf: (tier: string) => readonly InfraGroupLoad[],
    private readonly strategyOf: (tier: string) => PlacementStrategy,
  ) {}

  get(scope: Scope): CandidatePool {
    const id = `${scope.tier}\u0000${scope.cell ?? ''}\u0000${scope.infraGroup ?? ''}`;
    let pool = this.pools.get(id);
    if (pool === undefined) {
      const members = this.infraGroupsOf(scope.tier).filter(
        (load) =>
          (scope.cell === undefined || load.key.cell === scope.cell) &&
          (scope.infraGroup === undefined || load.key.infraGroup === scope.infraGroup),
      );
      pool = new CandidatePool(scope, members, this.strategyOf(scope.tier));
      for (const load of members) {
        const list = this.poolsOf.get(load);
        if (list === undefined) this.poolsOf.set(load, [pool]);
        else list.push(pool);
      }
      this.pools.set(id, pool);
    }
    return pool;
  }

  add(load: InfraGroupLoad, demand: Amounts): void {
    load.add(demand);
    for (const pool of this.poolsOf.get(load) ?? []) pool.changed(load);
  }
}
