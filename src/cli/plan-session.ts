// What `plan` and `apply` do before they differ: load and validate the manifests (a broken set
// makes no AWS call at all), then observe and plan each tier through the engine.
import { movePending } from '../plan/render-moves.js';
import { createAwsClientFactory } from '../aws/clients.js';
import type { AwsClientFactory } from '../aws/clients.js';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';
import type { ManifestSet } from '../desired/model.js';
import { mergePlans } from '../engine/merge-plans.js';
import { planTier } from '../engine/plan-tier.js';
import { appliedQuotaReader } from '../engine/applied-quotas.js';
import { QUOTA_DEFINITIONS } from '../desired/account-quotas.js';
import type { TierPlan } from '../engine/plan-tier.js';
import type { Plan } from '../plan/action.js';
import { readErrorText } from '../plan/format-value.js';
import { renderJson } from '../plan/render-json.js';
import { renderMarkdown } from '../plan/render-markdown.js';
import { renderText } from '../plan/render-text.js';
import { maskSensitiveValues } from '../plan/sensitive-values.js';
import { mapBounded } from '../engine/map-bounded.js';
import { findOrphanedTiers, orphanedMessage } from '../live/orphaned-tiers.js';
import type { PlanFormat, ReconcileArgs } from './reconcile-args.js';

export interface PlanSession {
  readonly set: ManifestSet;
  readonly factory: AwsClientFactory;
  readonly tiers: readonly TierPlan[];
  /** Every tier that could be planned, as one plan. */
  readonly plan: Plan;
}

export type SessionResult = { ok: true; session: PlanSession } | { ok: false; code: number };

export async function openPlanSession(command: string, args: ReconcileArgs): Promise<SessionResult> {
  const loaded = await loadManifestSet(args.dir, manifestLimitsFromEnv());
  if (!loaded.ok) {
    for (const issue of loaded.errors) console.error(formatIssue(issue));
    console.error(`tiered ${command}: ${args.dir} is invalid (${loaded.errors.length} errors); nothing was read or changed in AWS.`);
    return { ok: false, code: 1 };
  }
  const set = loaded.set;
  const known = new Set(set.tiers.map((t) => t.name));
  const unknown = args.tiers.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    console.error(`tiered ${command}: no tier named ${unknown.join(', ')} in ${args.dir}`);
    return { ok: false, code: 1 };
  }
  const names = args.tiers.length > 0 ? [...args.tiers] : [...known].sort();
  const factory = createAwsClientFactory();
  const quotas = appliedQuotaReader(factory, (note) =>
    console.error(`tiered ${command}: account ${note.accountId} ${note.region}: ${QUOTA_DEFINITIONS[note.quota].name} (${QUOTA_DEFINITIONS[note.quota].quotaCode}) not readable from Service Quotas (${note.code}); using the default`),
  );
  const deps = { factory, instanceId: args.instanceId, quotas };
  const tiers = await mapBounded(names, args.concurrency, (tier) => planTier(set, tier, deps, args.planOptions));
  const errors = tiers.flatMap((t) => (t.ok ? [] : t.errors));
  const merged = mergePlans(tiers.flatMap((t) => (t.ok ? [t.plan] : [])));
  const withErrors = errors.length > 0 ? { ...merged, errors } : merged;
  // Tiers that left the manifests are looked for only when the whole set is planned.
  const plan = args.tiers.length > 0 ? withErrors : await withOrphanedTiers(withErrors, set, factory, args.instanceId, command);
  return { ok: true, session: { set, factory, tiers, plan } };
}

/** The plan with a notice per orphaned tier (docs/drain-and-decommission.md §5): reported, never deleted. */
async function withOrphanedTiers(plan: Plan, set: ManifestSet, factory: AwsClientFactory, instanceId: string, command: string): Promise<Plan> {
  const sweep = await findOrphanedTiers(set, factory, instanceId);
  for (const e of sweep.errors) console.error(`tiered ${command}: looking for orphaned tiers: ${e}`);
  if (sweep.orphaned.length === 0) return plan;
  const notices = [...plan.notices, ...sweep.orphaned.map((o) => ({ tier: o.tier, message: orphanedMessage(o) }))];
  return { ...plan, notices: notices.sort((a, b) => (a.tier < b.tier ? -1 : a.tier > b.tier ? 1 : 0)) };
}

/** Observation errors, one line each, for stderr. */
export function tierErrorLines(tiers: readonly TierPlan[]): string[] {
  return tiers.flatMap((t) => (t.ok ? [] : t.errors.map(readErrorText)));
}

/** The plan printed in `format`; environment values masked unless `showValues`. */
export function renderPlan(plan: Plan, format: PlanFormat, color: boolean, showValues = false): string {
  const shown = showValues ? plan : maskSensitiveValues(plan);
  switch (format) {
    case 'json':
      return renderJson(shown);
    case 'markdown':
      return renderMarkdown(shown);
    case 'text':
      return renderText(shown, { color });
  }
}

/** Anything apply would do, or a conflict to look at. Report-only actions (a suspended tier or
 * tenant, the deletion guard, a missing reference) are printed but do not make a plan pending:
 * they wait for the operator, and a CI gate on `plan` would otherwise never pass. */
export function hasChanges(plan: Plan): boolean {
  // A move still under way is a change pending, even in a pass with nothing to write (a bake).
  return plan.conflicts.length > 0 || plan.actions.some((a) => a.hold === undefined) || movePending(plan);
}
