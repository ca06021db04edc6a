// Executes a tier's plan: the reconcilers get the clients, our instance id, and the region and
// role of every cell account (a delete names only the account its resource lives in).
import type { AwsTarget } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import type { Plan } from '../plan/action.js';
import { applyPlan } from '../reconcilers/apply-plan.js';
import type { ApplyContext, ApplyResult } from '../reconcilers/apply-types.js';
import type { EngineDeps } from './plan-tier.js';

export function cellAccounts(set: ManifestSet): ReadonlyMap<string, AwsTarget> {
  const regionOf = new Map(set.tiers.map((t) => [t.name, t.spec.region]));
  return new Map(
    set.cells.flatMap((c) => {
      const region = regionOf.get(c.spec.tier);
      return region === undefined ? [] : [[c.spec.accountId, { region, roleArn: c.spec.roleArn }] as const];
    }),
  );
}

export type ApplyTierOptions = Omit<ApplyContext, 'factory' | 'instanceId' | 'accounts'>;

export function applyTier(
  set: ManifestSet,
  plan: Plan,
  live: Parameters<typeof applyPlan>[1],
  deps: EngineDeps,
  options: ApplyTierOptions = {},
): Promise<ApplyResult> {
  return applyPlan(plan, live, { ...options, factory: deps.factory, instanceId: deps.instanceId, accounts: cellAccounts(set) });
}
