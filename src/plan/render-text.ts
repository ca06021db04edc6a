// The plan for a terminal: grouped tier > cell > infra group > tenant, one line per action with
// its marker (+ create, ~ update, - delete, > adopt), drifted fields as `live -> desired`, then
// conflicts, notices, unschedulable tenants and a summary line. Colour only when asked.
import type { Action, Plan } from './action.js';
import { createAttributes } from './create-attributes.js';
import { actionLabel, formatValue, holdText, MARKER, readErrorText, summaryLine, unreadTiers } from './format-value.js';
import { moveLines } from './render-moves.js';

export interface TextOptions {
  /** ANSI colours; the CLI passes `process.stdout.isTTY`. */
  readonly color?: boolean;
}

const COLOR: Readonly<Record<Action['action'], string>> = { create: '32', update: '33', delete: '31', adopt: '36' };

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export interface LineStyle {
  readonly color: boolean;
  /** Marker in the first column (for a Markdown `diff` fence, which colours by it). */
  readonly markerFirst: boolean;
}

function actionLines(a: Action, indent: string, style: LineStyle): string[] {
  const { color } = style;
  const body = `${actionLabel(a)} (${a.reason})${holdText(a)}`;
  // A held action is not a change: no +/-/~ marker (nor its colour), so it never reads as one.
  const marker = a.hold !== undefined ? '#' : MARKER[a.action];
  const text = a.hold !== undefined ? `held ${a.action} ${body}` : body;
  const head = style.markerFirst ? `${marker}${indent.slice(1)}${text}` : `${indent}${marker} ${text}`;
  const lines = [a.hold !== undefined ? head : paint(color, COLOR[a.action], head)];
  if (a.action === 'update' || a.action === 'adopt') {
    for (const c of a.changes) lines.push(`${indent}    ${c.field}: ${formatValue(c.live)} -> ${formatValue(c.desired)}`);
  }
  if (a.action === 'create' && a.hold === undefined) {
    for (const attr of createAttributes(a.desired)) lines.push(`${indent}    ${attr.field}: ${formatValue(attr.value)}`);
  }
  return lines;
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) m.set(keyOf(item), [...(m.get(keyOf(item)) ?? []), item]);
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The lines of one tier's actions, conflicts and notices (shared with the Markdown renderer). */
export function tierLines(plan: Plan, tier: string, style: LineStyle = { color: false, markerFirst: false }): string[] {
  const { color } = style;
  const lines = [`tier ${tier}`];
  const actions = plan.actions.filter((a) => a.owner.tier === tier);
  for (const [cell, inCell] of groupBy(actions, (a) => a.owner.cell)) {
    lines.push(`  cell ${cell}`);
    for (const [ig, inIg] of groupBy(inCell, (a) => a.owner.infraGroup)) {
      lines.push(`    infra group ${ig}`);
      for (const a of inIg.filter((x) => x.owner.tenant === undefined)) lines.push(...actionLines(a, '      ', style));
      for (const [tenant, ofTenant] of groupBy(inIg.filter((x) => x.owner.tenant !== undefined), (a) => a.owner.tenant as string)) {
        lines.push(`      tenant ${tenant}`);
        for (const a of ofTenant) lines.push(...actionLines(a, '        ', style));
      }
    }
  }
  for (const c of plan.conflicts.filter((x) => x.owner.tier === tier)) {
    lines.push(paint(color, '35', `  ! conflict ${c.kind} ${c.key}: ${c.message}`));
  }
  for (const n of plan.notices.filter((x) => x.tier === tier)) lines.push(`  note: ${n.message}`);
  for (const d of (plan.degraded ?? []).filter((x) => x.tier === tier)) {
    lines.push(paint(color, '31', `  ! degraded tenant ${d.tenant}: service ${d.service} deployment ${d.state}: ${d.message}`));
  }
  return lines;
}

export function planTiers(plan: Plan): string[] {
  const degraded = (plan.degraded ?? []).map((d) => d.tier);
  return [...new Set([...plan.actions.map((a) => a.owner.tier), ...plan.conflicts.map((c) => c.owner.tier), ...plan.notices.map((n) => n.tier), ...degraded])].sort();
}

export function renderText(plan: Plan, options: TextOptions = {}): string {
  const color = options.color === true;
  const lines = planTiers(plan).flatMap((tier) => tierLines(plan, tier, { color, markerFirst: false }));
  for (const u of plan.unschedulable) lines.push(`unschedulable ${u.tier}/${u.tenant}: ${u.reason} (remedy: ${u.remedy})`);
  lines.push(...moveLines(plan));
  for (const e of plan.errors ?? []) lines.push(paint(color, '31', `! could not read live state: ${readErrorText(e)}`));
  lines.push(summaryLine({ summary: plan.summary, actions: plan.actions, unreadTiers: unreadTiers(plan.errors) }));
  return `${lines.join('\n')}\n`;
}
