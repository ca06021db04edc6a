// Where tenants live now, read back from the ownership tags of what tiered owns (DESIGN §3):
// a tenant is in every infra group holding one of its resources (two while it migrates).
import type { InfraGroupKey } from '../desired/model.js';
import { infraGroupKeyString } from '../desired/model.js';
import type { LivePlacement } from '../desired/placement-types.js';
import type { LiveResource } from '../plan/live-resource.js';

export function livePlacement(resources: readonly LiveResource[]): LivePlacement {
  const byTenant = new Map<string, Map<string, InfraGroupKey>>();
  for (const r of resources) {
    if (r.ownership !== 'ours' || r.owner.tenant === undefined) continue;
    const key: InfraGroupKey = { tier: r.owner.tier, cell: r.owner.cell, infraGroup: r.owner.infraGroup };
    const groups = byTenant.get(r.owner.tenant) ?? new Map<string, InfraGroupKey>();
    groups.set(infraGroupKeyString(key), key);
    byTenant.set(r.owner.tenant, groups);
  }
  return new Map(
    [...byTenant]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tenant, groups]) => [tenant, [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k)]),
  );
}
