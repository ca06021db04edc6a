// What a tenant costs an infra group and how much an infra group may hold (docs/design.md §5.1): one
// target group per ECS cluster, one listener rule and one tenant slot per tenant, each against
// a tier limit less the tier's headroom. Loads are mutable only inside one solver run.
import { TENANT_QUOTAS, type TenantQuota, type TenantQuotaAmounts } from '../account-quotas.js';
import { placeableOf, type InfraGroupKey, type TierLimits } from '../model.js';
import type { InfraGroupFill, Usage } from './placement-types.js';

/** The three things an infra group runs out of. */
export const DIMENSIONS = ['targetGroups', 'rules', 'tenants'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Amounts = Readonly<Record<Dimension, number>>;

/** The tier limit field that caps each dimension (named in remedies). */
export const LIMIT_FIELD: Readonly<Record<Dimension, keyof TierLimits>> = {
  targetGroups: 'targetGroupsPerLoadBalancer',
  rules: 'rulesPerListener',
  tenants: 'tenantsPerInfraGroup',
};

export const DIMENSION_LABEL: Readonly<Record<Dimension, string>> = {
  targetGroups: 'target groups',
  rules: 'rules',
  tenants: 'tenants',
};

/** A tenant of `clusters` ECS clusters: a target group each, behind one listener rule. */
export function tenantDemand(clusters: number): Amounts {
  return { targetGroups: clusters, rules: 1, tenants: 1 };
}


/** What a new tenant asks of an infra group and of its cell's share of the account quotas
 * (docs/capacity.md §2). `key` tells sizes apart: tenants of one key fit the same places. */
export interface TenantSize {
  readonly clusters: number;
  readonly quota: TenantQuotaAmounts;
  readonly key: string;
}

export function tenantSize(clusters: number, quota: TenantQuotaAmounts): TenantSize {
  return { clusters, quota, key: `${clusters}/${quota.networkInterfaces}/${quota.targetGroups}/${quota.ecsClusters}` };
}

/** A cell's share of its account's tenant quotas, and what new placements may fill of it. */
export interface CellQuotaCapacity {
  readonly limit: TenantQuotaAmounts;
  readonly placeable: TenantQuotaAmounts;
}

const UNLIMITED: TenantQuotaAmounts = { networkInterfaces: Infinity, targetGroups: Infinity, ecsClusters: Infinity };

export function cellQuotaCapacity(limit: TenantQuotaAmounts | undefined, headroomPercent: number): CellQuotaCapacity {
  if (limit === undefined) return { limit: UNLIMITED, placeable: UNLIMITED };
  return {
    limit,
    placeable: {
      networkInterfaces: placeableOf(limit.networkInterfaces, headroomPercent),
      targetGroups: placeableOf(limit.targetGroups, headroomPercent),
      ecsClusters: placeableOf(limit.ecsClusters, headroomPercent),
    },
  };
}

/** The capacity of every infra group of one tier (limits are per tier). */
export interface Capacity {
  readonly limit: Amounts;
  readonly placeable: Amounts;
  readonly headroomPercent: number;
  /** Most target groups one listener rule forwards to: a tenant's cluster ceiling. */
  readonly targetGroupsPerRule: number;
}

export function capacityOf(limits: TierLimits): Capacity {
  const limit: Amounts = {
    targetGroups: limits.targetGroupsPerLoadBalancer,
    rules: limits.rulesPerListener,
    tenants: limits.tenantsPerInfraGroup,
  };
  const placeable: Amounts = {
    targetGroups: placeableOf(limit.targetGroups, limits.headroomPercent),
    rules: placeableOf(limit.rules, limits.headroomPercent),
    tenants: placeableOf(limit.tenants, limits.headroomPercent),
  };
  return {
    limit,
    placeable,
    headroomPercent: limits.headroomPercent,
    targetGroupsPerRule: limits.targetGroupsPerRule,
  };
}

/** used / cap, with an empty cap counting as full. */
function ratio(used: number, cap: number): number {
  if (cap > 0) return used / cap;
  return used > 0 ? Number.POSITIVE_INFINITY : 1;
}

/** Fill of a set of `count` infra groups holding `used` in total: the tightest dimension, as a
 * share of what is placeable. Exact for equal usages, so ties stay ties. (Spelt out rather than
 * looped: the solver calls it on every heap update.) */
export function fillRatio(used: Amounts, capacity: Capacity, count = 1): number {
  const { placeable } = capacity;
  return Math.max(
    ratio(used.targetGroups, placeable.targetGroups * count),
    ratio(used.rules, placeable.rules * count),
    ratio(used.tenants, placeable.tenants * count),
  );
}

/** The load of one cell of a tier: summed over its infra groups, for spreading across cells. */
export class CellLoad {
  readonly used: Record<Dimension, number> = { targetGroups: 0, rules: 0, tenants: 0 };
  /** What the cell's tenants take of its share of the account quotas. */
  readonly quotaUsed: Record<TenantQuota, number> = { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
  infraGroups = 0;
  /** Bumped on every change, so that orderings computed earlier can tell they are stale. */
  version = 0;

  constructor(
    readonly tier: string,
    readonly name: string,
    readonly capacity: Capacity,
    readonly quota: CellQuotaCapacity = cellQuotaCapacity(undefined, 0),
  ) {}

  get fill(): number {
    return fillRatio(this.used, this.capacity, this.infraGroups);
  }

  /** The account quotas that keep `demand` out of this cell, against the placeable share. */
  quotaBlockedBy(demand: TenantQuotaAmounts): TenantQuota[] {
    return TENANT_QUOTAS.filter((q) => this.quotaUsed[q] + demand[q] > this.quota.placeable[q]);
  }

  fitsQuota(demand: TenantQuotaAmounts): boolean {
    const { quotaUsed: used } = this;
    const { placeable } = this.quota;
    return (
      used.networkInterfaces + demand.networkInterfaces <= placeable.networkInterfaces &&
      used.targetGroups + demand.targetGroups <= placeable.targetGroups &&
      used.ecsClusters + demand.ecsClusters <= placeable.ecsClusters
    );
  }
}

/** The load of one infra group during a solver run. */
export class InfraGroupLoad {
  readonly used: Record<Dimension, number> = { targetGroups: 0, rules: 0, tenants: 0 };
  version = 0;

  constructor(
    readonly key: InfraGroupKey,
    readonly cell: CellLoad,
    readonly capacity: Capacity,
    /** Position in the tier's infra groups sorted by cell, then name: breaks ties cheaply. */
    readonly rank: number,
  ) {
    cell.infraGroups += 1;
  }

  get fill(): number {
    return fillRatio(this.used, this.capacity);
  }

  /** Whether a tenant of `size` fits within what new placements may fill, here and in the
   * cell's share of the account quotas. */
  fitsTenant(size: TenantSize): boolean {
    const { used } = this;
    const { placeable } = this.capacity;
    return (
      used.targetGroups + size.clusters <= placeable.targetGroups &&
      used.rules + 1 <= placeable.rules &&
      used.tenants + 1 <= placeable.tenants &&
      this.cell.fitsQuota(size.quota)
    );
  }

  /** The dimensions that keep `demand` out, against the placeable share. */
  blockedBy(demand: Amounts): Dimension[] {
    return DIMENSIONS.filter((d) => this.used[d] + demand[d] > this.capacity.placeable[d]);
  }

  /** Whether `demand` would fit if the headroom were given up. */
  fitsWithinLimits(demand: Amounts, quota?: TenantQuotaAmounts): boolean {
    const cell = this.cell;
    return (
      DIMENSIONS.every((d) => this.used[d] + demand[d] <= this.capacity.limit[d]) &&
      (quota === undefined || TENANT_QUOTAS.every((q) => cell.quotaUsed[q] + quota[q] <= cell.quota.limit[q]))
    );
  }

  add(demand: Amounts, quota?: TenantQuotaAmounts): void {
    for (const d of DIMENSIONS) {
      this.used[d] += demand[d];
      this.cell.used[d] += demand[d];
    }
    if (quota !== undefined) for (const q of TENANT_QUOTAS) this.cell.quotaUsed[q] += quota[q];
    this.version += 1;
    this.cell.version += 1;
  }

  toFill(): InfraGroupFill {
    const usage = (d: Dimension): Usage => ({
      used: this.used[d],
      limit: this.capacity.limit[d],
      placeable: this.capacity.placeable[d],
    });
    return {
      key: this.key,
      targetGroups: usage('targetGroups'),
      rules: usage('rules'),
      tenants: usage('tenants'),
    };
  }
}
