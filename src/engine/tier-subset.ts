// The part of a manifest set one tier is made of: its cells, infra groups and tenants.
import type { ManifestSet } from '../desired/model.js';

export function tierSubset(set: ManifestSet, tier: string): ManifestSet {
  return {
    tiers: set.tiers.filter((t) => t.name === tier),
    cells: set.cells.filter((c) => c.spec.tier === tier),
    infraGroups: set.infraGroups.filter((g) => g.spec.tier === tier),
    tenants: set.tenants.filter((t) => t.spec.tier === tier),
  };
}
