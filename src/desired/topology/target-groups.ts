// Per tenant cluster: the target group its ECS service registers task IPs in. Its name hashes
// the fields AWS cannot change in place, so changing one names a new target group: apply makes
// it, switches the rule and the service to it, then deletes the old one (which observation
// keys apart, src/live/superseded.ts).
import { targetGroupName } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';
import { stableJson } from './spec-hash.js';
import type { ClusterParts, TenantParts } from './tenant-parts.js';

export function targetGroup(ctx: InfraGroupContext, parts: TenantParts, cluster: ClusterParts): DesiredResource {
  const { owner } = cluster;
  const w = parts.tenant.spec.workload;
  const protocol = 'HTTP';
  const targetType = 'ip';
  const vpc = typeof ctx.vpcId === 'string' ? ctx.vpcId : stableJson(ctx.vpcId);
  const name = targetGroupName(cluster.identity, { protocol, port: w.port, targetType, vpc });
  return {
    kind: 'target-group',
    key: cluster.targetGroupKey,
    owner,
    scope: ctx.scope,
    identity: { name },
    tags: ownershipTags(ctx.instanceId, 'target-group', owner),
    spec: {
      name,
      protocol,
      port: w.port,
      targetType,
      vpcId: ctx.vpcId,
      healthCheck: { protocol: 'HTTP', path: w.healthCheckPath },
      deregistrationDelay: w.deregistrationDelaySeconds,
    },
    dependsOn: NO_DEPENDENCIES,
  };
}
