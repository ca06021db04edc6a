// Per tenant cluster: the target group its ECS service registers task IPs in.
import { targetGroupName } from '../naming.js';
import type { Tenant } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { ClusterOwner } from './owners.js';
import { clusterIdentity, clusterOwnerOf } from './owners.js';
import type { DesiredResource } from './resource.js';

export function clusterOwner(ctx: InfraGroupContext, tenant: Tenant, index: number): ClusterOwner {
  return clusterOwnerOf(ctx.owner, tenant.name, index);
}

export function targetGroup(ctx: InfraGroupContext, tenant: Tenant, index: number): DesiredResource {
  const owner = clusterOwner(ctx, tenant, index);
  const w = tenant.spec.workload;
  const name = targetGroupName(clusterIdentity(owner));
  return {
    kind: 'target-group',
    key: resourceKey('target-group', owner),
    owner,
    scope: ctx.scope,
    identity: { name },
    tags: ownershipTags(ctx.instanceId, 'target-group', owner),
    spec: {
      name,
      protocol: 'HTTP',
      port: w.port,
      targetType: 'ip',
      vpcId: ctx.vpcId,
      healthCheck: { protocol: 'HTTP', path: w.healthCheckPath },
    },
    dependsOn: [],
  };
}
