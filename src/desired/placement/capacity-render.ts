// How `tiered capacity` shows its report: a table per tier for people, JSON for tools. Pure.
import { formatCount, type QuotaUse, type TierCapacity } from './capacity-report.js';
import type { Usage } from './placement-types.js';

/** Identifies the JSON document's shape; bump on any incompatible change. */
export const CAPACITY_JSON_SCHEMA = 'tiered.dev/capacity/v1';

function use(u: QuotaUse): string {
  return `${formatCount(u.used)}/${formatCount(u.limit)}`;
}

function usage(u: Usage): string {
  return `${formatCount(u.used)}/${formatCount(u.limit)} (${formatCount(u.placeable)})`;
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   '));
}

function tierLines(t: TierCapacity): string[] {
  const lines = [`${t.tier}: ${formatCount(t.moreTenants)} more tenant${t.moreTenants === 1 ? '' : 's'} of the typical size fit (${t.typical.clusters} cluster${t.typical.clusters === 1 ? '' : 's'}, ${formatCount(t.typical.networkInterfaces)} ENI${t.typical.networkInterfaces === 1 ? '' : 's'} each)`, `  advice: ${t.advice.text}`, ''];
  lines.push(
    ...table(
      [
        ['CELL', 'ACCOUNT', 'ENIs (CELL SHARE)', 'ENIs (ACCOUNT)', 'ALBs', 'TARGET GROUPS', 'ECS CLUSTERS', 'MORE TENANTS'],
        ...t.cells.map((c) => [
          c.cell,
          c.accountId,
          usage(c.share.networkInterfaces),
          use(c.account.networkInterfaces),
          use(c.account.loadBalancers),
          use(c.account.targetGroups),
          use(c.account.ecsClusters),
          formatCount(c.moreTenants),
        ]),
      ],
      '  ',
    ),
  );
  lines.push('');
  lines.push(
    ...table(
      [
        ['INFRA GROUP', 'TARGET GROUPS', 'RULES', 'TENANTS', 'LISTENERS', 'ENDPOINTS IN VPC', 'MORE TENANTS'],
        ...t.cells.flatMap((c) =>
          c.infraGroups.map((g) => [
            `${c.cell}/${g.infraGroup}`,
            usage(g.targetGroups),
            usage(g.rules),
            usage(g.tenants),
            use(g.listeners),
            use(g.vpcEndpoints),
            formatCount(g.moreTenants),
          ]),
        ),
      ],
      '  ',
    ),
  );
  return lines;
}

export function renderCapacityText(report: readonly TierCapacity[]): string {
  const lines = ['Capacity: used/limit (placeable by new tenants); account quotas are shared by every cell in the account', ''];
  for (const t of report) lines.push(...tierLines(t), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The JSON form, stable for tools: `schema` (CAPACITY_JSON_SCHEMA) and `tiers[]`, each with
 * `tier`, `typical` {clusters, networkInterfaces}, `moreTenants`, `advice` {lever: none |
 * infra-group | cell, cell (for infra-group), text} and `cells[]`: `cell`, `accountId`,
 * `region`, `account` (per quota {used, limit, source}), `share` (networkInterfaces,
 * targetGroups, ecsClusters as {used, limit, placeable}), `moreTenants` and `infraGroups[]`
 * (`infraGroup`, `targetGroups`, `rules`, `tenants` as {used, limit, placeable}, `listeners`,
 * `vpcEndpoints` as {used, limit}, `moreTenants`).
 */
export function renderCapacityJson(report: readonly TierCapacity[]): string {
  return `${JSON.stringify({ schema: CAPACITY_JSON_SCHEMA, tiers: report }, null, 2)}\n`;
}
