// Names that are fine alone but break once composed (docs/design.md §4.1): ECS cluster names, tenant DNS
// names, host-header values, derived ALB names that must be unique per account and region; and
// routing collisions between tiers and tenants.
import type { ManifestIssue } from './manifest-issue.js';
import type { InfraGroupEntry, TenantEntry } from './manifest-entry.js';
import type { ResolvedEntries } from './check-references.js';
import { DNS_NAME_MAX, ECS_NAME_MAX, clusterName, loadBalancerName, tenantDnsName, tenantDomainOf } from '../naming.js';

/** ALB conditions: a host-header value is at most 128 characters. */
export const HOST_HEADER_MAX = 128;

/** The infra groups a tenant may land in: its pins narrow its tier's. */
function candidates(t: TenantEntry, infraGroups: readonly InfraGroupEntry[]): InfraGroupEntry[] {
  const { cell, infraGroup } = t.spec.placement;
  return infraGroups.filter(
    (g) => g.spec.tier === t.spec.tier && (cell === undefined || g.spec.cell === cell) && (infraGroup === undefined || g.name === infraGroup),
  );
}

/** The candidate with the longest `{cell}-{infraGroup}`: the one that gives the longest names.
 * Memoised per tier and pin, since thousands of tenants share a handful of answers. */
function longestCandidate(t: TenantEntry, infraGroups: readonly InfraGroupEntry[], memo: Map<string, InfraGroupEntry | undefined>): InfraGroupEntry | undefined {
  const key = `${t.spec.tier}/${t.spec.placement.cell ?? ''}/${t.spec.placement.infraGroup ?? ''}`;
  if (!memo.has(key)) {
    const length = (g: InfraGroupEntry) => g.spec.cell.length + g.name.length;
    memo.set(key, candidates(t, infraGroups).reduce<InfraGroupEntry | undefined>((best, g) => (best === undefined || length(g) > length(best) ? g : best), undefined));
  }
  return memo.get(key);
}

function checkClusterNames(set: ResolvedEntries, errors: ManifestIssue[]): void {
  const memo = new Map<string, InfraGroupEntry | undefined>();
  for (const t of set.tenants) {
    const group = longestCandidate(t, set.infraGroups, memo);
    if (group === undefined) continue;
    const name = clusterName({ tier: t.spec.tier, cell: group.spec.cell, infraGroup: group.name, tenant: t.name, index: t.spec.clusters });
    if (name.length > ECS_NAME_MAX) {
      errors.push(
        t.issue(
          ['metadata', 'name'],
          `Tenant ${JSON.stringify(t.name)} in infra group ${group.spec.cell}/${group.name} would get the ECS cluster name ${JSON.stringify(name)} (${name.length} characters); ECS allows at most ${ECS_NAME_MAX}. Shorten the tenant, tier, cell or infra group name.`,
        ),
      );
    }
  }
}

function checkDnsNames(set: ResolvedEntries, errors: ManifestIssue[]): void {
  const endpointOwner = new Map<string, string>();
  for (const tier of set.tiers) {
    const endpoint = tier.spec.dns.endpoint;
    const owner = endpointOwner.get(endpoint);
    if (owner !== undefined) {
      errors.push(tier.issue(['spec', 'dns', 'endpoint'], `Tier ${tier.name} uses the endpoint ${endpoint}, which tier ${owner} already uses; every tier needs its own endpoint.`));
    } else endpointOwner.set(endpoint, tier.name);
  }
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));
  for (const t of set.tenants) {
    const tier = tierByName.get(t.spec.tier);
    if (tier === undefined) continue;
    const dnsName = tenantDnsName(t.name, tenantDomainOf(tier.spec.dns));
    const clash = endpointOwner.get(dnsName);
    if (dnsName.length > DNS_NAME_MAX) {
      errors.push(t.issue(['metadata', 'name'], `Tenant ${JSON.stringify(t.name)} would get the DNS name ${dnsName} (${dnsName.length} characters); a DNS name is at most ${DNS_NAME_MAX}.`));
    } else if (tier.spec.routing.match === 'host' && dnsName.length > HOST_HEADER_MAX) {
      errors.push(
        t.issue(['metadata', 'name'], `Tenant ${JSON.stringify(t.name)} would be routed by the host name ${dnsName} (${dnsName.length} characters); an ALB host-header condition holds at most ${HOST_HEADER_MAX}.`),
      );
    }
    if (clash !== undefined) {
      errors.push(t.issue(['metadata', 'name'], `Tenant ${JSON.stringify(t.name)} would get the DNS name ${dnsName}, which is the endpoint of tier ${clash}.`));
    }
  }
}

/** ALB names are unique per account and region; tiers may share an account. */
function checkLoadBalancerNames(set: ResolvedEntries, errors: ManifestIssue[]): void {
  const accountOf = new Map(set.cells.map((c) => [`${c.spec.tier}/${c.name}`, c.spec.accountId]));
  const regionOf = new Map(set.tiers.map((t) => [t.name, t.spec.region]));
  const taken = new Map<string, InfraGroupEntry>();
  for (const g of set.infraGroups) {
    const name = loadBalancerName({ tier: g.spec.tier, cell: g.spec.cell, infraGroup: g.name });
    const scope = `${accountOf.get(`${g.spec.tier}/${g.spec.cell}`)}/${regionOf.get(g.spec.tier)}`;
    const other = taken.get(`${scope}/${name}`);
    if (other !== undefined) {
      errors.push(
        g.issue(['metadata', 'name'], `InfraGroup ${g.spec.tier}/${g.spec.cell}/${g.name} would get the load balancer name ${name}, which InfraGroup ${other.spec.tier}/${other.spec.cell}/${other.name} gets in the same account and region; rename one of them.`),
      );
    } else taken.set(`${scope}/${name}`, g);
  }
}

export function checkNames(set: ResolvedEntries, errors: ManifestIssue[]): void {
  checkClusterNames(set, errors);
  checkDnsNames(set, errors);
  checkLoadBalancerNames(set, errors);
}
