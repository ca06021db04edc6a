// The plan as a pull-request comment: a summary table per tier, then per tier a collapsible
// block with the text rendering in a `diff` fence (so + and - lines are coloured by GitHub).
import type { Plan } from './action.js';
import { readErrorText, summaryLine, unreadTiers } from './format-value.js';
import { planTiers, tierLines } from './render-text.js';
import { moveLines } from './render-moves.js';
import { summarise } from './summary.js';

export function renderMarkdown(plan: Plan): string {
  const tiers = planTiers(plan);
  const out = ['### tiered plan', '', summaryLine({ summary: plan.summary, actions: plan.actions, unreadTiers: unreadTiers(plan.errors) }), ''];
  if ((plan.errors ?? []).length > 0) {
    out.push('**Live state that could not be read**', '');
    for (const e of plan.errors ?? []) out.push(`- ${readErrorText(e)}`);
    out.push('');
  }
  if (tiers.length > 0) {
    out.push('| tier | create | update | delete | adopt | conflicts | report-only |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const tier of tiers) {
      const s = summarise(plan.actions, plan.conflicts, tier);
      out.push(`| ${tier} | ${s.create} | ${s.update} | ${s.delete} | ${s.adopt} | ${s.conflicts} | ${s.held} |`);
    }
    out.push('');
  }
  for (const tier of tiers) {
    const actions = plan.actions.filter((a) => a.owner.tier === tier);
    out.push(`<details><summary>${tier}: ${summaryLine({ summary: summarise(plan.actions, plan.conflicts, tier), actions })}</summary>`, '', '```diff');
    out.push(...tierLines(plan, tier, { color: false, markerFirst: true }), '```', '', '</details>', '');
  }
  const moves = moveLines(plan);
  if (moves.length > 0) out.push('**Moves** (docs/moves.md)', '', ...moves.map((m) => `- \`${m}\``), '');
  if (plan.unschedulable.length > 0) {
    out.push('**Unschedulable tenants**', '');
    for (const u of plan.unschedulable) out.push(`- \`${u.tier}/${u.tenant}\`: ${u.reason} (remedy: ${u.remedy})`);
    out.push('');
  }
  return out.join('\n');
}
