// One scheduled pass of one tier (docs/design.md §7.1): observe and plan through the engine, record the
// drift, and — when this replica leads the tier and it is not a dry run — apply the plan under
// the lease's write guard: one consistent read of the lease table before applying, then a local
// deadline check before each mutating step and, through the fence, before each HTTP attempt
// (docs/leases.md says exactly what that guarantees).
// Returns what the pass did; throws PassFailedError (classified for the backoff) when it failed.
import { infraGroupKeyString, type ManifestSet } from '../desired/model.js';
import type { AppliedQuotas } from '../desired/account-quotas.js';
import type { LivePlacement, PlacementResult } from '../desired/placement/placement-types.js';
import { runFenced } from '../aws/attempt-fence.js';
import { applyTier } from '../engine/apply-tier.js';
import { planTier } from '../engine/plan-tier.js';
import type { EngineDeps, TierPlanOptions } from '../engine/plan-tier.js';
import { placedOutsideScope } from '../engine/scope-hint.js';
import { summarizeTenants } from '../desired/topology/tenant-summary.js';
import type { TenantSummary } from '../desired/topology/tenant-summary.js';
import type { Action, Plan } from '../plan/action.js';
import { actionLabel, ownerPath } from '../plan/format-value.js';
import type { DegradedService } from '../plan/rollout-health.js';
import type { MoveReport } from '../plan/move-report.js';
import type { ApplyResult } from '../reconcilers/apply-types.js';
import { PENDING_RECHECK_MS } from '../reconcilers/pending.js';
import type { DriftByKind, TierPassResult } from './http/status-store.js';
import type { LeaseProvider, WriteGuard } from './leases/lease-types.js';
import { isLeaseLostError, LeaseLostError } from './leases/lease-types.js';
import { withContext } from './log.js';
import type { Logger } from './log.js';
import { classifyPassError, classifyProblem, PassFailedError, worstClass } from './pass-errors.js';
import { planWarnings } from './plan-warnings.js';
import { FULL } from './revision-tracker.js';
import type { PassScope } from './revision-tracker.js';

export interface TierPassDeps {
  readonly engine: EngineDeps;
  readonly leases: LeaseProvider;
  readonly dryRun: boolean;
  readonly planOptions: TierPlanOptions;
  readonly log: Logger;
  /** Told what the pass planned before it applies anything: a new tenant shows on the status
   * page where it is being placed while the apply runs (docs/status.md). */
  readonly onPlanned?: (planned: Pick<TierPassReport, 'scope' | 'placement' | 'tenants'>) => void;
}

export interface TierPassInput {
  readonly set: ManifestSet;
  readonly revision: string;
  readonly tier: string;
  readonly scope: PassScope;
  /** Where the tier's tenants were last seen; a scoped pass needs it (scope-hint.ts). */
  readonly hint?: LivePlacement;
  readonly signal: AbortSignal;
}

export interface TierPassReport {
  readonly result: Exclude<TierPassResult, 'failed'>;
  /** The scope the pass ran with (a scoped pass whose hint was stale runs in full). */
  readonly scope: PassScope;
  readonly drift: DriftByKind;
  readonly placement: PlacementResult;
  /** The quotas Service Quotas applied to the tier's accounts, as this pass read them. */
  readonly applied: AppliedQuotas;
  /** Whether this replica led the tier: a follower only observes. */
  readonly leader: boolean;
  /** Conflicts and notices: nothing failed, but an operator should look. */
  readonly notes: readonly string[];
  /** For `pending`: when to run the tier again (an ECS cluster's tasks still drain). */
  readonly retryAfterMs?: number;
  /** Services whose rollout failed or is stuck (docs/design.md §11.4). */
  readonly degraded: readonly DegradedService[];
  /** The resources of the tenants the pass planned (all of the tier's, or the scope's). */
  readonly tenants: readonly TenantSummary[];
  /** The tier's moves (docs/moves.md). */
  readonly moves: readonly MoveReport[];
}

