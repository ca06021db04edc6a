// One tier, observed and planned: live state -> placement -> desired topology -> plan
// (docs/design.md §7.1: level-triggered, nothing remembered between passes). The CLI's `plan`/`apply` and
// the daemon's passes all go through here; only the edges (observe, complete) talk to AWS.
import type { AwsClientFactory } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import { place } from '../desired/placement/placement.js';
import type { LivePlacement, PlacementResult } from '../desired/placement/placement-types.js';
import { strandedInfraGroups, strandedMessage } from '../desired/placement/stranded.js';
import { compileTopology } from '../desired/topology/compile.js';
import type { DesiredTopology } from '../desired/topology/resource.js';
import { completeObservation } from '../live/complete-observation.js';
import { observeTier } from '../live/observe-tier.js';
import { cutToScope, placementInScope } from '../live/scope.js';
import type { ObserveError, ObserveScope, TierObservation } from '../live/types.js';
import type { Plan, PlanOptions } from '../plan/action.js';
import { diff } from '../plan/diff.js';
import { degradedServices } from '../plan/rollout-health.js';
import { placementWithHint, scopeWithHint } from './scope-hint.js';
import { tierSubset } from './tier-subset.js';

export interface EngineDeps {
  readonly factory: AwsClientFactory;
  /** The value of `tiered.dev/managed-by` this controller writes and trusts. */
  readonly instanceId: string;
}

export interface TierPlanOptions extends Omit<PlanOptions, 'placement'> {
  /** The clock rollout health is judged by (tests move it); default Date.now. */
  readonly now?: () => number;
  /** Observe and plan only these tenants (an event-driven pass); absent = the whole tier. */
  readonly scope?: ObserveScope;
  /** With `scope`: where the tier's tenants were last seen (the daemon's last full pass), for
   * placing new tenants against the whole tier's fill. See scope-hint.ts. */
  readonly placementHint?: LivePlacement;
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
  const { scope: asked, placementHint, now = Date.now, ...planOptions } = options;
  const subset = tierSubset(set, tier);
  const hint = asked?.tenants !== undefined ? placementHint : undefined;
  const scope = asked !== undefined && hint !== undefined ? scopeWithHint(subset, asked, hint) : asked;
  const observed = await observeTier(
    { set, tier, instanceId: deps.instanceId, ...(scope !== undefined ? { scope } : {}) },
    deps.factory,
  );
  if (observed.errors.length > 0) return { tier, ok: false, errors: observed.errors };

  const livePlacement =
    scope?.tenants !== undefined && hint !== undefined ? placementWithHint(observed.placement, hint, scope.tenants) : observed.placement;
  const stranded = strandedInfraGroups(subset, tier, livePlacement);
  if (stranded.length > 0) return { tier, ok: false, errors: stranded.map((g) => ({ tier, message: strandedMessage(g) })) };
  const placement = place(subset, livePlacement);
  const compiled = compileTopology(
    subset,
    observed.scope === undefined ? placement : placementInScope(placement, observed.scope),
    observed.hints,
    { instanceId: deps.instanceId },
  );
  const desired = observed.scope === undefined ? compiled : cutToScope(compiled, observed.scope);
  const observation = await completeObservation(observed, desired, deps.factory, deps.instanceId);
  if (observation.errors.length > 0) return { tier, ok: false, errors: observation.errors };

  const planned = diff(desired, observation.live, { ...planOptions, placement });
  const stuck = subset.tiers.find((t) => t.name === tier)?.spec.rollout.stuckAfterMinutes ?? Number.POSITIVE_INFINITY;
  const plan = { ...planned, degraded: degradedServices(observation.live.resources, now(), () => stuck) };
  return { tier, ok: true, plan, placement, observation, desired };
}
