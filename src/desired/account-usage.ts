// What a manifest set asks of each AWS account (docs/capacity.md §2): cells that share an
// account and region share its quotas, whichever tier they belong to. The infra groups' own
// resources (ALB, listener, interface endpoints and their network interfaces) are fixed by the
// manifests; what tenants consume (a network interface per task, a target group and an ECS
// cluster per tenant cluster) is packed by placement into each cell's share of the account.
import {
  ACCOUNT_QUOTAS,
  accountRegionKey,
  decideQuota,
  NO_APPLIED_QUOTAS,
  TENANT_QUOTAS,
  type AccountQuota,
  type AccountQuotas,
  type AppliedQuotas,
  type QuotaSource,
  type TenantQuotaAmounts,
} from './account-quotas.js';
import type { Cell, InfraGroup, InfraGroupSpec, ManifestSet, ResourceRef, Tier, TenantSpec } from './model.js';

/** An ALB needs subnets in at least two Availability Zones; a subnet given by a Name tag is
 * counted as the floor, since how many it stands for is only known in AWS. */
export const MIN_LOAD_BALANCER_SUBNETS = 2;

/** Tasks one ECS service of the tenant may run: awsvpc gives each its own network interface.
 * With autoscaling the autoscaler may go up to maxCapacity, so that is what is reserved. */
export function tasksPerCluster(spec: TenantSpec): number {
  return spec.workload.autoscaling?.maxCapacity ?? spec.workload.desiredCount;
}

/** What one tenant consumes of its cell's account. */
export function tenantQuotaDemand(spec: TenantSpec): TenantQuotaAmounts {
  return { networkInterfaces: spec.clusters * tasksPerCluster(spec), targetGroups: spec.clusters, ecsClusters: spec.clusters };
}

export function subnetCount(spec: InfraGroupSpec): number {
  const subnets = spec.subnets;
  return 'ids' in subnets ? Math.max(subnets.ids.length, 1) : MIN_LOAD_BALANCER_SUBNETS;
}

/** Network interfaces of an infra group's own: one per subnet for its ALB and for each interface
 * endpoint (an ALB adds nodes as it scales; this is the floor). */
export function infraGroupNetworkInterfaces(spec: InfraGroupSpec, tier: Tier | undefined): number {
  return subnetCount(spec) * (1 + (tier?.spec.downstreams.length ?? 0));
}

function refKey(ref: ResourceRef): string {
  return 'id' in ref ? `id:${ref.id}` : `name:${ref.name}`;
}

/** The VPCs of an account and the interface endpoints placed in each. */
export interface VpcFootprint {
  readonly vpc: string;
  readonly infraGroups: readonly InfraGroup[];
  readonly endpoints: number;
}

/** One account and region as the whole set uses it. */
export interface AccountFootprint {
  readonly key: string;
  readonly accountId: string;
  readonly region: string;
  /** Every cell in it, of any tier, sorted by tier then name. */
  readonly cells: readonly Cell[];
  readonly infraGroups: readonly InfraGroup[];
  readonly quotas: AccountQuotas;
  readonly sources: Readonly<Record<AccountQuota, QuotaSource>>;
  /** What the infra groups hold whatever the tenants: one ALB each, its network interfaces. */
  readonly fixed: { readonly loadBalancers: number; readonly networkInterfaces: number };
  readonly vpcs: readonly VpcFootprint[];
}

/** A cell's part of its account's tenant quotas (docs/capacity.md §2.2). */
export interface CellQuota {
  readonly account: string;
  /** What tenants of this cell may consume: its share of the account quota left after every
   * infra group's own network interfaces, in proportion to its infra groups. */
  readonly limit: TenantQuotaAmounts;
}

