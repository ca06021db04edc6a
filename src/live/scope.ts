// A scoped observation covers some tenants and the infra groups they live in (or are being
// placed in); a diff against it must only weigh desired resources inside the same scope.
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { infraGroupKeyString } from '../desired/model.js';
import type { DesiredTopology, Owner } from '../desired/topology/resource.js';

export interface ResolvedScope {
  readonly tenants: ReadonlySet<string>;
  /** Infra group key strings (`tier/cell/infraGroup`). */
  readonly infraGroups: ReadonlySet<string>;
}

/** Tenant resources of the scope's tenants, and the infra-group resources (ALB, listener,
 * endpoints) of its infra groups. The tier endpoint's records are left to full passes: reading
 * them would mean listing every tenant record below the endpoint. */
export function inScope(owner: Owner, kind: string, scope: ResolvedScope): boolean {
  const ig = infraGroupKeyString(owner);
  if (owner.tenant !== undefined) return scope.tenants.has(owner.tenant) && scope.infraGroups.has(ig);
  return scope.infraGroups.has(ig) && kind !== 'dns-record' && kind !== 'dns-ownership';
}

export function cutToScope(desired: DesiredTopology, scope: ResolvedScope): DesiredTopology {
  return { ...desired, resources: desired.resources.filter((r) => inScope(r.owner, r.kind, scope)) };
}

/** The placement to compile a scoped pass from: its own tenants only. The rules of the others
 * are known to the observation by the priorities they hold, not by key (rules-to-tag.ts), so
 * compiled they would look new and take free priorities ahead of the scope's new rules; and
 * their resources are cut anyway. */
export function placementInScope(placement: PlacementResult, scope: ResolvedScope): PlacementResult {
  return { ...placement, placements: placement.placements.filter((p) => scope.tenants.has(p.tenant)) };
}
