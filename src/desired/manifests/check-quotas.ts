// Requests no quota can hold (docs/design.md §5.2): a tenant whose clusters cannot fit one listener
// rule or one ALB after headroom, a tier whose headroom leaves nothing to place, a tier with
// more infra groups than a weighted record set holds. Placement itself (which infra group has
// room) is the solver's; this only rejects what fits nowhere whatever the placement.
import { placeableOf, type TierLimits } from '../model.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { ResolvedEntries } from './check-references.js';

/** Route 53: at most 100 weighted records share one name (one per infra group). */
export const WEIGHTED_RECORDS_MAX = 100;


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
    const groups = set.infraGroups.filter((g) => g.spec.tier === tier.name).length;
    if (groups > WEIGHTED_RECORDS_MAX) {
      errors.push(tier.issue(['metadata', 'name'], `Tier ${tier.name} has ${groups} infra groups, but its endpoint's weighted record set holds at most ${WEIGHTED_RECORDS_MAX} (Route 53).`));
    }
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
