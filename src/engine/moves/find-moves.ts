// Which tenants of a tier move, and from where (docs/moves.md, "What starts a move"): a placed
// tenant whose desired infra group is not where it lives. Placement marks the moves it decides
// (`origin: 'move'`, a changed pin or tier); a move already under way is a tenant placed in its
// destination that still has resources in another infra group of the manifests. Pure.
import type { InfraGroupKey, Tenant } from '../../desired/model.js';
import { infraGroupKeyString } from '../../desired/model.js';
import type { PlacementResult } from '../../desired/placement/placement-types.js';
import type { LiveResource } from '../../plan/live-resource.js';
import { readMarker } from './move-marker.js';
import type { MoveCandidate } from './move-types.js';

type Ours = LiveResource & { readonly ownership: 'ours' };

function byTenant(live: readonly LiveResource[]): Map<string, Ours[]> {
  const out = new Map<string, Ours[]>();
  for (const r of live) {
    if (r.ownership !== 'ours' || r.owner.tenant === undefined) continue;
    const list = out.get(r.owner.tenant);
    if (list === undefined) out.set(r.owner.tenant, [r as Ours]);
    else list.push(r as Ours);
  }
  return out;
}

const keyOf = (r: Ours): string => infraGroupKeyString(r.owner);

/**
 * The moves of one tier's placement. `live` holds the tier's live resources and those of its
 * tenants living in another tier (cross-tier.ts); `known` says whether an infra group is in the
 * manifests: a tenant left in one that is gone is not moved from it (it is deleted, as before).
 */
export function findMoves(
  placement: PlacementResult,
  live: readonly LiveResource[],
  tenants: ReadonlyMap<string, Tenant>,
  known: (igKey: string) => boolean,
): MoveCandidate[] {
  const resources = byTenant(live);
  const out: MoveCandidate[] = [];
  for (const p of placement.placements) {
    if (p.infraGroups.length !== 1) continue;
    const to = p.infraGroups[0] as InfraGroupKey;
    const toKey = infraGroupKeyString(to);
    const tenant = tenants.get(p.tenant);
    const mine = resources.get(p.tenant) ?? [];
    const fromKeys =
      p.origin === 'move'
        ? (p.from ?? []).map(infraGroupKeyString)
        : [...new Set(mine.map(keyOf))].filter((k) => k !== toKey && known(k)).sort();
    const fromKey = fromKeys[0];
    if (tenant === undefined || fromKey === undefined) continue;
    const sourceKeys = new Set(fromKeys);
    const source = mine.filter((r) => sourceKeys.has(keyOf(r)));
    const first = source.find((r) => keyOf(r) === fromKey) ?? source[0];
    out.push({
      tenant: p.tenant,
      tier: p.tier,
      manifest: tenant.source,
      from: first !== undefined ? { tier: first.owner.tier, cell: first.owner.cell, infraGroup: first.owner.infraGroup } : parseKey(fromKey),
      to,
      source,
      dest: mine.filter((r) => keyOf(r) === toKey),
    });
  }
  return out.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
}

function parseKey(k: string): InfraGroupKey {
  const [tier = '', cell = '', infraGroup = ''] = k.split('/');
  return { tier, cell, infraGroup };
}

/** Whether a move holds one of its tier's slots: started (the destination has resources) and
 * not stopped by a rollback. */
export function inFlight(c: MoveCandidate): boolean {
  if (c.dest.length === 0) return false;
  const txt = c.dest.find((r) => r.kind === 'dns-ownership');
  return readMarker(txt)?.rolledBack === undefined;
}

/** The moves that may run this pass: those in flight, then waiting ones in tenant order until
 * `maxConcurrent` are (docs/moves.md, "Concurrency"). */
export function slots(candidates: readonly MoveCandidate[], maxConcurrent: number): ReadonlySet<string> {
  const running = candidates.filter(inFlight).map((c) => c.tenant);
  const free = Math.max(0, maxConcurrent - running.length);
  const starting = candidates.filter((c) => c.dest.length === 0).slice(0, free).map((c) => c.tenant);
  return new Set([...running, ...starting]);
}