/** How soon a move with nothing to wait for but AWS (a destination being made, a gate not yet
 * open, a source being deleted) is looked at again. */
export const MOVE_RECHECK_MS = 5_000;

/** When the tier should pass again for its moves: the earliest end of a bake, or a recheck. */
export function moveWakeMs(moves: readonly MoveReport[], now: number): number | undefined {
  const pending = moves.filter((m) => ['waiting', 'making', 'gating', 'shifting', 'releasing'].includes(m.state));
  if (pending.length === 0) return undefined;
  return Math.max(0, Math.min(...pending.map((m) => (m.nextAt !== undefined ? Date.parse(m.nextAt) - now : MOVE_RECHECK_MS))));
}

/** Planned actions by resource kind: the drift a pass found. What a suspend holds back is the
 * operator's choice, not drift; `done` (after an apply) leaves out what the apply made true. */
export function driftOf(plan: Plan, done: ReadonlySet<string> = new Set()): DriftByKind {
  const byKind: Record<string, number> = {};
  const suspended = heldBySuspension(plan);
  for (const a of plan.actions) if (!done.has(a.id) && !suspended(a)) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  for (const c of plan.conflicts) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  return byKind;
}

/** The actions an apply settled: the drift left after it is the rest. */
function succeeded(result: ApplyResult): ReadonlySet<string> {
  return new Set(result.outcomes.filter((o) => o.status === 'succeeded').map((o) => o.actionId));
}

/** Whether an action is held back by a suspend, directly or through the held actions it waits for. */
export function heldBySuspension(plan: Plan): (action: Action) => boolean {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  return (action) => {
    const seen = new Set<string>();
    let a: Action | undefined = action;
    while (a?.hold?.reason === 'waits-for-held' && !seen.has(a.id)) {
      seen.add(a.id);
      a = byId.get(a.hold.action);
    }
    return a?.hold?.reason === 'suspended';
  };
}

/** Where the placement says each tenant lives, for the next scoped pass's hint: only tenants
 * whose resources exist (live ones, and new ones once an apply made them). */
export function placementHint(placement: PlacementResult, created: boolean): LivePlacement {
  return new Map(placement.placements.filter((p) => p.origin === 'live' || created).map((p) => [p.tenant, p.infraGroups]));
}

function takeGuard(leases: LeaseProvider, tier: string): WriteGuard | undefined {
  if (!leases.isHeld(tier)) return undefined;
  try {
    return leases.writeGuard(tier);
  } catch (error) {
    if (isLeaseLostError(error)) return undefined;
    throw error;
  }
}

async function plan(deps: TierPassDeps, input: TierPassInput, scope: PassScope) {
  const options: TierPlanOptions =
    scope.kind === 'tenants' && input.hint !== undefined
      ? { ...deps.planOptions, scope: { tenants: scope.tenants }, placementHint: input.hint }
      : deps.planOptions;
  const planned = await planTier(input.set, input.tier, deps.engine, options).catch((error: unknown) => {
    // Planning only reads AWS: whatever stopped it, live state was not read.
    throw new PassFailedError(classifyPassError(error), [error instanceof Error ? error.message : String(error)], true);
  });
  if (!planned.ok) {
    const problems = planned.errors.map((e) => `${e.cell !== undefined ? `cell ${e.cell}: ` : ''}${e.code !== undefined ? `${e.code}: ` : ''}${e.message}`);
    throw new PassFailedError(worstClass(planned.errors.map((e) => classifyProblem(e.code, e.message))), problems, true);
  }
  return planned;
}