/** `tier/cell`. */
export function cellKey(tier: string, cell: string): string {
  return `${tier}/${cell}`;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every account and region the set's cells are in, with the quotas that apply there. */
export function accountFootprints(set: ManifestSet, applied: AppliedQuotas = NO_APPLIED_QUOTAS): Map<string, AccountFootprint> {
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));
  const cellsByKey = new Map<string, Cell[]>();
  const accountOfCell = new Map<string, string>();
  for (const cell of set.cells) {
    const tier = tierByName.get(cell.spec.tier);
    if (tier === undefined || accountOfCell.has(cellKey(cell.spec.tier, cell.name))) continue;
    const key = accountRegionKey(cell.spec.accountId, tier.spec.region);
    accountOfCell.set(cellKey(cell.spec.tier, cell.name), key);
    const list = cellsByKey.get(key);
    if (list === undefined) cellsByKey.set(key, [cell]);
    else list.push(cell);
  }
  const groupsByKey = new Map<string, InfraGroup[]>();
  for (const ig of set.infraGroups) {
    const key = accountOfCell.get(cellKey(ig.spec.tier, ig.spec.cell));
    if (key === undefined) continue;
    const list = groupsByKey.get(key);
    if (list === undefined) groupsByKey.set(key, [ig]);
    else list.push(ig);
  }
  const out = new Map<string, AccountFootprint>();
  for (const [key, cells] of [...cellsByKey].sort(([a], [b]) => byName(a, b))) {
    cells.sort((a, b) => byName(a.spec.tier, b.spec.tier) || byName(a.name, b.name));
    const infraGroups = groupsByKey.get(key) ?? [];
    const overrides = cells.map((c) => c.spec.quotas);
    const quotas: Partial<Record<AccountQuota, number>> = {};
    const sources: Partial<Record<AccountQuota, QuotaSource>> = {};
    for (const q of ACCOUNT_QUOTAS) {
      const decided = decideQuota(q, overrides, applied.get(key));
      quotas[q] = decided.value;
      sources[q] = decided.source;
    }
    let networkInterfaces = 0;
    const vpcs = new Map<string, { infraGroups: InfraGroup[]; endpoints: number }>();
    for (const ig of infraGroups) {
      const tier = tierByName.get(ig.spec.tier);
      networkInterfaces += infraGroupNetworkInterfaces(ig.spec, tier);
      const vpc = refKey(ig.spec.vpc);
      const entry = vpcs.get(vpc) ?? { infraGroups: [], endpoints: 0 };
      entry.infraGroups.push(ig);
      entry.endpoints += tier?.spec.downstreams.length ?? 0;
      vpcs.set(vpc, entry);
    }
    const [accountId, region] = key.split('/') as [string, string];
    out.set(key, {
      key,
      accountId,
      region,
      cells,
      infraGroups,
      quotas: quotas as AccountQuotas,
      sources: sources as Record<AccountQuota, QuotaSource>,
      fixed: { loadBalancers: infraGroups.length, networkInterfaces },
      vpcs: [...vpcs].sort(([a], [b]) => byName(a, b)).map(([vpc, v]) => ({ vpc, ...v })),
    });
  }
  return out;
}

/** Each cell's share of its account's tenant quotas, by cellKey. Sharing by infra groups keeps
 * tiers that share an account apart: each tier's pass places against its own cells' shares and
 * never needs the other tiers' placements, yet the shares together never exceed the account. */
export function cellQuotas(set: ManifestSet, applied: AppliedQuotas = NO_APPLIED_QUOTAS): Map<string, CellQuota> {
  const out = new Map<string, CellQuota>();
  for (const account of accountFootprints(set, applied).values()) {
    const groupsOf = new Map<string, number>();
    for (const ig of account.infraGroups) {
      const k = cellKey(ig.spec.tier, ig.spec.cell);
      groupsOf.set(k, (groupsOf.get(k) ?? 0) + 1);
    }
    const total = account.infraGroups.length;
    const available: Record<string, number> = {};
    for (const q of TENANT_QUOTAS) {
      available[q] = Math.max(0, account.quotas[q] - (q === 'networkInterfaces' ? account.fixed.networkInterfaces : 0));
    }
    for (const cell of account.cells) {
      const k = cellKey(cell.spec.tier, cell.name);
      const groups = groupsOf.get(k) ?? 0;
      const share = (q: string) => (total === 0 ? 0 : Math.floor(((available[q] ?? 0) * groups) / total));
      out.set(k, {
        account: account.key,
        limit: { networkInterfaces: share('networkInterfaces'), targetGroups: share('targetGroups'), ecsClusters: share('ecsClusters') },
      });
    }
  }
  return out;
}
