// Candidate infra groups for new tenants, ordered by the tier's strategy (docs/design.md §5.3).
// A pool is the set of infra groups a tenant may go to: its whole tier, or what its pin leaves.
//
// Choosing must cost O(log n), not a scan, and spread's tie-break reads the load of a whole
// cell, which changes with every placement in it. So a pool is two levels of heaps, one pair
// per cluster count: per cell, the members that still fit such a tenant, best first; above
// them, the cells, each keyed by its best member (and, for spread, the cell's own load). A
// placement changes one cell, so it re-keys one entry per level instead of every member of
// the cell. Heaps are lazy: an entry remembers the version it was made from, and a newer entry
// is pushed on every change, so a stale entry is dropped when it surfaces. A heap lives only
// while tenants of its cluster count remain to be placed through the pool.
import { BinaryHeap } from './binary-heap.js';
import type { Amounts, CellLoad, InfraGroupLoad } from './capacity.js';
import type { PlacementStrategy } from '../model.js';

/** Where a tenant may go: its tier, narrowed by a pin to a cell and/or an infra group name. */
export interface Scope {
  readonly tier: string;
  readonly cell?: string;
  readonly infraGroup?: string;
}

interface MemberEntry {
  readonly load: InfraGroupLoad;
  readonly fill: number;
  readonly version: number;
}

interface CellEntry {
  readonly group: CellGroup;
  /** The fill of the group's best member that fits. */
  readonly fill: number;
  readonly cellFill: number;
  readonly rank: number;
  readonly version: number;
}

interface Order {
  readonly member: (a: MemberEntry, b: MemberEntry) => boolean;
  readonly cell: (a: CellEntry, b: CellEntry) => boolean;
}

// Ranks follow the sorted names (cell, then infra group), so they decide what the numbers
// leave tied.
const ORDERS: Readonly<Record<PlacementStrategy, Order>> = {
  // Least loaded infra group; among equals, the least loaded cell, so that tenants spread
  // across cells (accounts) first.
  spread: {
    member: (a, b) => (a.fill !== b.fill ? a.fill < b.fill : a.load.rank < b.load.rank),
    cell: (a, b) => {
      if (a.fill !== b.fill) return a.fill < b.fill;
      if (a.cellFill !== b.cellFill) return a.cellFill < b.cellFill;
      return a.rank < b.rank;
    },
  },
  // Fullest infra group that still fits.
  binpack: {
    member: (a, b) => (a.fill !== b.fill ? a.fill > b.fill : a.load.rank < b.load.rank),
    cell: (a, b) => (a.fill !== b.fill ? a.fill > b.fill : a.rank < b.rank),
  },
};

/** The members of one pool that sit in one cell. */
class CellGroup {
  private readonly heaps = new Map<number, BinaryHeap<MemberEntry>>();
  version = 0;
  readonly rank: number;
  private readonly memberSet: ReadonlySet<InfraGroupLoad>;

  constructor(
    readonly cell: CellLoad,
    readonly members: readonly InfraGroupLoad[],
    private readonly order: Order,
  ) {
    this.rank = members[0]?.rank ?? 0;
    this.memberSet = new Set(members);
  }

  best(clusters: number): InfraGroupLoad | undefined {
    let heap = this.heaps.get(clusters);
    if (heap === undefined) {
      heap = new BinaryHeap(this.order.member);
      for (const load of this.members) if (load.fitsTenant(clusters)) heap.push(memberEntry(load));
      this.heaps.set(clusters, heap);
    }
    for (;;) {
      const top = heap.peek();
      if (top === undefined || top.version === top.load.version) return top?.load;
      heap.pop();
    }
  }

  changed(load: InfraGroupLoad): void {
    this.version += 1;
    if (!this.memberSet.has(load)) return;
    for (const [clusters, heap] of this.heaps) if (load.fitsTenant(clusters)) heap.push(memberEntry(load));
  }

  retire(clusters: number): void {
    this.heaps.delete(clusters);
  }
}

function memberEntry(load: InfraGroupLoad): MemberEntry {
  return { load, fill: load.fill, version: load.version };
}

export class CandidatePool {
  private readonly heaps = new Map<number, BinaryHeap<CellEntry>>();
  private readonly groups = new Map<CellLoad, CellGroup>();
  /** Tenants still to be placed through this pool, by cluster count. */
  private readonly expected = new Map<number, number>();
  private readonly order: Order;
  /** Bumped whenever a member's cell changes: lets callers cache what they derived. */
  version = 0;

  constructor(
    readonly scope: Scope,
    /** Sorted by cell, then name. */
    readonly members: readonly InfraGroupLoad[],
    strategy: PlacementStrategy,
  ) {
    this.order = ORDERS[strategy];
    const byCell = new Map<CellLoad, InfraGroupLoad[]>();
    for (const load of members) {
      const list = byCell.get(load.cell);
      if (list === undefined) byCell.set(load.cell, [load]);
      else list.push(load);
    }
    for (const [cell, list] of byCell) this.groups.set(cell, new CellGroup(cell, list, this.order));
  }

  get cells(): Iterable<CellLoad> {
    return this.groups.keys();
  }

  /** The infra group the strategy picks for a tenant of `clusters` clusters, if any fits. */
  best(clusters: number): InfraGroupLoad | undefined {
    let heap = this.heaps.get(clusters);
    if (heap === undefined) {
      heap = new BinaryHeap(this.order.cell);
      for (const group of this.groups.values()) this.offer(heap, group, clusters);
      this.heaps.set(clusters, heap);
    }
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      if (top.version === top.group.version) return top.group.best(clusters);
      heap.pop();
    }
  }

  /** A tenant of `clusters` clusters will be placed through this pool. */
  expect(clusters: number): void {
    this.expected.set(clusters, (this.expected.get(clusters) ?? 0) + 1);
  }

  /** An expected tenant was placed or refused; the last of its size retires its heaps. */
  settled(clusters: number): void {
    const left = (this.expected.get(clusters) ?? 0) - 1;
    this.expected.set(clusters, left);
    if (left > 0) return;
    this.heaps.delete(clusters);
    for (const group of this.groups.values()) group.retire(clusters);
  }

  /** `load`, in one of this pool's cells, grew: re-key its cell (and it, if a member). */
  changed(load: InfraGroupLoad): void {
    const group = this.groups.get(load.cell);
    if (group === undefined) return;
    this.version += 1;
    group.changed(load);
    for (const [clusters, heap] of this.heaps) this.offer(heap, group, clusters);
  }

  private offer(heap: BinaryHeap<CellEntry>, group: CellGroup, clusters: number): void {
    const best = group.best(clusters);
    if (best === undefined) return;
    heap.push({ group, fill: best.fill, cellFill: group.cell.fill, rank: group.rank, version: group.version });
  }
}

/** Every pool of one solver run, made on first use, and the one way to add load to an infra
 * group so that every pool sharing its cell hears of it. */
export class CandidatePools {
  private readonly pools = new Map<string, CandidatePool>();
  private readonly poolsOf = new Map<CellLoad, CandidatePool[]>();

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
      for (const cell of pool.cells) {
        const list = this.poolsOf.get(cell);
        if (list === undefined) this.poolsOf.set(cell, [pool]);
        else list.push(pool);
      }
      this.pools.set(id, pool);
    }
    return pool;
  }

  add(load: InfraGroupLoad, demand: Amounts): void {
    load.add(demand);
    for (const pool of this.poolsOf.get(load.cell) ?? []) pool.changed(load);
  }
}
