// What in a plan an operator must act on, as warn-level log entries: a refusal by the
// mass-delete guard or a missing reference holds a tier's changes until someone decides, so
// the log says so at warn, with what to do (docs/design.md §8.3), not only in /status notes.
import type { Plan } from '../plan/action.js';

export interface PlanWarning {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly msg: string;
}

export function planWarnings(plan: Plan): PlanWarning[] {
  const guarded = new Set(plan.actions.filter((a) => a.hold?.reason === 'deletion-guard').map((a) => a.owner.tier));
  return plan.notices.map((n) =>
    guarded.has(n.tier) && n.message.startsWith('refused:')
      ? { fields: { tier_id: n.tier, held_actions: plan.actions.filter((a) => a.owner.tier === n.tier).length, what_to_do: n.message }, msg: 'mass-delete guard refused the plan' }
      : { fields: { tier_id: n.tier, what_to_do: n.message }, msg: 'plan held back' },
  );
}
