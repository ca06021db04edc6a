// Account quotas no placement can get around (docs/capacity.md §3): the infra groups of the
// cells sharing an account and region need more ALBs or network interfaces than it has, a VPC
// holds more interface endpoints than it may, an ALB may not have its one listener, or a tenant
// needs more network interfaces (or target groups, ECS clusters) than any cell of its tier may
// give one. Quotas here are the manifests' overrides or AWS's defaults: validation reads no AWS.
import { QUOTA_DEFINITIONS, TENANT_QUOTAS, type AccountQuota } from '../account-quotas.js';
import { accountFootprints, cellKey, cellQuotas, tenantQuotaDemand, type AccountFootprint } from '../account-usage.js';
import { placeableOf, type Cell, type TenantSpec } from '../model.js';
import { mergeWorkload } from './build-documents.js';
import type { ResolvedEntries } from './check-references.js';
import type { CellEntry, InfraGroupEntry } from './manifest-entry.js';
import type { ManifestIssue } from './manifest-issue.js';

function quotaText(account: AccountFootprint, q: AccountQuota): string {
  const d = QUOTA_DEFINITIONS[q];
  const source = account.sources[q] === 'manifest' ? 'set in spec.quotas' : 'AWS default';
  return `${d.name} (${d.serviceCode} ${d.quotaCode}) is ${account.quotas[q]} (${source})`;
}

function cellsText(cells: readonly Cell[]): string {
  return cells.map((c) => `${c.spec.tier}/${c.name}`).join(', ');
}

export function checkAccountQuotas(set: ResolvedEntries, errors: ManifestIssue[]): void {
  const model = { tiers: set.tiers, cells: set.cells, infraGroups: set.infraGroups, tenants: [] };
  const accounts = accountFootprints(model);
  for (const account of accounts.values()) {
    const first = account.cells[0] as CellEntry | undefined;
    if (first === undefined) continue;
    const where = `account ${account.accountId} in ${account.region} (cells ${cellsText(account.cells)})`;
    if (account.fixed.loadBalancers > account.quotas.loadBalancers) {
      errors.push(first.issue(['spec', 'accountId'], `${where} has ${account.fixed.loadBalancers} infra groups, one ALB each, but ${quotaText(account, 'loadBalancers')}. Move infra groups to another cell's account, or raise the quota and set spec.quotas.loadBalancers.`));
    }
    if (account.fixed.networkInterfaces > account.quotas.networkInterfaces) {
      errors.push(first.issue(['spec', 'accountId'], `${where} needs ${account.fixed.networkInterfaces} network interfaces for its ALBs and interface endpoints alone, but ${quotaText(account, 'networkInterfaces')}.`));
    }
    if (account.infraGroups.length > 0 && account.quotas.listenersPerLoadBalancer < 1) {
      errors.push(first.issue(['spec', 'quotas', 'listenersPerLoadBalancer'], `${where}: each infra group's ALB needs 1 listener, but ${quotaText(account, 'listenersPerLoadBalancer')}.`));
    }
    for (const vpc of account.vpcs) {
      if (vpc.endpoints <= account.quotas.vpcEndpoints) continue;
      const ig = vpc.infraGroups[0] as InfraGroupEntry;
      const names = vpc.infraGroups.map((g) => `${g.spec.tier}/${g.spec.cell}/${g.name}`).join(', ');
      errors.push(ig.issue(['spec', 'vpc'], `VPC ${vpc.vpc.replace(/^(id|name):/, '')} of account ${account.accountId} gets ${vpc.endpoints} interface endpoints (one per downstream of each infra group: ${names}), but ${quotaText(account, 'vpcEndpoints')}. Give the infra groups VPCs of their own.`));
    }
  }

  // A tenant bigger than any cell of its tier can take: placement would refuse it everywhere.
  const shares = cellQuotas(model);
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));
  const best = new Map<string, Record<string, number>>();
  for (const cell of set.cells) {
    const tier = tierByName.get(cell.spec.tier);
    const share = shares.get(cellKey(cell.spec.tier, cell.name));
    if (tier === undefined || share === undefined || !set.infraGroups.some((g) => g.spec.tier === tier.name && g.spec.cell === cell.name)) continue;
    const room = best.get(tier.name) ?? {};
    for (const q of TENANT_QUOTAS) room[q] = Math.max(room[q] ?? 0, placeableOf(share.limit[q], tier.spec.limits.headroomPercent));
    best.set(tier.name, room);
  }
  for (const t of set.tenants) {
    const tier = tierByName.get(t.spec.tier);
    const room = best.get(t.spec.tier);
    if (tier === undefined || room === undefined) continue;
    const spec = { ...t.spec, workload: mergeWorkload(tier.spec.workload, t.spec.workload) } as TenantSpec;
    const demand = tenantQuotaDemand(spec);
    const over = TENANT_QUOTAS.find((q) => demand[q] > (room[q] ?? 0));
    if (over === undefined) continue;
    const d = QUOTA_DEFINITIONS[over];
    errors.push(
      t.issue(['spec', 'clusters'], `Tenant ${JSON.stringify(t.name)} needs ${demand[over]} ${d.label} (${t.spec.clusters} clusters${over === 'networkInterfaces' ? `, each up to ${demand[over] / t.spec.clusters} tasks` : ''}), but no cell of tier ${tier.name} can give one tenant more than ${room[over] ?? 0} of its share of ${d.name} (${d.quotaCode}) after ${tier.spec.limits.headroomPercent}% headroom. Lower spec.clusters or the tasks, or raise the quota (spec.quotas.${over} of the cells).`),
    );
  }
}
