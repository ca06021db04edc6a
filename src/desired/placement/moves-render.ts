// How `tiered placement --rebalance/--migrate` shows a MovePlan: one line per move and a
// before/after fill table for people, JSON for tools. Pure: a plan in, a string out.
import { infraGroupKeyString } from '../model.js';
import type { MovePlan } from './moves.js';

/** Identifies the JSON document's shape; bump on any incompatible change. */
export const MOVES_JSON_SCHEMA = 'tiered.dev/moves/v1';

function pct(ratio: number): string {
  return `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

export function renderMovesText(plan: MovePlan): string {
  const lines: string[] = [];
  if (plan.refused !== undefined) lines.push(`refused: ${plan.refused}`);
  else if (plan.moves.length === 0) lines.push('no moves: nothing would even out the fill');
  else lines.push(`${plan.moves.length} move${plan.moves.length === 1 ? '' : 's'} (a plan only: nothing is moved yet)`);
  for (const m of plan.moves) {
    const to = infraGroupKeyString(m.to);
    lines.push(`  ${m.tenant}: ${infraGroupKeyString(m.from)} -> ${to}  (${m.reason})`);
  }
  const after = new Map(plan.after.map((f) => [infraGroupKeyString(f.key), f]));
  const rows = [['INFRA GROUP', 'BEFORE', 'AFTER', 'TENANTS BEFORE', 'TENANTS AFTER']];
  for (const b of plan.before) {
    const id = infraGroupKeyString(b.key);
    const a = after.get(id) ?? b;
    rows.push([id, pct(b.ratio), pct(a.ratio), String(b.tenants.used), String(a.tenants.used)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  lines.push('', 'Fill: the tightest of target groups, rules and tenants, as a share of the usable space');
  for (const r of rows) lines.push(`  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('   ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The JSON form: `schema` (MOVES_JSON_SCHEMA), `moves[]` (`tenant`, `tier`, `from` and `to` as
 * {tier, cell, infraGroup}, `toTier` only for a tier migration, `reason`), `before[]` and
 * `after[]` (per infra group `tier`, `cell`, `infraGroup`, `ratio`, and `targetGroups`, `rules`,
 * `tenants` each {used, limit, placeable}), and `refused` when no move could be planned.
 */
export function renderMovesJson(plan: MovePlan): string {
  const fill = (f: MovePlan['before'][number]) => ({
    ...f.key,
    ratio: f.ratio,
    targetGroups: f.targetGroups,
    rules: f.rules,
    tenants: f.tenants,
  });
  const doc = {
    schema: MOVES_JSON_SCHEMA,
    moves: plan.moves.map((m) => ({ ...m, from: { ...m.from }, to: { ...m.to } })),
    before: plan.before.map(fill),
    after: plan.after.map(fill),
    ...(plan.refused === undefined ? {} : { refused: plan.refused }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
