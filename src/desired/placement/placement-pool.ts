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
import type { TenantQuotaAmounts } from '../account-quotas.js';
import type { Amounts, CellLoad, InfraGroupLoad, TenantSize } from './capacity.js';
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
  private readonly heaps = new Map<string, { readonly size: TenantSize; readonly heap: BinaryHeap<MemberEntry> }>();
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

  best(size: TenantSize): InfraGroupLoad | undefined {
    let entry = this.heaps.get(size.key);
    if (entry === undefined) {
      entry = { size, heap: new BinaryHeap(this.order.member) };
      for (const load of this.members) if (load.fitsTenant(size)) entry.heap.push(memberEntry(load));
      this.heaps.set(size.key, entry);
    }
    const { heap } = entry;
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      // A current entry can still have stopped fitting: the cell's share of the account
      // quotas is taken by any of its members, and only ever grows within a run.
      if (top.version === top.load.version && top.load.fitsTenant(size)) return top.load;
      heap.pop();
    }
  }

  changed(load: InfraGroupLoad): void {
    this.version += 1;
    if (!this.memberSet.has(load)) return;
    for (const { size, heap } of this.heaps.values()) if (load.fitsTenant(size)) heap.push(memberEntry(load));
  }

  retire(key: string): void {
    this.heaps.delete(key);
  }
}

function memberEntry(load: InfraGroupLoad): MemberEntry {
  return { load, fill: load.fill, version: load.version };
}

export class CandidatePool {
  private readonly heaps = new Map<string, { readonly size: TenantSize; readonly heap: BinaryHeap<CellEntry> }>();
  private readonly groups = new Map<CellLoad, CellGroup>();
  /** Tenants still to be placed through this pool, by size key. */
  private readonly expected = new Map<string, number>();
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

  /** The infra group the strategy picks for a tenant of `size`, if any fits. */
  best(size: TenantSize): InfraGroupLoad | undefined {
    let entry = this.heaps.get(size.key);
    if (entry === undefined) {
      entry = { size, heap: new BinaryHeap(this.order.cell) };
      for (const group of this.groups.values()) this.offer(entry.heap, group, size);
      this.heaps.set(size.key, entry);
    }
    const { heap } = entry;
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      const found = top.version === top.group.version ? top.group.best(size) : undefined;
      if (found !== undefined) return found;
      heap.pop();
    }
  }

  /** A tenant of `size` will be placed through this pool. */
  expect(size: TenantSize): void {
    this.expected.set(size.key, (this.expected.get(size.key) ?? 0) + 1);
  }

  /** An expected tenant was placed or refused; the last of its size retires its heaps. */
  settled(size: TenantSize): void {
    const left = (this.expected.get(size.key) ?? 0) - 1;
    this.expected.set(size.key, left);
    if (left > 0) return;
    this.heaps.delete(size.key);
    for (const group of this.groups.values()) group.retire(size.key);
  }

  /** `load`, in one of this pool's cells, grew: re-key its cell (and it, if a member). */
  changed(load: InfraGroupLoad): void {
    const group = this.groups.get(load.cell);
    if (group === undefined) return;
    this.version += 1;
    group.changed(load);
    for (const { size, heap } of this.heaps.values()) this.offer(heap, group, size);
  }

  private offer(heap: BinaryHeap<CellEntry>, group: CellGroup, size: TenantSize): void {
    const best = group.best(size);
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

  add(load: InfraGroupLoad, demand: Amounts, quota?: TenantQuotaAmounts): void {
    load.add(demand, quota);
    for (const pool of this.poolsOf.get(load.cell) ?? []) pool.changed(load);
  }
}
