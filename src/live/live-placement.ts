// Where tenants live now, read back from the ownership tags of what tiered owns (docs/design.md §4.5):
// a tenant is in every infra group holding one of its resources (two while it migrates).
import type { InfraGroupKey } from '../desired/model.js';
import { infraGroupKeyString } from '../desired/model.js';
import type { LivePlacement } from '../desired/placement/placement-types.js';
import type { LiveResource } from '../plan/live-resource.js';

export function livePlacement(resources: readonly LiveResource[]): LivePlacement {
  // A tenant is in one or two infra groups: a scan of its short list beats building the infra
  // group's key string for each of its ~10 resources (bench scenario 4).
  const byTenant = new Map<string, InfraGroupKey[]>();
  for (const r of resources) {
    if (r.ownership !== 'ours') continue;
    const { tier, cell, infraGroup, tenant } = r.owner;
    if (tenant === undefined) continue;
    let groups = byTenant.get(tenant);
    if (groups === undefined) {
      groups = [];
      byTenant.set(tenant, groups);
    }
    if (!groups.some((g) => g.tier === tier && g.cell === cell && g.infraGroup === infraGroup)) groups.push({ tier, cell, infraGroup });
  }
  return new Map(
    [...byTenant]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tenant, groups]) => [tenant, groups.length === 1 ? groups : byKeyString(groups)]),
  );
}

function byKeyString(groups: readonly InfraGroupKey[]): readonly InfraGroupKey[] {
  return groups
    .map((k) => [infraGroupKeyString(k), k] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, k]) => k);
}
