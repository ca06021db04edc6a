// Per tenant cluster: the target group its ECS service registers task IPs in.
import { targetGroupName } from '../naming.js';
import type { Tenant } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Owner } from './resource.js';

export function clusterOwner(ctx: InfraGroupContext, tenant: Tenant, index: number): Owner {
  return { ...ctx.owner, tenant: tenant.name, clusterIndex: index };
}

export function targetGroup(ctx: InfraGroupContext, tenant: Tenant, index: number): DesiredResource {
  const owner = clusterOwner(ctx, tenant, index);
  const w = tenant.spec.workload;
  return {
    kind: 'target-group',
    key: resourceKey('target-group', owner),
    owner,
    scope: ctx.scope,
    identity: { name: targetGroupName({ ...ctx.owner, tenant: tenant.name, index }) },
    tags: ownershipTags(ctx.instanceId, 'target-group', owner),
    spec: {
      name: targetGroupName({ ...ctx.owner, tenant: tenant.name, index }),
      protocol: 'HTTP',
      port: w.port,
      targetType: 'ip',
      vpcId: ctx.vpcId,
      healthCheck: { protocol: 'HTTP', path: w.healthCheckPath },
    },
    dependsOn: [],
  };
}
