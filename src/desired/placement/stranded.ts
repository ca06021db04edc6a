// Infra groups removed from the manifests while tenants still live in them
// (docs/drain-and-decommission.md §3). Placing those tenants again would move them without a
// drain, so the tier's plan stops with an error naming them; an infra group is removed safely
// by draining it first (then it hosts no tenant, and what is left of it is deleted). Pure.
import { infraGroupKeyOf, infraGroupKeyString, type ManifestSet } from '../model.js';
import type { LivePlacement } from './placement-types.js';

export interface StrandedInfraGroup {
  readonly infraGroup: string;
  /** The manifests' tenants that live in it, sorted. */
  readonly tenants: readonly string[];
}

export function strandedInfraGroups(set: ManifestSet, tier: string, live: LivePlacement): StrandedInfraGroup[] {
  const defined = new Set(set.infraGroups.map((g) => infraGroupKeyString(infraGroupKeyOf(g))));
  const tenants = new Set(set.tenants.map((t) => t.name));
  const byGroup = new Map<string, string[]>();
  for (const [tenant, keys] of live) {
    // A tenant removed in the same change goes with its infra group: its deletion is asked for.
    if (!tenants.has(tenant)) continue;
    for (const key of keys) {
      const id = infraGroupKeyString(key);
      if (key.tier !== tier || defined.has(id)) continue;
      byGroup.set(id, [...(byGroup.get(id) ?? []), tenant]);
    }
  }
  return [...byGroup]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([infraGroup, names]) => ({ infraGroup, tenants: names.sort() }));
}

export function strandedMessage(s: StrandedInfraGroup): string {
  return (
    `infra group ${s.infraGroup} was removed from the manifests while it still hosts ${s.tenants.join(', ')}: ` +
    'put it back with spec.drain: true, and remove it once its tenants have moved'
  );
}
