// One tier, observed and planned: live state -> placement -> desired topology -> plan
// (docs/design.md §7.1: level-triggered, nothing remembered between passes). The CLI's `plan`/`apply` and
// the daemon's passes all go through here; only the edges (observe, complete) talk to AWS.
import type { AwsClientFactory } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import { cellQuotas } from '../desired/account-usage.js';
import { NO_APPLIED_QUOTAS, type AppliedQuotas } from '../desired/account-quotas.js';
import { place } from '../desired/placement/placement.js';
import type { LivePlacement, PlacementResult } from '../desired/placement/placement-types.js';
import { strandedInfraGroups, strandedMessage } from '../desired/placement/stranded.js';
import { compileTopology } from '../desired/topology/compile.js';
import type { DesiredTopology } from '../desired/topology/resource.js';
import { completeObservation } from '../live/complete-observation.js';
import { livePlacement } from '../live/live-placement.js';
import { observeTier } from '../live/observe-tier.js';
import { cutToScope, placementInScope } from '../live/scope.js';
import type { ObserveError, ObserveScope, TierObservation } from '../live/types.js';
import type { Plan, PlanOptions } from '../plan/action.js';
import type { LiveResource } from '../plan/live-resource.js';
import { diff } from '../plan/diff.js';
import { degradedServices } from '../plan/rollout-health.js';
import { placementWithHint, scopeWithHint } from './scope-hint.js';
import { tierSubset } from './tier-subset.js';
import type { AppliedQuotaReader } from './applied-quotas.js';
import { compilePlacement, layDecisions } from './moves/apply-decisions.js';
import { observeElsewhere, withoutMovedAway } from './moves/cross-tier.js';
import { findMoves, slots } from './moves/find-moves.js';
import type { MoveCandidate } from './moves/move-types.js';
import { cannotServe, decideAll, placementRefusals, refusedReport, type MoveOptions } from './moves/run-moves.js';
import { infraGroupKeyOf, infraGroupKeyString, migrationOf } from '../desired/model.js';
import type { InfraGroupKey } from '../desired/model.js';

export interface EngineDeps {
  readonly factory: AwsClientFactory;
  /** The value of `tiered.dev/managed-by` this controller writes and trusts. */
  readonly instanceId: string;
  /** Reads the quotas AWS applied to the tier's accounts; absent = AWS's defaults and the
   * manifests' overrides alone (docs/capacity.md §1). */
  readonly quotas?: AppliedQuotaReader;
}

export interface TierPlanOptions extends Omit<PlanOptions, 'placement'> {
  /** The clock rollout health is judged by (tests move it); default Date.now. */
  readonly now?: () => number;
  /** Observe and plan only these tenants (an event-driven pass); absent = the whole tier. */
  readonly scope?: ObserveScope;
  /** With `scope`: where the tier's tenants were last seen (the daemon's last full pass), for
   * placing new tenants against the whole tier's fill. See scope-hint.ts. */
  readonly placementHint?: LivePlacement;
  /** Live moves (docs/moves.md): `--retry-move`, and the alias TTL waited before a release. */
  readonly moves?: MoveOptions;
}

export type TierPlan =
  | {
      readonly tier: string;
      readonly ok: true;
      readonly plan: Plan;
      readonly placement: PlacementResult;
      readonly observation: TierObservation;
      /** What the plan was taken against (`tiered verify` checks live state against it). */
      readonly desired: DesiredTopology;
      /** The quotas Service Quotas applied to the tier's accounts, as read for this plan. */
      readonly applied: AppliedQuotas;
    }
  /** Something could not be read: what could not be read would look missing, so there is no
   * plan to apply (and none to show) until the next pass reads it. */
  | { readonly tier: string; readonly ok: false; readonly errors: readonly ObserveError[] };

