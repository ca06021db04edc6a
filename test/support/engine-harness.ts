// The engine driven the way `tiered plan` / `tiered apply` drive it, for acceptance tests against
// the local backend: every tier of a set planned, merged, applied; "in sync" as the CLI decides it.
import assert from 'node:assert/strict';
import { after, beforeEach } from 'node:test';
import type { AwsClientFactory } from '../../src/aws/clients.js';
import type { ManifestSet } from '../../src/desired/model.js';
import { DEFAULT_INSTANCE_ID } from '../../src/desired/tags.js';
import { applyTier } from '../../src/engine/apply-tier.js';
import { mergePlans } from '../../src/engine/merge-plans.js';
import { planTier, type TierPlan, type TierPlanOptions } from '../../src/engine/plan-tier.js';
import type { Action, Plan } from '../../src/plan/action.js';
import type { ApplyResult, ApplyContext } from '../../src/reconcilers/apply-types.js';
import { hasChanges } from '../../src/cli/plan-session.js';
import type { LocalAwsOptions } from '../../src/local/local-aws.js';
import { withLocalAws, type TestAws } from './local-aws.js';
import { tieredAwsFor } from './tiered-aws.js';

/** Our own transient-state backoff, shortened for tests. */
export const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50 } as const;

export interface SetPlan {
  readonly tiers: readonly TierPlan[];
  readonly plan: Plan;
}

export async function planSet(
  set: ManifestSet,
  factory: AwsClientFactory,
  options: TierPlanOptions = {},
  instanceId = DEFAULT_INSTANCE_ID,
): Promise<SetPlan> {
  const tiers: TierPlan[] = [];
  for (const tier of set.tiers.map((t) => t.name).sort()) tiers.push(await planTier(set, tier, { factory, instanceId }, options));
  for (const t of tiers) assert.ok(t.ok, `tier ${t.tier} could not be observed: ${t.ok ? '' : JSON.stringify(t.errors)}`);
  return { tiers, plan: mergePlans(tiers.flatMap((t) => (t.ok ? [t.plan] : []))) };
}

export type ApplyOptions = Omit<ApplyContext, 'factory' | 'instanceId' | 'accounts'>;

/** One `tiered apply` pass: plan every tier, apply each tier's plan. */
export async function applySet(
  set: ManifestSet,
  factory: AwsClientFactory,
  options: ApplyOptions = {},
  planOptions: TierPlanOptions = {},
): Promise<{ planned: SetPlan; results: readonly ApplyResult[] }> {
  const planned = await planSet(set, factory, planOptions);
  const results: ApplyResult[] = [];
  for (const t of planned.tiers) {
    if (!t.ok || t.plan.actions.length === 0) continue;
    results.push(
      await applyTier(set, t.plan, t.observation.live, { factory, instanceId: DEFAULT_INSTANCE_ID }, { retry: FAST_RETRY, ...options }),
    );
  }
  return { planned, results };
}

export function failedOutcomes(results: readonly ApplyResult[]): unknown[] {
  return results.flatMap((r) => r.outcomes.filter((o) => o.status !== 'succeeded' && o.status !== 'held'));
}

/** Applies and asserts every action succeeded. */
export async function applyConverged(set: ManifestSet, factory: AwsClientFactory, options: ApplyOptions = {}): Promise<SetPlan> {
  const { planned, results } = await applySet(set, factory, options);
  assert.deepEqual(failedOutcomes(results), []);
  for (const r of results) assert.equal(r.converged, true);
  return planned;
}

/** What `tiered plan` would exit with 0 for: no action to run, no conflict. */
export function inSync(plan: Plan): boolean {
  return !hasChanges(plan);
}

/** A one-line-per-action description for assertion messages. */
export function describeActions(actions: readonly Action[]): string {
  return actions.map((a) => `${a.action} ${a.key}`).join('\n');
}

export async function assertInSync(set: ManifestSet, factory: AwsClientFactory): Promise<void> {
  const { plan } = await planSet(set, factory);
  assert.ok(inSync(plan), `expected in sync, plan has:\n${describeActions(plan.actions)}\n${JSON.stringify(plan.conflicts)}`);
}

/**
 * One local backend for the file (reset before each test) and a fresh tiered client factory per
 * test: moto's reset forgets the role sessions a factory has cached.
 */
export function withEngineAws(options: LocalAwsOptions = {}): { readonly aws: TestAws; factory(): AwsClientFactory } {
  const aws = withLocalAws(options);
  let current: AwsClientFactory | undefined;
  beforeEach(() => {
    current?.destroy();
    current = tieredAwsFor(aws.endpoint);
  });
  after(() => current?.destroy());
  return {
    aws,
    factory() {
      if (current === undefined) throw new Error('withEngineAws: use the factory inside tests');
      return current;
    },
  };
}
