// Counting a plan's actions, for the whole plan or one tier.
import type { Action, Conflict, PlanSummary } from './action.js';

export function summarise(actions: readonly Action[], conflicts: readonly Conflict[], tier?: string): PlanSummary {
  const mine = tier === undefined ? actions : actions.filter((a) => a.owner.tier === tier);
  // Report-only actions are not changes: apply skips them (counted in `held` only).
  const count = (verb: Action['action']) => mine.filter((a) => a.action === verb && a.hold === undefined).length;
  return {
    create: count('create'), update: count('update'), delete: count('delete'), adopt: count('adopt'),
    conflicts: conflicts.filter((c) => tier === undefined || c.owner.tier === tier).length,
    held: mine.filter((a) => a.hold !== undefined).length,
  };
}
