// Moves between tiers (docs/moves.md, "Between tiers"). Tiers that share a tenant domain (and
// its zone) name a tenant alike, so it can move between them without renaming. The destination
// tier drives the move: it learns where the tenant lives from the shared domain's records
// (observe-tier.ts `elsewhere`), reads the tenant's resources in the source tier with a scoped
// observation, and deletes them once the move is done. The source tier leaves such a tenant
// alone: it is another tier's now.
import type { AwsClientFactory } from '../../aws/clients.js';
import type { InfraGroupKey, ManifestSet, Tier } from '../../desired/model.js';
import { infraGroupKeyOf, infraGroupKeyString } from '../../desired/model.js';
import { tenantDomainOf } from '../../desired/naming.js';
import { livePlacement } from '../../live/live-placement.js';
import { observeTier } from '../../live/observe-tier.js';
import type { ObserveError, TierObservation } from '../../live/types.js';
import type { LiveResource } from '../../plan/live-resource.js';

/** Whether tenants can move between two tiers without a new name: one shared tenant domain, in
 * one hosted zone. Tiers named under their own endpoints never share names. */
export function sharesNames(a: Tier, b: Tier): boolean {
  return (
    a.spec.dns.tenantDomain !== undefined &&
    tenantDomainOf(a.spec.dns) === tenantDomainOf(b.spec.dns) &&
    JSON.stringify(a.spec.dns.zone) === JSON.stringify(b.spec.dns.zone) &&
    a.spec.region === b.spec.region
  );
}

/** The observation without the tenants another tier now owns and can move away from here. */
export function withoutMovedAway(observation: TierObservation, set: ManifestSet): TierObservation {
  const tier = set.tiers.find((t) => t.name === observation.tier);
  if (tier === undefined) return observation;
  const tierOf = new Map(set.tenants.map((t) => [t.name, t.spec.tier]));
  const tiers = new Map(set.tiers.map((t) => [t.name, t]));
  const theirs = (r: LiveResource): boolean => {
    if (r.ownership !== 'ours' || r.owner.tenant === undefined) return false;
    const other = tiers.get(tierOf.get(r.owner.tenant) ?? tier.name);
    return other !== undefined && other.name !== tier.name && sharesNames(tier, other);
  };
  if (!observation.live.resources.some(theirs)) return observation;
  const resources = observation.live.resources.filter((r) => !theirs(r));
  return { ...observation, live: { ...observation.live, resources }, placement: livePlacement(resources) };
}

export interface Elsewhere {
  /** Our resources of this tier's tenants in other tiers (only of infra groups in the manifests). */
  readonly resources: readonly LiveResource[];
  readonly errors: readonly ObserveError[];
}

/** The tenants' resources in the tiers they move from, by one scoped observation per tier. */
export async function observeElsewhere(
  set: ManifestSet,
  tier: Tier,
  elsewhere: ReadonlyMap<string, readonly InfraGroupKey[]>,
  factory: AwsClientFactory,
  instanceId: string,
): Promise<Elsewhere> {
  const known = new Set(set.infraGroups.map((g) => infraGroupKeyString(infraGroupKeyOf(g))));
  const byTier = new Map<string, string[]>();
  for (const [tenant, keys] of elsewhere) {
    for (const k of keys) {
      const other = set.tiers.find((t) => t.name === k.tier);
      if (other === undefined || !known.has(infraGroupKeyString(k)) || !sharesNames(tier, other)) continue;
      const list = byTier.get(k.tier) ?? [];
      if (!list.includes(tenant)) list.push(tenant);
      byTier.set(k.tier, list);
    }
  }
  const resources: LiveResource[] = [];
  const errors: ObserveError[] = [];
  for (const [other, tenants] of [...byTier].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const seen = await observeTier({ set, tier: other, instanceId, scope: { tenants: tenants.sort() } }, factory);
    errors.push(...seen.errors);
    const wanted = new Set(tenants);
    resources.push(...seen.live.resources.filter((r) => r.ownership === 'ours' && r.owner.tenant !== undefined && wanted.has(r.owner.tenant)));
  }
  return { resources, errors };
}
