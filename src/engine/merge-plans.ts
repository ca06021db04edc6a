// Several tiers' plans shown as one (the CLI prints every tier of a manifest set together).
import type { Plan } from '../plan/action.js';
import { summarise } from '../plan/summary.js';

export function mergePlans(plans: readonly Plan[]): Plan {
  const actions = plans.flatMap((p) => p.actions);
  const conflicts = plans.flatMap((p) => p.conflicts);
  return {
    actions,
    conflicts,
    notices: plans.flatMap((p) => p.notices),
    placement: plans.flatMap((p) => p.placement),
    unschedulable: plans.flatMap((p) => p.unschedulable),
    summary: summarise(actions, conflicts),
    degraded: plans.flatMap((p) => p.degraded ?? []),
    ...(plans.some((p) => p.moves !== undefined) ? { moves: plans.flatMap((p) => p.moves ?? []) } : {}),
  };
}