export async function planTier(
  set: ManifestSet,
  tier: string,
  deps: EngineDeps,
  options: TierPlanOptions = {},
): Promise<TierPlan> {
  const { scope: asked, placementHint, now = Date.now, moves: moveOptions = {}, ...planOptions } = options;
  const subset = tierSubset(set, tier);
  const hint = asked?.tenants !== undefined ? placementHint : undefined;
  const scope = asked !== undefined && hint !== undefined ? scopeWithHint(subset, asked, hint) : asked;
  const quotaPending = deps.quotas?.read(set, tier);
  const seen = await observeTier(
    { set, tier, instanceId: deps.instanceId, ...(scope !== undefined ? { scope } : {}) },
    deps.factory,
  );
  const quotaRead = await quotaPending;
  const readErrors = [...seen.errors, ...(quotaRead?.errors ?? [])];
  if (readErrors.length > 0) return { tier, ok: false, errors: readErrors };
  const tierDoc = subset.tiers.find((t) => t.name === tier);
  if (tierDoc === undefined) throw new Error(`planTier: the manifest set has no tier ${tier}`);
  // Tenants moving in from another tier (docs/moves.md, "Between tiers"): their resources there.
  const away = seen.elsewhere === undefined ? undefined : await observeElsewhere(set, tierDoc, seen.elsewhere, deps.factory, deps.instanceId);
  if (away !== undefined && away.errors.length > 0) return { tier, ok: false, errors: away.errors };
  const observed = withoutMovedAway(seen, set);
  const sourcesAway = away?.resources ?? [];

  const ownPlacement =
    scope?.tenants !== undefined && hint !== undefined ? placementWithHint(observed.placement, hint, scope.tenants) : observed.placement;
  const livePlacement = withSourcesAway(ownPlacement, sourcesAway);
  const stranded = strandedInfraGroups(subset, tier, livePlacement);
  if (stranded.length > 0) return { tier, ok: false, errors: stranded.map((g) => ({ tier, message: strandedMessage(g) })) };
  // Each cell's share of its account is made from the whole set: cells of other tiers share it.
  const placement = place(subset, livePlacement, cellQuotas(set, quotaRead?.applied ?? NO_APPLIED_QUOTAS));

  const tenants = new Map(subset.tenants.map((t) => [t.name, t]));
  const known = new Set(set.infraGroups.map((g) => infraGroupKeyString(infraGroupKeyOf(g))));
  const tiers = new Map(set.tiers.map((t) => [t.name, t]));
  const found = findMoves(placement, [...observed.live.resources, ...sourcesAway], tenants, (k) => known.has(k));
  const refused = new Map(found.flatMap((c) => {
    const why = cannotServe(c, tiers);
    return why === undefined ? [] : [[c.tenant, why] as const];
  }));
  const candidates = found.filter((c) => !refused.has(c.tenant));
  const slotted = slots(candidates, tierDoc.spec.migration.maxConcurrent);
  const waiting: MoveCandidate[] = [
    ...candidates.filter((c) => c.dest.length === 0 && !slotted.has(c.tenant)),
    ...found.filter((c) => refused.has(c.tenant)),
  ];
  const toCompile = compilePlacement(placement, waiting);
  const compiled = compileTopology(
    subset,
    observed.scope === undefined ? toCompile : placementInScope(toCompile, observed.scope),
    observed.hints,
    { instanceId: deps.instanceId },
  );
  const cut = observed.scope === undefined ? compiled : cutToScope(compiled, observed.scope);
  const completed = await completeObservation(observed, cut, deps.factory, deps.instanceId);
  if (completed.errors.length > 0) return { tier, ok: false, errors: completed.errors };

  const decisions = await decideAll({ set, tier: tierDoc, candidates, slots: slotted, desired: cut, factory: deps.factory, now: now(), options: moveOptions });
  // The sources of moves under way in other tiers join the live state the plan is applied with.
  const activeAway = new Set(decisions.filter((d) => d.compileIn === 'dest').map((d) => d.candidate.tenant));
  const liveAway = sourcesAway.filter((r) => r.ownership === 'ours' && activeAway.has(r.owner.tenant ?? ''));
  const observation = liveAway.length === 0 ? completed : { ...completed, live: { ...completed.live, resources: [...completed.live.resources, ...liveAway] } };
  const laid = layDecisions(cut, observation.live, decisions, set.tiers, tierDoc);
  const desired = laid.desired;
  const moved = new Set(decisions.filter((d) => d.release).map((d) => d.candidate.tenant));
  const planned = diff(desired, laid.live, { ...planOptions, placement, moved });
  const stuck = tierDoc.spec.rollout.stuckAfterMinutes;
  const moves = [
    ...decisions.map((d) => d.report),
    ...found.filter((c) => refused.has(c.tenant)).map((c) => refusedReport(c, migrationOf(tierDoc, tenants.get(c.tenant) as NonNullable<ReturnType<typeof tenants.get>>).steps, refused.get(c.tenant) as string)),
    ...placementRefusals(placement, tenants, tierDoc),
  ].sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  const plan = { ...planned, degraded: degradedServices(observation.live.resources, now(), () => stuck), ...(moves.length > 0 ? { moves } : {}) };
  return { tier, ok: true, plan, placement, observation, desired, applied: quotaRead?.applied ?? NO_APPLIED_QUOTAS };
}

/** The live placement with where this tier's tenants live in other tiers. */
function withSourcesAway(own: LivePlacement, away: readonly LiveResource[]): LivePlacement {
  if (away.length === 0) return own;
  const merged = new Map<string, InfraGroupKey[]>([...own].map(([t, keys]) => [t, [...keys]]));
  for (const [tenant, keys] of livePlacement(away)) {
    const list = merged.get(tenant) ?? [];
    for (const k of keys) if (!list.some((l) => infraGroupKeyString(l) === infraGroupKeyString(k))) list.push(k);
    merged.set(tenant, list);
  }
  return merged;
}
