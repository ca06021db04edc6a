// Policies as filters over the action set, external-dns style: each takes the actions and
// returns the actions to keep, holding (report-only) or dropping some, with a notice.
import type { TierPolicy } from '../desired/topology/resource.js';
import type { Action, Hold, TierNotice } from './action.js';
import type { LiveResource } from './live-resource.js';

export const DEFAULT_MAX_DELETE_PERCENT = 20;
/** Deleting this many tenants or fewer is never "mass", whatever share of a small tier it is:
 * a tier of three tenants can lose one without --allow-mass-delete (docs/design.md §8.3). */
export const MASS_DELETE_FLOOR = 2;

export function hold(action: Action, h: Hold): Action {
  return action.hold === undefined ? { ...action, hold: h } : action;
}

/** `upsert-only` tiers keep what is live: their deletes are dropped. */
export function pruneFilter(
  actions: readonly Action[],
  policyOf: (tier: string) => 'sync' | 'upsert-only',
): readonly Action[] {
  return actions.filter((a) => a.action !== 'delete' || policyOf(a.owner.tier) === 'sync');
}

/** The share of a tier's live tenants the plan removes entirely, in percent (0 with none live). */
export function deletedTenantPercent(
  tier: string,
  live: readonly LiveResource[],
  desiredTenants: ReadonlySet<string>,
): { readonly deleted: number; readonly live: number; readonly percent: number } {
  const liveTenants = new Set(
    live.flatMap((r) => (r.ownership === 'ours' && r.owner.tier === tier && r.owner.tenant !== undefined ? [r.owner.tenant] : [])),
  );
  const deleted = [...liveTenants].filter((t) => !desiredTenants.has(t)).length;
  return { deleted, live: liveTenants.size, percent: liveTenants.size === 0 ? 0 : (deleted * 100) / liveTenants.size };
}

/** The deletion guard: a tier whose plan removes more than `maxPercent` of its live tenants is
 * refused as a whole (every action held) unless mass deletion is allowed. */
export function deletionGuard(
  actions: readonly Action[],
  tiers: readonly string[],
  live: readonly LiveResource[],
  desiredTenantsOf: (tier: string) => ReadonlySet<string>,
  maxPercent: number,
  allow: boolean,
): { readonly actions: readonly Action[]; readonly notices: readonly TierNotice[] } {
  if (allow) return { actions, notices: [] };
  const refused = new Set<string>();
  const notices: TierNotice[] = [];
  // Only deletes that survived the prune policy count: an upsert-only tier deletes nothing.
  const deleting = new Set(actions.filter((a) => a.action === 'delete').map((a) => a.owner.tier));
  for (const tier of tiers.filter((t) => deleting.has(t))) {
    const share = deletedTenantPercent(tier, live, desiredTenantsOf(tier));
    if (share.deleted > MASS_DELETE_FLOOR && share.percent > maxPercent) {
      refused.add(tier);
      notices.push({
        tier,
        message:
          `refused: the plan deletes ${share.deleted} of ${share.live} tenants (${Math.round(share.percent)}%, limit ${maxPercent}%); ` +
          'if the tenants were removed on purpose pass --allow-mass-delete (or a higher --max-delete-percent) to proceed, else restore their manifests',
      });
    }
  }
  return { actions: actions.map((a) => (refused.has(a.owner.tier) ? hold(a, { reason: 'deletion-guard' }) : a)), notices };
}

/** `suspend` on a tier or a tenant turns its actions report-only. */
export function suspendFilter(actions: readonly Action[], policies: readonly TierPolicy[]): readonly Action[] {
  const byTier = new Map(policies.map((p) => [p.tier, p]));
  return actions.map((a) => {
    const p = byTier.get(a.owner.tier);
    if (p === undefined) return a;
    if (p.suspend) return hold(a, { reason: 'suspended', scope: 'tier' });
    if (a.owner.tenant !== undefined && p.suspendedTenants.includes(a.owner.tenant)) {
      return hold(a, { reason: 'suspended', scope: 'tenant' });
    }
    return a;
  });
}

/** An action that depends on a held one cannot run either. `actions` is in dependency order. */
export function propagateHolds(actions: readonly Action[]): readonly Action[] {
  const held = new Set<string>();
  return actions.map((a) => {
    const blocker = a.dependsOn.find((d) => held.has(d));
    const out = blocker !== undefined ? hold(a, { reason: 'waits-for-held', action: blocker }) : a;
    if (out.hold !== undefined) held.add(out.id);
    return out;
  });
}

/** Log data outlives tenants, infra groups and renamed groups: an orphaned log group is deleted
 * only when its tier is gone (`tiers` are those the topology covers) and the group's tag says
 * the tier wanted it deleted with it (docs/design.md §11.1). */
export function keepLogData(actions: readonly Action[], tiers: ReadonlySet<string>): readonly Action[] {
  return actions.filter(
    (a) => a.action !== 'delete' || a.kind !== 'log-group' || (!tiers.has(a.owner.tier) && a.live.spec['deleteWithTier'] === true),
  );
}
