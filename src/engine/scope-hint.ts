// A scoped pass (a few tenants of a tier, docs/design.md §7.2) reads only those tenants, so
// it cannot see where the rest of the tier lives, and placement needs that: a new tenant placed
// against an empty tier would land where a full pass would not (or past a full ALB's quota).
// The daemon therefore hands in where the tier's tenants were last seen (a hint from its last
// full pass). Live state still wins for every tenant the pass reads; the hint only stands in
// for the tenants it does not read, and for where the pass must look for the new ones.
import type { ManifestSet } from '../desired/model.js';
import { infraGroupKeyString } from '../desired/model.js';
import { place } from '../desired/placement/placement.js';
import type { LivePlacement, PlacementResult } from '../desired/placement/placement-types.js';
import type { ObserveScope } from '../live/types.js';

/** The hint for the tenants outside `tenants`, and the observation for those inside. */
export function placementWithHint(observed: LivePlacement, hint: LivePlacement, tenants: readonly string[]): LivePlacement {
  const scoped = new Set(tenants);
  const merged = new Map([...hint].filter(([tenant]) => !scoped.has(tenant)));
  for (const [tenant, groups] of observed) merged.set(tenant, groups);
  return merged;
}

/** The scope widened by the infra groups the hint's placement gives the scope's tenants, so the
 * observation also reads where new tenants are about to go. `set` is the tier's subset. */
export function scopeWithHint(set: ManifestSet, scope: ObserveScope, hint: LivePlacement): ObserveScope {
  const tenants = new Set(scope.tenants ?? []);
  const predicted = place(set, hint).placements.filter((p) => tenants.has(p.tenant));
  const groups = predicted.flatMap((p) => p.infraGroups.map(infraGroupKeyString));
  return { ...scope, infraGroups: [...new Set([...(scope.infraGroups ?? []), ...groups])].sort() };
}

/** Scoped tenants placed outside the infra groups the observation read: the hint was stale
 * (the pass must then be redone in full, or their resources would be cut from the plan). */
export function placedOutsideScope(placement: PlacementResult, tenants: readonly string[], observed: ReadonlySet<string>): string[] {
  const scoped = new Set(tenants);
  return placement.placements
    .filter((p) => scoped.has(p.tenant) && p.infraGroups.some((g) => !observed.has(infraGroupKeyString(g))))
    .map((p) => p.tenant);
}
