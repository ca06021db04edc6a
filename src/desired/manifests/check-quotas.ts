// Requests no quota can hold (docs/design.md §5.2): a tenant whose clusters cannot fit one listener
// rule or one ALB after headroom, a tier whose headroom leaves nothing to place, a tier whose
// endpoint needs more weighted records of one name than Route 53 holds even with the two-level
// tree (docs/dns-tree.md). Placement itself (which infra group has room) is the solver's; this
// only rejects what fits nowhere whatever the placement.
import { placeableOf, type TierLimits } from '../model.js';
import { DNS_NAME_MAX, cellDnsName, ownershipTxtName } from '../naming.js';
import { WEIGHTED_RECORDS_MAX, dnsTreeShape } from '../dns-tree-shape.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { ResolvedEntries } from './check-references.js';
import type { TierEntry } from './manifest-entry.js';

/** The two-level tree's limits: at most 100 cells (with infra groups) at the endpoint, at most
 * 100 infra groups at each cell name, and cell names that fit a DNS name with their TXT. */
function checkDnsTree(set: ResolvedEntries, tier: TierEntry, errors: ManifestIssue[]): void {
  const groups = set.infraGroups.filter((g) => g.spec.tier === tier.name);
  if (dnsTreeShape(tier.spec.dns.tree, groups.length) === 'one-level') return;
  const perCell = new Map<string, number>();
  for (const g of groups) perCell.set(g.spec.cell, (perCell.get(g.spec.cell) ?? 0) + 1);
  if (perCell.size > WEIGHTED_RECORDS_MAX) {
    errors.push(
      tier.issue(['metadata', 'name'], `Tier ${tier.name} has infra groups in ${perCell.size} cells, but its endpoint holds at most ${WEIGHTED_RECORDS_MAX} weighted records, one per cell (Route 53; docs/dns-tree.md): at most ${WEIGHTED_RECORDS_MAX} cells × ${WEIGHTED_RECORDS_MAX} infra groups.`),
    );
  }
  for (const cell of set.cells) {
    if (cell.spec.tier !== tier.name) continue;
    const count = perCell.get(cell.name) ?? 0;
    if (count > WEIGHTED_RECORDS_MAX) {
      errors.push(
        cell.issue(['metadata', 'name'], `Cell ${cell.name} of tier ${tier.name} has ${count} infra groups, but its cell name holds at most ${WEIGHTED_RECORDS_MAX} weighted records, one per infra group (Route 53; docs/dns-tree.md). Move infra groups to another cell.`),
      );
    }
    const txt = ownershipTxtName(cellDnsName(cell.name, tier.spec.dns.endpoint));
    if (count > 0 && txt.length > DNS_NAME_MAX) {
      errors.push(cell.issue(['metadata', 'name'], `Cell ${cell.name} would get the DNS name ${txt} (${txt.length} characters) for its records' ownership in tier ${tier.name}'s two-level endpoint; a DNS name is at most ${DNS_NAME_MAX}. Shorten the cell name or the endpoint.`));
    }
  }
}


const LIMIT_LABELS: readonly [keyof TierLimits, string][] = [
  ['targetGroupsPerLoadBalancer', 'target groups per load balancer'],
  ['rulesPerListener', 'rules per listener'],
  ['tenantsPerInfraGroup', 'tenants per infra group'],
];

export function checkQuotas(set: ResolvedEntries, errors: ManifestIssue[]): void {
  const usableTiers = new Set<string>();
  for (const tier of set.tiers) {
    const limits = tier.spec.limits;
    const empty = LIMIT_LABELS.filter(([key]) => placeableOf(limits[key], limits.headroomPercent) === 0);
    if (empty.length > 0) {
      const [key, label] = empty[0] as [keyof TierLimits, string];
      errors.push(
        tier.issue(['spec', 'limits', 'headroomPercent'], `headroomPercent ${limits.headroomPercent} leaves no room for new tenants: 0 of ${limits[key]} ${label} are placeable. Lower the headroom or raise the limit.`),
      );
    } else usableTiers.add(tier.name);
    checkDnsTree(set, tier, errors);
  }
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));
  for (const t of set.tenants) {
    const tier = tierByName.get(t.spec.tier);
    if (tier === undefined || !usableTiers.has(tier.name)) continue;
    const { targetGroupsPerRule, targetGroupsPerLoadBalancer, headroomPercent } = tier.spec.limits;
    const room = placeableOf(targetGroupsPerLoadBalancer, headroomPercent);
    if (t.spec.clusters > targetGroupsPerRule) {
      errors.push(
        t.issue(['spec', 'clusters'], `Tenant ${JSON.stringify(t.name)} asks for ${t.spec.clusters} clusters, but one listener rule of tier ${tier.name} forwards to at most ${targetGroupsPerRule} target groups (limits.targetGroupsPerRule); ask for at most ${targetGroupsPerRule}.`),
      );
    } else if (t.spec.clusters > room) {
      errors.push(
        t.issue(['spec', 'clusters'], `Tenant ${JSON.stringify(t.name)} asks for ${t.spec.clusters} clusters, but no infra group of tier ${tier.name} can take more than ${room} new target groups (${targetGroupsPerLoadBalancer} less ${headroomPercent}% headroom).`),
      );
    }
  }
}
