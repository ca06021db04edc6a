// Per tenant cluster: the target group its ECS service registers task IPs in.
import { targetGroupName } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';
import type { ClusterParts, TenantParts } from './tenant-parts.js';

export function targetGroup(ctx: InfraGroupContext, parts: TenantParts, cluster: ClusterParts): DesiredResource {
  const { owner } = cluster;
  const w = parts.tenant.spec.workload;
  const name = targetGroupName(cluster.identity);
  return {
    kind: 'target-group',
    key: cluster.targetGroupKey,
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
    dependsOn: NO_DEPENDENCIES,
  };
}
