// The capacity advisor (docs/capacity.md §4): per tier, how much of every account quota and
// per-ALB limit each cell and infra group uses, how many more tenants of the tier's typical size
// fit (found by placing them, so the tier's strategy and pins decide), and the reference's lever:
// add an infra group while the accounts have room, add a cell once they approach their quotas.
// Pure: manifests, placements and quotas in, figures out.
import { ACCOUNT_QUOTAS, TENANT_QUOTAS, type AccountQuota, type AppliedQuotas, type QuotaSource, type TenantQuota } from '../account-quotas.js';
import { accountFootprints, cellKey, cellQuotas, tenantQuotaDemand, type AccountFootprint, type CellQuota } from '../account-usage.js';
import { infraGroupKeyString, placeableOf, type ManifestSet, type Tenant, type TenantSpec } from '../model.js';
import { place } from './placement.js';
import type { PlacementResult, Usage } from './placement-types.js';

const QUOTA_WORD: Readonly<Record<TenantQuota, string>> = { networkInterfaces: 'ENI', targetGroups: 'target group', ecsClusters: 'ECS cluster' };

/** Used at or past this share of what is placeable, a quota or limit is "approaching". */
export const NEAR_FULL = 0.8;

export interface QuotaUse {
  readonly used: number;
  readonly limit: number;
}

export interface AccountQuotaUse extends QuotaUse {
  readonly source: QuotaSource;
}

export interface InfraGroupCapacity {
  readonly infraGroup: string;
  readonly targetGroups: Usage;
  readonly rules: Usage;
  readonly tenants: Usage;
  readonly listeners: QuotaUse;
  /** Interface endpoints in its VPC (shared with the other infra groups in that VPC). */
  readonly vpcEndpoints: QuotaUse;
  /** More tenants of the typical size it could take alone, by its own limits. */
  readonly moreTenants: number;
}

export interface CellCapacity {
  readonly cell: string;
  readonly accountId: string;
  readonly region: string;
  /** The account's quotas, used by every cell sharing it (whatever their tier). */
  readonly account: Readonly<Record<AccountQuota, AccountQuotaUse>>;
  /** This cell's share of the account's tenant quotas (docs/capacity.md §2.2). */
  readonly share: Readonly<Record<TenantQuota, Usage>>;
  readonly infraGroups: readonly InfraGroupCapacity[];
  /** More tenants of the typical size placement would put in this cell. */
  readonly moreTenants: number;
}

export type Lever =
  | { readonly lever: 'none' }
  | { readonly lever: 'infra-group'; readonly cell: string }
  | { readonly lever: 'cell' };

export type Advice = Lever & { readonly text: string };

export interface TierCapacity {
  readonly tier: string;
  readonly typical: { readonly clusters: number; readonly networkInterfaces: number };
  readonly moreTenants: number;
  readonly cells: readonly CellCapacity[];
  readonly advice: Advice;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The median tenant by network interfaces (then clusters, then name): a tier's typical size. */
function typicalSpec(set: ManifestSet, tier: string): TenantSpec | undefined {
  const tenants = set.tenants.filter((t) => t.spec.tier === tier);
  const sorted = [...tenants].sort(
    (a, b) => tenantQuotaDemand(a.spec).networkInterfaces - tenantQuotaDemand(b.spec).networkInterfaces || a.spec.clusters - b.spec.clusters || byName(a.name, b.name),
  );
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median !== undefined) return median.spec;
  const t = set.tiers.find((x) => x.name === tier);
  return t === undefined ? undefined : { tier, clusters: 1, workload: t.spec.workload, alarms: t.spec.alarms, placement: {}, suspend: false };
}

const PROBE = '~capacity-probe-';

/** How many more tenants like `spec` placement would take, and where: the tier's placed
 * tenants kept where they are, then probes placed as new tenants until one fits nowhere. */
function probe(set: ManifestSet, tier: string, placement: PlacementResult, spec: TenantSpec, quotas: ReadonlyMap<string, CellQuota>): Map<string, number> {
  const bound = placement.fill.reduce((n, f) => n + Math.max(0, f.tenants.placeable - f.tenants.used), 0);
  const placedNames = new Set(placement.placements.map((p) => p.tenant));
  const kept = set.tenants.filter((t) => t.spec.tier === tier && placedNames.has(t.name));
  const source = { file: '', line: 0, col: 0 };
  const probes: Tenant[] = Array.from({ length: bound }, (_, i) => ({ kind: 'Tenant', name: `${PROBE}${String(i).padStart(6, '0')}`, source, spec: { ...spec, placement: {} } }));
  const subset: ManifestSet = {
    tiers: set.tiers.filter((t) => t.name === tier),
    cells: set.cells.filter((c) => c.spec.tier === tier),
    infraGroups: set.infraGroups.filter((g) => g.spec.tier === tier),
    tenants: [...kept, ...probes],
  };
  const live = new Map(placement.placements.map((p) => [p.tenant, p.infraGroups]));
  const where = new Map<string, number>();
  for (const p of place(subset, live, quotas).placements) {
    if (!p.tenant.startsWith(PROBE)) continue;
    const id = infraGroupKeyString(p.infraGroups[0]!);
    where.set(id, (where.get(id) ?? 0) + 1);
  }
  return where;
}

