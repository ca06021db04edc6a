// How `tiered placement` shows a PlacementResult: text for people, JSON for tools. Pure: a
// result in, a string out; the CLI only prints it.
import { infraGroupKeyString, type InfraGroupKey } from '../model.js';
import type { InfraGroupFill, PlacementResult, TenantPlacement, Usage } from './placement-types.js';

/** Identifies the JSON document's shape; bump on any incompatible change. */
export const PLACEMENT_JSON_SCHEMA = 'tiered.dev/placement/v1';

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summaryOf(result: PlacementResult) {
  const fresh = result.placements.filter((p) => p.origin === 'new').length;
  return {
    tenants: result.placements.length + result.unschedulable.length,
    placed: result.placements.length,
    new: fresh,
    live: result.placements.length - fresh,
    unschedulable: result.unschedulable.length,
  };
}

/** `used/limit (placeable)`, starred when live tenants hold more than the limit. */
function usageText(u: Usage): string {
  return `${u.used}/${u.limit} (${u.placeable})${u.used > u.limit ? '*' : ''}`;
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   '));
}

/** One line per tenant an infra group hosts; a migrating tenant shows under both hosts. */
function tenantLine(p: TenantPlacement, host: InfraGroupKey): string {
  const here = infraGroupKeyString(host);
  const others = p.infraGroups.filter((k) => infraGroupKeyString(k) !== here).map((k) => `${k.cell}/${k.infraGroup}`);
  const home = p.infraGroups[0];
  if (others.length === 0 || home === undefined) return `${p.tenant}  ${p.origin}`;
  return infraGroupKeyString(home) === here
    ? `${p.tenant}  ${p.origin}, also in ${others.join(', ')}`
    : `${p.tenant}  ${p.origin}, home in ${home.cell}/${home.infraGroup}`;
}

function placementLines(result: PlacementResult): string[] {
  const hosted = new Map<string, TenantPlacement[]>();
  for (const p of result.placements) {
    for (const key of p.infraGroups) {
      const id = infraGroupKeyString(key);
      const list = hosted.get(id);
      if (list === undefined) hosted.set(id, [p]);
      else list.push(p);
    }
  }
  const groups = new Map<string, InfraGroupKey>();
  for (const f of result.fill) groups.set(infraGroupKeyString(f.key), f.key);
  for (const p of result.placements) for (const k of p.infraGroups) groups.set(infraGroupKeyString(k), k);
  const lines: string[] = [];
  let tier: string | undefined;
  let cell: string | undefined;
  for (const [id, key] of [...groups].sort(([a], [b]) => byCodeUnits(a, b))) {
    if (key.tier !== tier) {
      lines.push(`${key.tier}`);
      tier = key.tier;
      cell = undefined;
    }
    if (key.cell !== cell) {
      lines.push(`  ${key.cell}`);
      cell = key.cell;
    }
    lines.push(`    ${key.infraGroup}`);
    const tenants = (hosted.get(id) ?? []).sort((a, b) => byCodeUnits(a.tenant, b.tenant));
    if (tenants.length === 0) lines.push('      (no tenants)');
    for (const p of tenants) lines.push(`      ${tenantLine(p, key)}`);
  }
  return lines;
}

function fillLines(fill: readonly InfraGroupFill[]): string[] {
  const rows = [
    ['INFRA GROUP', 'TARGET GROUPS', 'RULES', 'TENANTS'],
    ...fill.map((f) => [infraGroupKeyString(f.key), usageText(f.targetGroups), usageText(f.rules), usageText(f.tenants)]),
  ];
  const lines = ['Fill: used/limit (placeable by new tenants)', ...table(rows, '  ')];
  if (fill.some((f) => [f.targetGroups, f.rules, f.tenants].some((u) => u.used > u.limit))) {
    lines.push('  * above the limit: live tenants are never moved to make room');
  }
  return lines;
}

export function renderPlacementText(result: PlacementResult): string {
  const s = summaryOf(result);
  const lines = [
    `${s.placed} of ${s.tenants} tenants placed (${s.new} new, ${s.live} live), ${s.unschedulable} unschedulable`,
    '',
    ...placementLines(result),
    '',
    ...fillLines(result.fill),
  ];
  if (result.unschedulable.length > 0) {
    lines.push('', `Unschedulable (${result.unschedulable.length})`);
    for (const u of result.unschedulable) {
      lines.push(`  ${u.tenant} (${u.tier})`, `    reason: ${u.reason}`, `    remedy: ${u.remedy}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The JSON form, stable for tools:
 * - `schema`: always PLACEMENT_JSON_SCHEMA.
 * - `summary`: counts of `tenants`, `placed` (= `new` + `live`) and `unschedulable`.
 * - `placements[]`: `tenant`, `tier`, `cell` and `infraGroup` of its home, `infraGroups[]`
 *   (every host as {tier, cell, infraGroup}, home first; two while it migrates), and `origin`
 *   (`live`: kept where it was, `new`: placed by this run). Sorted by tier, then tenant.
 * - `fill[]`: per infra group `tier`, `cell`, `infraGroup` and `targetGroups`, `rules`,
 *   `tenants`, each {used, limit, placeable}. Sorted by tier, cell, infra group.
 * - `unschedulable[]`: `tenant`, `tier`, `reason`, `remedy`. Sorted by tier, then tenant.
 */
export function renderPlacementJson(result: PlacementResult): string {
  const doc = {
    schema: PLACEMENT_JSON_SCHEMA,
    summary: summaryOf(result),
    placements: result.placements.map((p) => ({
      tenant: p.tenant,
      tier: p.tier,
      cell: p.infraGroups[0]?.cell,
      infraGroup: p.infraGroups[0]?.infraGroup,
      infraGroups: p.infraGroups.map((k) => ({ tier: k.tier, cell: k.cell, infraGroup: k.infraGroup })),
      origin: p.origin,
    })),
    fill: result.fill.map((f) => ({
      tier: f.key.tier,
      cell: f.key.cell,
      infraGroup: f.key.infraGroup,
      targetGroups: f.targetGroups,
      rules: f.rules,
      tenants: f.tenants,
    })),
    unschedulable: result.unschedulable.map((u) => ({
      tenant: u.tenant,
      tier: u.tier,
      reason: u.reason,
      remedy: u.remedy,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
