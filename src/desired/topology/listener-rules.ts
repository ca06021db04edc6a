// Per tenant per hosting infra group: one listener rule matching the tenant (path, host or
// header, per the tier's routing) and forwarding to all its clusters' target groups equally.
import { tenantDnsName } from '../naming.js';
import type { RoutingMatch } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, SpecValue } from './resource.js';
import type { TenantParts } from './tenant-parts.js';

/** Every cluster of a tenant takes an equal share: ECS services are identical. */
export const FORWARD_WEIGHT = 1;

export function tenantRuleConditions(routing: RoutingMatch, tenant: string, tenantDomain: string): SpecValue {
  switch (routing.match) {
    case 'path':
      return { pathPattern: [`/${tenant}`, `/${tenant}/*`] };
    case 'host':
      return { hostHeader: [tenantDnsName(tenant, tenantDomain)] };
    case 'header':
      return { httpHeader: { name: routing.header, values: [tenant] } };
  }
}

export function listenerRule(ctx: InfraGroupContext, parts: TenantParts, priority: number): DesiredResource {
  const { owner, tenant } = parts;
  const listenerKey = ctx.listenerKey;
  const tgKeys = parts.clusters.map((c) => c.targetGroupKey);
  return {
    kind: 'listener-rule',
    key: parts.listenerRuleKey,
    owner,
    scope: ctx.scope,
    identity: { name: String(priority), parent: ctx.listenerArn },
    tags: ownershipTags(ctx.instanceId, 'listener-rule', owner),
    spec: {
      priority,
      conditions: tenantRuleConditions(ctx.tier.spec.routing, tenant.name, ctx.tenantDomain),
      forward: parts.clusters.map((c) => ({ targetGroupArn: c.targetGroupArn, weight: FORWARD_WEIGHT })),
    },
    dependsOn: [listenerKey, ...tgKeys],
  };
}
