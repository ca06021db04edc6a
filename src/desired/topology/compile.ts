// compileTopology: manifests + placement + live hints -> every AWS resource tiered wants, per
// tier. Pure: no AWS call, no clock; the same inputs give the same resources in the same order.
// Resources are emitted in dependency order as they are built (infra groups by key, then each
// infra group's shared resources, then its tenants by name, each tenant's resources after what
// they point at; a two-level tier endpoint's per-cell records last): only those cross an infra
// group, and they come after all they point at, so no global topological sort of 101,000 keys
// is needed (bench scenario 4).
import type { ManifestSet, Tenant, Tier } from '../model.js';
import { infraGroupKeyString } from '../model.js';
import type { PlacementResult } from '../placement/placement-types.js';
import { DEFAULT_INSTANCE_ID } from '../tags.js';
import type { InfraGroupContext, TopologyOptions } from './context.js';
import { indexSet, infraGroupContext } from './context.js';
import { alarmResources } from './alarms.js';
import { autoscalingResources } from './autoscaling.js';
import { cellNameRecords, endpointCellRecords, tenantEndpointRecords, tierEndpointRecords } from './dns-records.js';
import { dnsTreeShape } from '../dns-tree-shape.js';
import { cellWeights } from './dns-tree.js';
import { ecsCluster, ecsService } from './ecs.js';
import { interfaceEndpoints } from './interface-endpoints.js';
import type { LiveHints } from './live-hints.js';
import { listenerRule } from './listener-rules.js';
import { logGroup } from './log-groups.js';
import { listener, loadBalancer } from './load-balancer.js';
import type { DesiredResource, DesiredTopology } from './resource.js';
import { assignPriorities } from './rule-priorities.js';
import { targetGroup } from './target-groups.js';
import { taskDefinition } from './task-definitions.js';
import type { TenantParts } from './tenant-parts.js';
import { tenantParts } from './tenant-parts.js';

/** A tenant's resources, each after the ones it depends on: target groups, clusters and the
 * task definition; the rule (listener, target groups); the services (cluster, task definition,
 * target group, rule); the ownership TXT, then the record (ALB, rule, TXT). */
function tenantResources(ctx: InfraGroupContext, parts: TenantParts, priority: number, out: DesiredResource[]): void {
  for (const cluster of parts.clusters) out.push(targetGroup(ctx, parts, cluster));
  for (const cluster of parts.clusters) out.push(ecsCluster(ctx, cluster));
  out.push(taskDefinition(ctx, parts), listenerRule(ctx, parts, priority));
  for (const cluster of parts.clusters) out.push(ecsService(ctx, parts, cluster));
  const scaling = parts.tenant.spec.workload.autoscaling;
  if (scaling !== undefined) for (const cluster of parts.clusters) out.push(...autoscalingResources(ctx, cluster, scaling));
  for (const cluster of parts.clusters) out.push(...alarmResources(ctx, parts, cluster));
  for (const record of tenantEndpointRecords(ctx, parts)) out.push(record);
}

function tierResources(
  set: ManifestSet,
  tier: Tier,
  placement: PlacementResult,
  hints: LiveHints,
  options: TopologyOptions,
): DesiredResource[] {
  const { cellByName, igByKey } = indexSet(tier, set.cells, set.infraGroups);
  const tenantByName = new Map(set.tenants.filter((t) => t.spec.tier === tier.name).map((t) => [t.name, t]));
  // Tenants per infra group key, sorted by name: the order new rules get priorities in.
  const hosted = new Map<string, Tenant[]>();
  for (const p of placement.placements) {
    if (p.tier !== tier.name) continue;
    const tenant = tenantByName.get(p.tenant);
    if (tenant === undefined) throw new Error(`placement names tenant ${p.tenant}, which tier ${tier.name} does not have`);
    for (const key of p.infraGroups) {
      const k = infraGroupKeyString(key);
      if (!igByKey.has(k)) throw new Error(`placement puts tenant ${p.tenant} in unknown infra group ${k}`);
      const list = hosted.get(k);
      if (list === undefined) hosted.set(k, [tenant]);
      else list.push(tenant);
    }
  }
  const out: DesiredResource[] = [];
  const cells = [...cellByName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  // The log group of each cell first: the cell's task definitions wait for it.
  for (const cell of cells) out.push(logGroup(tier, cell, options.instanceId));
  const twoLevel = dnsTreeShape(tier.spec.dns.tree, igByKey.size) === 'two-level';
  // Two-level tree: the keys of each cell name's records, which the cell's record at the
  // endpoint waits for (docs/dns-tree.md).
  const cellRecordKeys = new Map<string, string[]>();
  for (const [igKey, ig] of [...igByKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cell = cellByName.get(ig.spec.cell);
    if (cell === undefined) throw new Error(`infra group ${igKey} names unknown cell ${ig.spec.cell}`);
    const ctx = infraGroupContext(tier, cell, ig, options);
    // The ALB, its listener, the endpoints, then the tier (or cell) record's TXT and the record (ALB, TXT).
    const records = twoLevel ? cellNameRecords(ctx) : tierEndpointRecords(ctx);
    out.push(loadBalancer(ctx), listener(ctx), ...interfaceEndpoints(ctx), ...records);
    if (twoLevel) {
      const keys = cellRecordKeys.get(cell.name);
      const key = (records[1] as DesiredResource).key;
      if (keys === undefined) cellRecordKeys.set(cell.name, [key]);
      else keys.push(key);
    }
    const tenants = [...(hosted.get(igKey) ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
    const parts = tenants.map((t) => tenantParts(ctx, t));
    const priorities = assignPriorities(parts.map((p) => p.listenerRuleKey), hints.priorities.get(igKey));
    for (const p of parts) tenantResources(ctx, p, priorities.get(p.listenerRuleKey) as number, out);
  }
  if (twoLevel) {
    // Last, after every cell name's records: the only records that span infra groups.
    const withGroups = cells.filter((c) => cellRecordKeys.has(c.name));
    const weights = cellWeights(
      withGroups.map((c) => ({
        cell: c.name,
        dnsWeight: c.spec.dnsWeight,
        infraGroupWeights: [...igByKey.values()].filter((g) => g.spec.cell === c.name).map((g) => g.spec.dnsWeight),
      })),
    );
    for (const c of withGroups) {
      out.push(...endpointCellRecords(tier, c, weights.get(c.name) as number, cellRecordKeys.get(c.name) as string[], options.instanceId));
    }
  }
  return out;
}

export function compileTopology(
  set: ManifestSet,
  placement: PlacementResult,
  hints: LiveHints,
  options: TopologyOptions = { instanceId: DEFAULT_INSTANCE_ID },
): DesiredTopology {
  const tiers = [...set.tiers].sort((a, b) => (a.name < b.name ? -1 : 1));
  const resources = tiers.flatMap((tier) => tierResources(set, tier, placement, hints, options));
  return {
    tiers: tiers.map((t) => ({
      tier: t.name,
      prune: t.spec.prune,
      suspend: t.spec.suspend,
      suspendedTenants: set.tenants
        .filter((n) => n.spec.tier === t.name && n.spec.suspend)
        .map((n) => n.name)
        .sort(),
    })),
    resources,
  };
}