export async function runTierPass(deps: TierPassDeps, input: TierPassInput): Promise<TierPassReport> {
  const tierDoc = input.set.tiers.find((t) => t.name === input.tier);
  const log = withContext(deps.log, { tier_id: input.tier, revision: input.revision, ...(tierDoc ? { region: tierDoc.spec.region } : {}) });
  const guard = takeGuard(deps.leases, input.tier);
  let scope = input.scope.kind === 'tenants' && input.hint !== undefined ? input.scope : FULL;

  let planned = await plan(deps, input, scope);
  if (scope.kind === 'tenants' && planned.observation.scope !== undefined) {
    const outside = placedOutsideScope(planned.placement, scope.tenants, planned.observation.scope.infraGroups);
    if (outside.length > 0) {
      log.info({ tenants: outside }, 'scoped pass: placement left the observed infra groups; planning the whole tier');
      scope = FULL;
      planned = await plan(deps, input, scope);
    }
  }
  const drift = driftOf(planned.plan);
  const degraded = planned.plan.degraded ?? [];
  // Requested is not running: a tier with a failed or stuck rollout is degraded, not converged.
  const settled = (result: 'in-sync' | 'applied'): TierPassReport['result'] => (degraded.length > 0 ? 'degraded' : result);
  const notes = [
    ...planned.plan.conflicts.map((c) => `conflict: ${c.key}: ${c.message}`),
    ...planned.plan.notices.map((n) => n.message),
    ...planned.plan.unschedulable.map((u) => `unschedulable: tenant ${u.tenant}: ${u.reason} (${u.remedy})`),
    ...degraded.map((d) => `degraded: tenant ${d.tenant}: service ${d.service} deployment ${d.state}: ${d.message}`),
  ];
  const runnable = planned.plan.actions.filter((a) => a.hold === undefined);
  // What a suspended tier or tenant holds back is the operator's choice, not work left: a pass
  // that finds only that is in sync (converged), and says what it holds.
  const suspended = planned.plan.actions.filter(heldBySuspension(planned.plan));
  if (suspended.length > 0) notes.push(`suspended: ${suspended.length} action(s) held report-only by suspend`);
  const moves = planned.plan.moves ?? [];
  const base = { scope, drift, placement: planned.placement, applied: planned.applied, leader: guard !== undefined, notes, degraded, moves, tenants: summarizeTenants(planned.desired) };
  deps.onPlanned?.(base);
  for (const w of planWarnings(planned.plan)) log.warn(w.fields, w.msg);
  for (const d of degraded) log.warn({ tenant_id: d.tenant, service: d.service, state: d.state, message: d.message }, 'service rollout degraded');
  for (const m of moves) {
    const fields = { tenant_id: m.tenant, from: m.from, to: m.to, state: m.state, step: m.step, steps: m.steps.length, weights: m.weights, ...(m.reason !== undefined ? { reason: m.reason } : {}) };
    if (m.state === 'rolled-back' || m.state === 'refused') log.warn(fields, `move ${m.state}`);
    else log.info(fields, 'move');
  }
  // A move baking or waiting on AWS: the tier passes again when its next step can go.
  const wake = guard !== undefined && !deps.dryRun ? moveWakeMs(moves, Date.now()) : undefined;
  const moving = (result: TierPassReport['result']): TierPassReport => (wake !== undefined && result !== 'drift' ? { ...base, result: 'pending', retryAfterMs: wake } : { ...base, result });
  const changes = planned.plan.actions.length > suspended.length || planned.plan.conflicts.length > 0;
  const scopeField = scope.kind === 'full' ? 'full' : scope.tenants;
  log.info({ scope: scopeField, drift, actions: planned.plan.actions.length, runnable: runnable.length }, 'planned');
  if (runnable.length === 0) return moving(changes ? 'drift' : settled('in-sync'));
  if (deps.dryRun || guard === undefined) {
    log.info({ dry_run: deps.dryRun, leader: guard !== undefined }, 'drift reported, not applied');
    return { ...base, result: 'drift' };
  }

  const byId = new Map(planned.plan.actions.map((a) => [a.id, a]));
  // The one lease read of the pass: it catches a tenure the table no longer shows (a clock
  // that drifted past the margin); the local deadline covers the rest of the pass.
  await guard.assertStillLeader({ verifyInTable: true });
  let leaseLost: LeaseLostError | undefined;
  const note = (error: unknown): never => {
    if (isLeaseLostError(error)) leaseLost ??= error;
    throw error;
  };
  const fence = {
    tier: input.tier,
    check: (operation: string) => {
      try {
        guard.fence.check(operation);
      } catch (error) {
        note(error);
      }
    },
  };
  const result: ApplyResult = await runFenced(fence, () => applyTier(input.set, planned.plan, planned.observation.live, deps.engine, {
    beforeMutation: () => guard.assertStillLeader({ verifyInTable: false }).catch(note),
    signal: AbortSignal.any([input.signal, guard.signal]),
    onProgress: (event) => {
      if (event.type !== 'settled' || event.outcome.status === 'held') return;
      const o = event.outcome;
      const a = byId.get(o.actionId);
      const tenant = a?.owner.tenant;
      // Named as plan and apply name it: the AWS name, and the tier/cell/infra group/tenant path.
      const named = a !== undefined ? { resource: actionLabel(a), path: ownerPath(a.owner) } : {};
      const fields = { ...(tenant !== undefined ? { tenant_id: tenant } : {}), action: o.action, kind: o.kind, key: o.key, ...named, status: o.status };
      if (o.status === 'succeeded') log.info(fields, 'action applied');
      else log.warn({ ...fields, ...(o.error ? { error: o.error } : {}), ...(o.blockedBy ? { blocked_by: o.blockedBy } : {}) }, 'action not applied');
    },
  }));
  if (leaseLost !== undefined) throw leaseLost;
  if (!result.converged) {
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    const pending = result.outcomes.filter((o) => o.status === 'pending');
    const onlyWaiting = result.outcomes.every((o) => o.status === 'succeeded' || o.status === 'held' || o.status === 'pending');
    if (onlyWaiting && pending.length > 0) {
      const retryAfterMs = Math.min(...pending.map((o) => o.retryAfterMs ?? Number.POSITIVE_INFINITY));
      const waiting = pending.map((o) => `pending: ${o.action} ${o.key}: ${o.error?.message ?? 'waits for AWS'}`);
      log.info({ pending: pending.length, retry_after_ms: retryAfterMs }, 'applied; some actions wait for AWS to settle');
      return { ...base, drift: driftOf(planned.plan, succeeded(result)), notes: [...notes, ...waiting], result: 'pending', ...(Number.isFinite(retryAfterMs) ? { retryAfterMs } : {}) };
    }
    const problems = failed.map((o) => `${o.action} ${o.key}: ${o.error?.code !== undefined ? `${o.error.code}: ` : ''}${o.error?.message ?? 'failed'}`);
    if (problems.length === 0) problems.push(input.signal.aborted ? 'pass abandoned at shutdown' : 'apply did not converge');
    throw new PassFailedError(worstClass(failed.map((o) => classifyProblem(o.error?.code, o.error?.message ?? ''))), problems);
  }
  // The figures /status and tiered_drift_actions show are what remains, not what was planned.
  const remaining = driftOf(planned.plan, succeeded(result));
  // A drained infra group whose tenants this pass placed elsewhere is deleted by the pass after
  // they are gone from it (docs/drain-and-decommission.md §2): look again soon, not at resync.
  const emptied = (planned.placement.draining ?? []).filter((d) => d.hosting.length > 0 && d.refused.length === 0);
  if (emptied.length > 0) {
    log.info({ infra_groups: emptied.map((d) => infraGroupKeyString(d.key)) }, 'applied; drained infra groups are being emptied: the tier runs again soon');
    return { ...base, drift: remaining, result: 'pending', retryAfterMs: Math.min(wake ?? PENDING_RECHECK_MS, PENDING_RECHECK_MS) };
  }
  return { ...moving(settled('applied')), drift: remaining };
}