/** Tenant quota usage per cell (`tier/cell`) from every placement known, home infra group only
 * counted once per tenant per cell. */
function usageByCell(set: ManifestSet, placements: readonly PlacementResult[]): Map<string, Record<TenantQuota, number>> {
  const specOf = new Map(set.tenants.map((t) => [t.name, t.spec]));
  const out = new Map<string, Record<TenantQuota, number>>();
  for (const result of placements) {
    for (const p of result.placements) {
      const spec = specOf.get(p.tenant);
      if (spec === undefined) continue;
      const demand = tenantQuotaDemand(spec);
      for (const key of new Set(p.infraGroups.map((k) => cellKey(k.tier, k.cell)))) {
        const used = out.get(key) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
        for (const q of TENANT_QUOTAS) used[q] += demand[q];
        out.set(key, used);
      }
    }
  }
  return out;
}

function roomFor(u: Usage, need: number): number {
  return need <= 0 ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((u.placeable - u.used) / need));
}

/** What new placements may still take of a share: placeable less used. */
function shareRoom(u: Usage): number {
  return Math.max(0, u.placeable - u.used);
}

function pressure(u: Usage): number {
  if (u.placeable > 0) return u.used / u.placeable;
  return 1;
}

function advise(tier: string, cells: readonly CellCapacity[], moreTenants: number, typical: TierCapacity['typical']): Advice {
  const room = `room for ${plural(moreTenants, 'more tenant')} of the typical size (${plural(typical.clusters, 'cluster')}, ${plural(typical.networkInterfaces, 'ENI')})`;
  if (cells.length === 0) return { lever: 'cell', text: `add a cell: ${tier} has none` };
  const withGroups = cells.filter((c) => c.infraGroups.length > 0);
  // Why each cell cannot grow: its tightest tenant quota, or no ALB left in its account.
  const blocked = cells.map((c) => {
    // A cell without infra groups has no share yet: its account's own use says whether it can grow.
    const use = (q: TenantQuota): Usage => (c.infraGroups.length > 0 ? c.share[q] : { ...c.account[q], placeable: c.account[q].limit });
    const [q, u] = TENANT_QUOTAS.map((q) => [q, use(q)] as const).sort((a, b) => pressure(b[1]) - pressure(a[1]))[0]!;
    const albRoom = c.account.loadBalancers.limit - c.account.loadBalancers.used;
    return { cell: c, quota: q, pressure: pressure(u), albRoom, eniRoom: shareRoom(use('networkInterfaces')) };
  });
  const open = blocked.filter((b) => b.pressure < NEAR_FULL && b.albRoom >= 1);
  const infraFill = withGroups.flatMap((c) => c.infraGroups).reduce(
    (acc, g) => {
      for (const k of ['targetGroups', 'rules', 'tenants'] as const) {
        acc[k].used += g[k].used;
        acc[k].placeable += g[k].placeable;
      }
      return acc;
    },
    { targetGroups: { used: 0, placeable: 0 }, rules: { used: 0, placeable: 0 }, tenants: { used: 0, placeable: 0 } },
  );
  const groupsNear = withGroups.length === 0 || Object.values(infraFill).some((u) => pressure({ ...u, limit: u.placeable }) >= NEAR_FULL) || moreTenants === 0;
  if (open.length === 0) {
    const why = blocked.map((b) =>
      b.pressure >= NEAR_FULL
        ? `${b.cell.cell} at ${percent(b.pressure)} of its ${QUOTA_WORD[b.quota]} quota`
        : `${b.cell.cell} with no room for another ALB (${b.cell.account.loadBalancers.used}/${b.cell.account.loadBalancers.limit})`,
    );
    const same = blocked.every((b) => b.pressure >= NEAR_FULL && b.quota === blocked[0]!.quota);
    const shares = [...new Set(blocked.map((b) => percent(b.pressure)))];
    const text = same && blocked.length > 1
      ? `add a cell (${listed(blocked.map((b) => b.cell.cell))} at ${listed(shares.length === 1 ? shares : blocked.map((b) => percent(b.pressure)))} of their ${QUOTA_WORD[blocked[0]!.quota]} quota)`
      : `add a cell (${listed(why)})`;
    return { lever: 'cell', text: `${text}; ${room}` };
  }
  if (groupsNear) {
    const best = [...open].sort((a, b) => b.eniRoom - a.eniRoom || byName(a.cell.cell, b.cell.cell))[0]!;
    const albs = best.albRoom;
    return {
      lever: 'infra-group',
      cell: best.cell.cell,
      text: `add an infra group in ${best.cell.cell} (room for ${formatCount(albs)} more ALB${albs === 1 ? '' : 's'}, ${formatCount(best.eniRoom)} ENIs); ${room}`,
    };
  }
  return { lever: 'none', text: `nothing to add: ${room}` };
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export interface CapacityInput {
  readonly set: ManifestSet;
  /** The placement of each tier known (one per tier); account usage sums over all of them. */
  readonly placements: ReadonlyMap<string, PlacementResult>;
  readonly applied?: AppliedQuotas;
  /** Report only these tiers (default: every tier with a placement). */
  readonly tiers?: readonly string[];
}

export function capacityReport(input: CapacityInput): TierCapacity[] {
  const { set, placements } = input;
  const accounts = accountFootprints(set, input.applied);
  const shares = cellQuotas(set, input.applied);
  const used = usageByCell(set, [...placements.values()]);
  const accountOf = new Map<string, AccountFootprint>();
  for (const a of accounts.values()) for (const c of a.cells) accountOf.set(cellKey(c.spec.tier, c.name), a);
  const accountUse = new Map<string, Record<TenantQuota, number>>();
  for (const [key, u] of used) {
    const a = accountOf.get(key);
    if (a === undefined) continue;
    const total = accountUse.get(a.key) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
    for (const q of TENANT_QUOTAS) total[q] += u[q];
    accountUse.set(a.key, total);
  }
  const names = input.tiers ?? [...placements.keys()].sort(byName);
  const out: TierCapacity[] = [];
  for (const tierName of names) {
    const tier = set.tiers.find((t) => t.name === tierName);
    const placement = placements.get(tierName);
    const spec = typicalSpec(set, tierName);
    if (tier === undefined || placement === undefined || spec === undefined) continue;
    const headroom = tier.spec.limits.headroomPercent;
    const demand = tenantQuotaDemand(spec);
    const where = probe(set, tierName, placement, spec, shares);
    const fillOf = new Map(placement.fill.map((f) => [infraGroupKeyString(f.key), f]));
    const cells: CellCapacity[] = [];
    for (const cell of set.cells.filter((c) => c.spec.tier === tierName).sort((a, b) => byName(a.name, b.name))) {
      const key = cellKey(tierName, cell.name);
      const account = accountOf.get(key);
      const share = shares.get(key);
      if (account === undefined || share === undefined) continue;
      const mine = used.get(key) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
      const all = accountUse.get(account.key) ?? { networkInterfaces: 0, targetGroups: 0, ecsClusters: 0 };
      const vpcOf = new Map<string, number>(account.vpcs.flatMap((v) => v.infraGroups.map((g): [string, number] => [`${g.spec.tier}/${g.spec.cell}/${g.name}`, v.endpoints])));
      const accountRows = {} as Record<AccountQuota, AccountQuotaUse>;
      for (const q of ACCOUNT_QUOTAS) {
        const usedHere =
          q === 'networkInterfaces' ? account.fixed.networkInterfaces + all.networkInterfaces
          : q === 'targetGroups' || q === 'ecsClusters' ? all[q]
          : q === 'loadBalancers' ? account.fixed.loadBalancers
          : q === 'vpcEndpoints' ? Math.max(0, ...account.vpcs.map((v) => v.endpoints))
          : account.infraGroups.length > 0 ? 1 : 0;
        accountRows[q] = { used: usedHere, limit: account.quotas[q], source: account.sources[q] };
      }
      const shareRows = {} as Record<TenantQuota, Usage>;
      for (const q of TENANT_QUOTAS) shareRows[q] = { used: mine[q], limit: share.limit[q], placeable: placeableOf(share.limit[q], headroom) };
      const groups = set.infraGroups
        .filter((g) => g.spec.tier === tierName && g.spec.cell === cell.name)
        .sort((a, b) => byName(a.name, b.name))
        .flatMap((g): InfraGroupCapacity[] => {
          const id = `${tierName}/${cell.name}/${g.name}`;
          const f = fillOf.get(id);
          if (f === undefined) return [];
          return [{
            infraGroup: g.name,
            targetGroups: f.targetGroups,
            rules: f.rules,
            tenants: f.tenants,
            listeners: { used: 1, limit: account.quotas.listenersPerLoadBalancer },
            vpcEndpoints: { used: vpcOf.get(id) ?? 0, limit: account.quotas.vpcEndpoints },
            moreTenants: Math.min(roomFor(f.targetGroups, spec.clusters), roomFor(f.rules, 1), roomFor(f.tenants, 1), ...TENANT_QUOTAS.map((q) => roomFor(shareRows[q], demand[q]))),
          }];
        });
      const more = groups.reduce((n, g) => n + (where.get(`${tierName}/${cell.name}/${g.infraGroup}`) ?? 0), 0);
      cells.push({ cell: cell.name, accountId: account.accountId, region: account.region, account: accountRows, share: shareRows, infraGroups: groups, moreTenants: more });
    }
    const moreTenants = [...where.values()].reduce((a, b) => a + b, 0);
    const typical = { clusters: spec.clusters, networkInterfaces: demand.networkInterfaces };
    out.push({ tier: tierName, typical, moreTenants, cells, advice: advise(tierName, cells, moreTenants, typical) });
  }
  return out;
}
